/** PullsGateway over Octokit: task pull requests read by GraphQL (merge state and checks at once), written by REST. */
import type { Octokit } from '@octokit/core';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { AutoMergeResult, PullsGateway } from '../../core/gateway/pulls.js';
import { toMergeState, type TaskPullRequest } from '../../core/pull-request-state.js';
import type { RequestStats } from './request-policy.js';
import { runGraphql } from './run-graphql.js';
import { holdReasonOf, toTaskPullRequest } from './task-issue-shapes.js';
import {
  HEAD_CONTEXTS_FRAGMENT,
  PULL_REQUESTS_BY_ID_QUERY,
  TASK_PULL_REQUEST_FRAGMENT,
  type GqlPullRequest,
} from './task-issues-query.js';

/** `nodes(ids:)` takes at most 100 ids (GitHub's GraphQL node limits). */
const NODES_PER_QUERY = 100;

const BY_NUMBER = `
query DroverPullRequest($owner: String!, $name: String!, $number: Int!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { ...TaskPullRequest ...HeadContexts } }
}
${TASK_PULL_REQUEST_FRAGMENT}
${HEAD_CONTEXTS_FRAGMENT}`;

const BY_HEAD = `
query DroverPullRequestByHead($owner: String!, $name: String!, $head: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    pullRequests(headRefName: $head, first: 5, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { ...TaskPullRequest ...HeadContexts } }
  }
}
${TASK_PULL_REQUEST_FRAGMENT}
${HEAD_CONTEXTS_FRAGMENT}`;

const ENABLE_AUTO_MERGE = `
mutation DroverEnableAutoMerge($input: EnablePullRequestAutoMergeInput!) {
  enablePullRequestAutoMerge(input: $input) { pullRequest { number } }
}`;

interface RestPull {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  merged?: boolean;
  head: { ref: string; sha: string };
  base: { ref: string };
  mergeable_state?: string;
  draft?: boolean;
  body?: string | null;
}

function fromRest(pr: RestPull): TaskPullRequest {
  return {
    number: pr.number,
    nodeId: pr.node_id,
    url: pr.html_url,
    state: pr.merged ? 'merged' : pr.state === 'open' ? 'open' : 'closed',
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    // Just opened: GitHub computes mergeability in the background.
    mergeState: pr.draft ? 'draft' : toMergeState(pr.mergeable_state),
    checks: 'none',
    autoMergeEnabled: false,
    reviewDecision: null,
    holdReason: holdReasonOf(pr.body ?? null),
  };
}

export function pullsGateway(
  octokit: Octokit,
  target: { owner: string; repo: string },
  stats: RequestStats,
): PullsGateway {
  const names = { owner: target.owner, name: target.repo };
  return {
    async get(number) {
      type Result = { repository: { pullRequest: GqlPullRequest | null } | null };
      const result = await runGraphql<Result>(octokit, stats, BY_NUMBER, { ...names, number });
      const pr = result.repository?.pullRequest;
      if (!pr) throw new Error(`Pull request #${number} of ${target.owner}/${target.repo} was not found`);
      return toTaskPullRequest(pr);
    },

    async getMany(nodeIds) {
      const found: TaskPullRequest[] = [];
      for (let start = 0; start < nodeIds.length; start += NODES_PER_QUERY) {
        type Result = { nodes: Array<GqlPullRequest | null> };
        const ids = nodeIds.slice(start, start + NODES_PER_QUERY);
        const result = await runGraphql<Result>(octokit, stats, PULL_REQUESTS_BY_ID_QUERY, { ids });
        for (const pr of result.nodes) if (pr) found.push(toTaskPullRequest(pr));
      }
      return found;
    },

    async findByHead(branch) {
      type Result = { repository: { pullRequests: { nodes: GqlPullRequest[] } } | null };
      const result = await runGraphql<Result>(octokit, stats, BY_HEAD, { ...names, head: branch });
      const first = result.repository?.pullRequests.nodes[0];
      return first ? toTaskPullRequest(first) : null;
    },

    async open({ head, base, title, body }) {
      try {
        const created = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
          ...target,
          head,
          base,
          title,
          body,
        });
        return { kind: 'opened', pr: fromRest(created.data as RestPull) };
      } catch (error) {
        // 422 "A pull request already exists for owner:branch".
        if (isGitHubError(error, 'unprocessable') && /already exists/i.test(error.detail))
          return { kind: 'exists' };
        throw error;
      }
    },

    async merge(number, method, sha) {
      try {
        const merged = await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
          ...target,
          pull_number: number,
          merge_method: method,
          sha,
        });
        return { kind: 'merged', sha: merged.data.sha };
      } catch (error) {
        // 405 not mergeable, 409 head moved, 422 e.g. a required check: answers, not faults.
        if (isGitHubError(error, 'conflict') || isGitHubError(error, 'unprocessable'))
          return { kind: 'refused', reason: error.detail };
        throw error;
      }
    },

    async enableAutoMerge(nodeId, method, expectedHeadSha): Promise<AutoMergeResult> {
      try {
        await runGraphql(octokit, stats, ENABLE_AUTO_MERGE, {
          input: {
            pullRequestId: nodeId,
            mergeMethod: method.toUpperCase(),
            expectedHeadOid: expectedHeadSha,
          },
        });
        return { kind: 'enabled' };
      } catch (error) {
        if (!isGitHubError(error) || error.kind === 'server' || error.kind === 'network') throw error;
        // GitHub: "Pull request Pull request is in clean status" (it could merge now).
        if (/clean status|unstable status|has_hooks status/i.test(error.detail))
          return { kind: 'already-mergeable' };
        // GitHub: "Pull request Auto merge is not allowed for this repository".
        if (/auto.?merge is not allowed/i.test(error.detail)) return { kind: 'not-allowed' };
        return { kind: 'refused', reason: error.detail };
      }
    },

    async updateBranch(number, expectedHeadSha) {
      try {
        await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch', {
          ...target,
          pull_number: number,
          expected_head_sha: expectedHeadSha,
        });
        return { kind: 'updated' };
      } catch (error) {
        if (!isGitHubError(error, 'unprocessable')) throw error;
        return /conflict/i.test(error.detail)
          ? { kind: 'conflict' }
          : { kind: 'refused', reason: error.detail };
      }
    },
  };
}
