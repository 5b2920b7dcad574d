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
    return await runGraphqlData<T>(octokit, stats, query, variables);
  } catch (error) {
    return rethrow(error, stats, query);
  }
}

interface GqlError {
  type?: string;
  message?: string;
  path?: ReadonlyArray<string | number>;
}

/** One error of an answer that also carries data: where it is (`path`) and what it is. */
export interface PartialError {
  path: ReadonlyArray<string | number>;
  error: GitHubError;
}

/**
 * One GraphQL call whose parts may fail apart (aliases for several issues: one deleted issue is a
 * NOT_FOUND at its own path and null there, the rest is answered, as GitHub does). Errors
 * without data (a refused query) are thrown as by runGraphql.
 */
export async function runGraphqlPartial<T>(
  octokit: Octokit,
  stats: RequestStats,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: T; errors: PartialError[] }> {
  try {
    return { data: await runGraphqlData<T>(octokit, stats, query, variables), errors: [] };
  } catch (error) {
    if (!(error instanceof GraphqlResponseError) || error.data === null || error.data === undefined)
      return rethrow(error, stats, query);
    const data = error.data as T & { rateLimit?: { cost: number } | null };
    stats.graphqlPoints += data.rateLimit?.cost ?? 1;
    const errors = ((error.errors ?? []) as GqlError[]).map((part) => ({
      path: part.path ?? [],
      error: toGitHubError(query, part, error.message),
    }));
    return { data, errors };
  }
}

async function runGraphqlData<T>(
  octokit: Octokit,
  stats: RequestStats,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = await octokit.graphql<T & { rateLimit?: { cost: number } | null }>(query, variables);
  stats.graphqlPoints += data.rateLimit?.cost ?? 1;
  return data;
}

function rethrow(error: unknown, stats: RequestStats, query: string): never {
  if (!(error instanceof GraphqlResponseError)) throw error;
  stats.graphqlPoints += 1;
  throw toGitHubError(query, (error.errors ?? [])[0] as GqlError | undefined, error.message);
}

function toGitHubError(query: string, first: GqlError | undefined, fallback: string): GitHubError {
  return new GitHubError({
    kind: ERROR_KINDS[first?.type ?? ''] ?? 'unprocessable',
    status: 200,
    request: `POST /graphql (${operationName(query)})`,
    detail: first?.message ?? fallback,
    // GitHub answered with errors: nothing was done.
    performed: 'no',
  });
}

function operationName(query: string): string {
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
}
