/**
 * The one comment Drover keeps on each task issue, edited after every attempt: attempt n of
 * max, the last outcome and its reason, links to the run, the WIP branch and the PR, and when
 * the next retry is due. It carries the task's AttemptRecord as the app's data marker
 * (`app/github/markers.ts`), which is where the reconciler reads it back from.
 */
import type { AttemptRecord, RepoFullName, Task } from '../../core/types.js';
import { TASK_COMMENT_KEY } from '../github/comment-keys.js';
import { composeBody } from '../github/markers.js';
import { formatDuration, formatInstant } from './format-duration.js';
import { markdownCell } from './untrusted-text.js';

export interface TaskCommentExtras {
  repo: RepoFullName;
  maxAttempts: number;
  /** `https://github.com` unless on GitHub Enterprise Server. */
  serverUrl?: string;
  pullRequest?: { number: number; url: string } | null;
  /** The run that dispatched the attempt is still going. */
  running?: boolean;
}

const OUTCOME_TEXT: Record<NonNullable<AttemptRecord['lastOutcome']>, string> = {
  success: 'succeeded',
  failed: 'failed',
  blocked: 'is blocked: it needs a person',
};

export function renderTaskComment(
  task: Pick<Task, 'number'>,
  attempt: AttemptRecord,
  extras: TaskCommentExtras,
): string {
  const server = (extras.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const lines = [`**Drover** · attempt ${attempt.attempt} of ${extras.maxAttempts}`, ''];
  lines.push(outcomeLine(attempt, extras.running ?? false));
  const links = linkLine(server, extras, attempt);
  if (links !== '') lines.push(links);
  const next = nextStepLine(task.number, attempt, extras.maxAttempts);
  if (next !== '') lines.push(next);
  if (attempt.durationsMs.length > 0) {
    lines.push(`Finished attempts took ${attempt.durationsMs.map(formatDuration).join(', ')}.`);
  }
  if (attempt.costUsd > 0) lines.push(`Spend so far: $${attempt.costUsd.toFixed(2)}.`);
  return composeBody(lines.join('\n'), TASK_COMMENT_KEY, attempt);
}

function outcomeLine(attempt: AttemptRecord, running: boolean): string {
  if (running && attempt.dispatchedAt)
    return `Attempt ${attempt.attempt} is running since ${formatInstant(attempt.dispatchedAt)}.`;
  if (attempt.lastOutcome === null)
    return attempt.attempt === 0 ? 'No attempt yet.' : 'Waiting for the attempt to report.';
  const reason = attempt.reason ? `: ${markdownCell(attempt.reason, 300)}` : '.';
  return `The last attempt ${OUTCOME_TEXT[attempt.lastOutcome]}${reason}`;
}

function linkLine(server: string, extras: TaskCommentExtras, attempt: AttemptRecord): string {
  const links: string[] = [];
  if (attempt.runId !== null)
    links.push(`[workflow run](${server}/${extras.repo}/actions/runs/${attempt.runId})`);
  if (attempt.wipBranch !== null) {
    links.push(
      `[work in progress: \`${attempt.wipBranch}\`](${server}/${extras.repo}/tree/${encodeURI(attempt.wipBranch)})`,
    );
  }
  if (extras.pullRequest)
    links.push(`[pull request #${extras.pullRequest.number}](${extras.pullRequest.url})`);
  return links.length === 0 ? '' : `Links: ${links.join(' · ')}`;
}

function nextStepLine(task: number, attempt: AttemptRecord, maxAttempts: number): string {
  if (attempt.lastOutcome === 'blocked') return `Answer here, then \`/drover retry #${task}\`.`;
  if (attempt.lastOutcome !== 'failed') return '';
  if (attempt.attempt >= maxAttempts)
    return `No attempts left: fix the cause, then \`/drover retry #${task}\`.`;
  if (attempt.nextRetryAt !== null) return `Next attempt not before ${formatInstant(attempt.nextRetryAt)}.`;
  return 'The next attempt starts when a worker is free.';
}
