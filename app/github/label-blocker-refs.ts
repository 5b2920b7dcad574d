/**
 * `blocked-by:#N` labels name their blocker by number only. The snapshot query loads open tasks
 * and the issues their native links reference; a blocker named only by a label and already
 * closed is in neither, so the planner would call it missing and the task would never run.
 * This reads each such blocker's state with one REST call.
 */
import type { DroverConfig } from '../../core/config.js';
import { readLabels } from '../../core/task-labels.js';
import type { IssueInput, IssueRef, RepoFullName, StateReason } from '../../core/types.js';
import type { Octokit } from './octokit.js';
import { unlessStatus } from './request-error.js';

interface RestIssue {
  number: number;
  id: number;
  node_id: string;
  title: string;
  state: string;
  state_reason?: string | null;
}

const STATE_REASONS: ReadonlySet<string> = new Set(['completed', 'not_planned', 'reopened', 'duplicate']);

/** Blockers named by labels that are neither loaded nor referenced yet. */
function unknownLabelBlockers(
  issues: IssueInput[],
  referenced: IssueRef[],
  labels: DroverConfig['labels'],
): number[] {
  const known = new Set([...issues, ...referenced].map((issue) => issue.number));
  const wanted = new Set<number>();
  for (const issue of issues) {
    for (const blocker of readLabels(issue.number, issue.labels, labels).blockedBy)
      if (!known.has(blocker)) wanted.add(blocker);
  }
  return [...wanted].sort((a, b) => a - b);
}

/** References for label-named blockers; a number GitHub does not know is left out (the planner reports it). */
export async function fetchLabelBlockerRefs(
  octokit: Octokit,
  repo: RepoFullName,
  issues: IssueInput[],
  referenced: IssueRef[],
  labels: DroverConfig['labels'],
): Promise<IssueRef[]> {
  const [owner = '', name = ''] = repo.split('/');
  const refs: IssueRef[] = [];
  for (const number of unknownLabelBlockers(issues, referenced, labels)) {
    const issue = await unlessStatus(
      [404, 410],
      async () =>
        (
          await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
            owner,
            repo: name,
            issue_number: number,
          })
        ).data as RestIssue,
      null,
    );
    if (!issue) continue;
    const reason = issue.state_reason ?? null;
    refs.push({
      number: issue.number,
      repo,
      databaseId: issue.id,
      nodeId: issue.node_id,
      title: issue.title,
      state: issue.state === 'open' ? 'open' : 'closed',
      stateReason: reason !== null && STATE_REASONS.has(reason) ? (reason as StateReason) : null,
    });
  }
  return refs;
}
