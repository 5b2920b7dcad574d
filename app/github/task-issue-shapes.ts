/**
 * GitHub's GraphQL shapes of task issues and their pull requests turned into the core's
 * IssueInput and TaskPullRequest.
 */
import { toChecksState, toMergeState, type TaskPullRequest } from '../../core/pull-request-state.js';
import type { IssueInput, IssueRef, RepoFullName, StateReason } from '../../core/types.js';
import { readData, readKey } from './markers.js';
import type { GqlCheckContext, GqlIssue, GqlIssueRef, GqlPullRequest } from './task-issues-query.js';

/** The key of the marker in the body of every pull request Drover opens. */
export const PULL_REQUEST_KEY = 'pr';

export function stateReason(value: string | null): StateReason {
  const lower = value?.toLowerCase() ?? null;
  if (lower === 'completed' || lower === 'not_planned' || lower === 'reopened' || lower === 'duplicate')
    return lower;
  return null;
}

export function toIssueRef(ref: GqlIssueRef): IssueRef {
  return {
    number: ref.number,
    repo: ref.repository.nameWithOwner,
    databaseId: ref.fullDatabaseId === null ? undefined : Number(ref.fullDatabaseId),
    nodeId: ref.id,
    title: ref.title,
    state: ref.state === 'OPEN' ? 'open' : 'closed',
    stateReason: stateReason(ref.stateReason),
  };
}

export function toIssueInput(issue: GqlIssue, repo: RepoFullName): IssueInput {
  return {
    number: issue.number,
    repo,
    nodeId: issue.id,
    databaseId: issue.fullDatabaseId === null ? undefined : Number(issue.fullDatabaseId),
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'OPEN' ? 'open' : 'closed',
    stateReason: stateReason(issue.stateReason),
    labels: issue.labels.nodes.map((label) => label.name),
    blockedBy: issue.blockedBy.nodes.map(toIssueRef),
    parent: issue.parent ? toIssueRef(issue.parent) : null,
    subIssues: issue.subIssues.nodes.map(toIssueRef),
    author: issue.author?.login ?? 'ghost',
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
  };
}

/** Drover's pull requests among those that would close the issue (head `drover/<task>/...`). */
export function taskPullRequests(issue: GqlIssue, repo: RepoFullName): TaskPullRequest[] {
  const prefix = `drover/${issue.number}/`;
  return (issue.closedByPullRequestsReferences?.nodes ?? [])
    .filter((pr) => pr.repository.nameWithOwner.toLowerCase() === repo.toLowerCase())
    .filter((pr) => pr.headRefName.startsWith(prefix))
    .map(toTaskPullRequest)
    .sort((a, b) => b.number - a.number);
}

export function toTaskPullRequest(pr: GqlPullRequest): TaskPullRequest {
  const state = pr.merged || pr.state === 'MERGED' ? 'merged' : pr.state === 'OPEN' ? 'open' : 'closed';
  const head = pr.commits?.nodes.at(-1)?.commit;
  return {
    number: pr.number,
    nodeId: pr.id,
    url: pr.url,
    state,
    headRef: pr.headRefName,
    headSha: pr.headRefOid,
    baseRef: pr.baseRefName,
    mergeState: pr.isDraft ? 'draft' : toMergeState(pr.mergeStateStatus),
    checks: toChecksState(head?.statusCheckRollup?.state),
    autoMergeEnabled: pr.autoMergeRequest !== null,
    reviewDecision: null,
    holdReason: holdReasonOf(pr.body),
    ...failedChecksOf(head?.statusCheckRollup?.contexts),
  };
}

/** Outcomes that fail a check run or a status (GraphQL CheckConclusionState, StatusState). */
const FAILED_OUTCOMES = new Set([
  'FAILURE',
  'TIMED_OUT',
  'CANCELLED',
  'ACTION_REQUIRED',
  'STARTUP_FAILURE',
  'ERROR',
]);

/** The failed checks of the head commit, where the query read them. */
function failedChecksOf(
  contexts: { nodes: GqlCheckContext[] } | undefined,
): Pick<TaskPullRequest, 'failedChecks'> {
  if (contexts === undefined) return {};
  const failed = contexts.nodes.flatMap((node) => {
    const name = node.__typename === 'CheckRun' ? node.name : node.context;
    const outcome = node.__typename === 'CheckRun' ? node.conclusion : node.state;
    return outcome !== null && FAILED_OUTCOMES.has(outcome)
      ? [{ name, conclusion: outcome.toLowerCase() }]
      : [];
  });
  return { failedChecks: failed };
}

/** Why the PR waits for a person, from the marker Drover wrote in its body. */
export function holdReasonOf(body: string | null): string | null {
  if (readKey(body) !== PULL_REQUEST_KEY) return null;
  const data = readData(body) as { hold?: unknown } | null;
  const hold = Array.isArray(data?.hold)
    ? data.hold.filter((item): item is string => typeof item === 'string')
    : [];
  return hold.length === 0 ? null : hold.join('; ');
}
