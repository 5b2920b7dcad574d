/**
 * The follow-up attempts of a task in review, besides resolve (plan-merges.ts): a `fix` when the
 * pull request's checks failed (at most `max_fix_attempts` since the last retry or reset), and a
 * `revise` when a trusted person asked for changes (a request in the control record). Both work
 * on the PR's head and publish a new commit on its branch (docs/control-loop.md §4).
 */
import { attemptPhase, countedSince, type Attempt } from '../attempt-history.js';
import type { ControlRecord, RevisionRequest } from '../control-record.js';
import { overrideFor } from '../control-record.js';
import type { FailedCheck, TaskPullRequest } from '../pull-request-state.js';

/** Fix attempts that count against `max_fix_attempts` (after the last `/drover retry` or `reset`). */
export function fixAttemptsUsed(
  attempts: readonly Attempt[],
  control: ControlRecord,
  task: number,
  now: Date,
): Attempt[] {
  return countedSince(attempts, overrideFor(control, task), now).filter((attempt) => attempt.kind === 'fix');
}

/** "ci (failure), lint (timed_out)", or a generic phrase when the names were not read. */
export function describeFailedChecks(checks: readonly FailedCheck[] | undefined): string {
  if (checks === undefined || checks.length === 0) return 'a check failed';
  return checks.map((check) => `${check.name} (${check.conclusion})`).join(', ');
}

/** Why a task whose fixes are used up failed, with the last failure. */
export function fixesExhaustedReason(pr: TaskPullRequest, fixes: readonly Attempt[]): string {
  const last = fixes.at(-1);
  const checks = describeFailedChecks(pr.failedChecks);
  const tried =
    fixes.length === 0
      ? 'no fix attempts are allowed (max_fix_attempts: 0)'
      : `after ${fixes.length} fix attempt${fixes.length === 1 ? '' : 's'}`;
  const lastFix =
    last?.result && last.result.status !== 'success' && last.result.reason
      ? `; the last fix attempt: ${last.result.reason}`
      : '';
  return `Checks still fail on PR #${pr.number} ${tried}: ${checks}${lastFix}`;
}

export interface PendingRevision {
  key: string;
  request: RevisionRequest;
}

/** The revision requests of a task, oldest first. */
export function revisionRequests(control: ControlRecord, task: number): PendingRevision[] {
  return Object.entries(control.revisions ?? {})
    .filter(([, request]) => request.task === task)
    .map(([key, request]) => ({ key, request }))
    .sort(
      (a, b) => a.request.afterAttempt - b.request.afterAttempt || a.request.at.localeCompare(b.request.at),
    );
}

/**
 * The revise attempt that serves a request: the task's first one claimed after it was made (one
 * that never ran, abandoned or replaced while pending, serves nothing).
 */
export function servingAttempt(
  attempts: readonly Attempt[],
  request: RevisionRequest,
  now: Date,
): Attempt | null {
  return (
    attempts.find((attempt) => {
      if (attempt.kind !== 'revise' || attempt.number <= request.afterAttempt) return false;
      const phase = attemptPhase(attempt, now);
      return phase !== 'abandoned' && phase !== 'void';
    }) ?? null
  );
}

/** Is the revise attempt over (its result known, and its work written when it succeeded)? */
export function revisionIsOver(attempt: Attempt, now: Date): boolean {
  if (attemptPhase(attempt, now) !== 'finished' || attempt.result === null) return false;
  return attempt.result.status !== 'success' || attempt.publishedSha !== null;
}

/** Is a fix due for this PR's head (its checks hold the merge) and not already written on it? */
export function fixWanted(pr: TaskPullRequest, fixes: readonly Attempt[]): boolean {
  // A fix published from this head moved the branch: the PR as read is older than the write.
  return !fixes.some((fix) => fix.publishedSha !== null && fix.pinnedSha === pr.headSha);
}
