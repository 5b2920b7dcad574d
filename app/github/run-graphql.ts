/**
 * One GraphQL call: counts its point cost (the query's own `rateLimit.cost`; a mutation costs
 * one point) and turns GitHub's errors-in-a-200 answer into a GitHubError. Variable names must
 * avoid the ones @octokit/graphql reserves (`method`, `headers`, `request`, `url`, `query`,
 * `mediaType`, `baseUrl`): it refuses them before sending anything.
 */
import type { Octokit } from '@octokit/core';
import { GraphqlResponseError } from '@octokit/graphql';
import { GitHubError, type GitHubErrorKind } from '../../core/gateway/github-error.js';
import type { RequestStats } from './request-policy.js';

const ERROR_KINDS: Record<string, GitHubErrorKind> = {
  NOT_FOUND: 'not-found',
  FORBIDDEN: 'forbidden',
  UNPROCESSABLE: 'unprocessable',
  RATE_LIMITED: 'rate-limited',
  INTERNAL: 'server',
};

export async function runGraphql<T>(
  octokit: Octokit,
  stats: RequestStats,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  try {
    const data = await octokit.graphql<T & { rateLimit?: { cost: number } | null }>(query, variables);
    stats.graphqlPoints += data.rateLimit?.cost ?? 1;
    return data;
  } catch (error) {
    if (!(error instanceof GraphqlResponseError)) throw error;
    stats.graphqlPoints += 1;
    const first = (error.errors ?? [])[0] as { type?: string; message?: string } | undefined;
    throw new GitHubError({
      kind: ERROR_KINDS[first?.type ?? ''] ?? 'unprocessable',
      status: 200,
      request: `POST /graphql (${operationName(query)})`,
      detail: first?.message ?? error.message,
      // GitHub answered with errors: nothing was done.
      performed: 'no',
    });
  }
}

function operationName(query: string): string {
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
}
