/**
 * Tasks that closed while the active run was going. The snapshot query reads open tasks only
 * (a repository's closed backlog grows without bound), so without these a run's status would
 * forget every task it finished. One REST list filtered by `since` (issues updated after the
 * run started: closing updates an issue) keeps the read proportional to the run, not the repo.
 */
import type { IssueInput, RepoFullName, RunRecord, StateReason } from '../../core/types.js';
import { listAllPages } from './list-pages.js';
import type { Octokit } from './octokit.js';

interface RestIssue {
  number: number;
  id: number;
  node_id: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: Array<string | { name?: string }>;
  user: { login: string } | null;
  created_at: string;
  updated_at: string;
  pull_request?: unknown;
}

export async function fetchClosedRunTasks(
  octokit: Octokit,
  repo: RepoFullName,
  taskLabel: string,
  run: RunRecord | null,
): Promise<IssueInput[]> {
  if (run === null) return [];
  const [owner, name] = repo.split('/') as [string, string];
  const issues = await listAllPages(async (page, perPage) => {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues', {
      owner,
      repo: name,
      state: 'closed',
      labels: taskLabel,
      since: run.startedAt,
      per_page: perPage,
      page,
    });
    return response.data as RestIssue[];
  });
  // The issues list includes pull requests; tasks are issues.
  return issues.filter((issue) => issue.pull_request === undefined).map((issue) => toClosedTask(issue, repo));
}

function toClosedTask(issue: RestIssue, repo: RepoFullName): IssueInput {
  return {
    number: issue.number,
    repo,
    nodeId: issue.node_id,
    databaseId: issue.id,
    title: issue.title,
    body: issue.body ?? '',
    state: 'closed',
    stateReason: closedReason(issue.state_reason),
    labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
    blockedBy: [],
    parent: null,
    subIssues: [],
    author: issue.user?.login ?? 'ghost',
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
  };
}

function closedReason(reason: string | null | undefined): StateReason {
  return reason === 'not_planned' || reason === 'duplicate' ? reason : 'completed';
}
