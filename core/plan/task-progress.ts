/**
 * Where each task stands, from its attempts and pull requests: the one place that turns
 * GitHub's facts into a task's phase. Two facts change what an attempt's result means: a pull
 * request closed without merging rejects the attempt that opened it, and an attempt's work is
 * "published" once its commit is on its branch (docs/control-loop.md §2).
 */
import { attemptBranch } from '../attempt-names.js';
import { attemptPhase, taskVerdict, type Attempt, type TaskVerdict } from '../attempt-history.js';
import { overrideFor } from '../control-record.js';
import { checksHoldMerge } from '../merge-policy.js';
import type { TaskPullRequest } from '../pull-request-state.js';
import { fixAttemptsUsed, fixesExhaustedReason, fixWanted, revisionRequests } from './follow-ups.js';
import { patchKey, type CheckedPatch, type RepoState } from '../repo-state.js';
import type { IssueInput } from '../types.js';

export type TaskPhase =
  /** closed: done or not planned */
  | 'closed'
  /** an attempt is claimed or its run has not finished */
  | 'running'
  /** an attempt finished; its work is not written yet (or its result is not read yet) */
  | 'settling'
  /** its pull request is open */
  | 'review'
  | 'blocked'
  | 'failed'
  /** may be scheduled (a retry may still be waiting for its time) */
  | 'todo';

export interface TaskProgress {
  task: number;
  phase: TaskPhase;
  attempts: readonly Attempt[];
  verdict: TaskVerdict;
  /** The open pull request, or the newest one. */
  pr: TaskPullRequest | null;
  /** A finished attempt whose work must be written now, with its checked patch. */
  toPublish: { attempt: Attempt; patch: CheckedPatch } | null;
  /** A published implement attempt that has no pull request yet. */
  toOpen: Attempt | null;
  /** Why the task failed when it is not its last attempt's reason (checks still fail after the fixes). */
  failure?: string;
}

export function taskProgress(state: RepoState, issue: IssueInput, now: Date): TaskProgress {
  const task = issue.number;
  const pulls = state.pulls.get(task) ?? [];
  const attempts = withRejections(task, state.attempts.get(task) ?? [], pulls);
  const verdict = taskVerdict(attempts, overrideFor(state.control, task), state.config, now);
  const pr = pulls.find((candidate) => candidate.state === 'open') ?? pulls[0] ?? null;
  const base = { task, attempts, verdict, pr, toPublish: null, toOpen: null };
  if (issue.state === 'closed') return { ...base, phase: 'closed' };
  if (verdict.busy) return { ...base, phase: 'running' };
  const last = verdict.last;
  const unwritten = last === null ? null : unwrittenWork(state, task, last, now);
  if (unwritten !== null) return { ...base, phase: 'settling', ...unwritten };
  // A merged PR closes its task; until GitHub has, the task is still in review.
  if (pulls.some((candidate) => candidate.state === 'merged')) return { ...base, phase: 'review' };
  if (pr?.state === 'open') {
    const failure = fixesExhausted(state, task, attempts, pr, now);
    return failure === null ? { ...base, phase: 'review' } : { ...base, phase: 'failed', failure };
  }
  if (last !== null && attemptPhase(last, now) === 'finished' && last.result === null)
    return { ...base, phase: 'settling' };
  if (verdict.blocked) return { ...base, phase: 'blocked' };
  if (verdict.exhausted) return { ...base, phase: 'failed' };
  return { ...base, phase: 'todo' };
}

/**
 * Checks hold the PR, no revision is asked for, and the fixes are used up: the task failed, and
 * why (the failing checks, the last fix's reason). null while it can still move.
 */
function fixesExhausted(
  state: RepoState,
  task: number,
  attempts: readonly Attempt[],
  pr: TaskPullRequest,
  now: Date,
): string | null {
  if (!checksHoldMerge(pr, state.config.merge) || pr.holdReason !== null) return null;
  if (revisionRequests(state.control, task).length > 0) return null;
  const fixes = fixAttemptsUsed(attempts, state.control, task, now);
  if (fixes.length < state.config.max_fix_attempts || !fixWanted(pr, fixes)) return null;
  return fixesExhaustedReason(pr, fixes);
}

/**
 * Results that later facts overturn: an implement attempt whose pull request was closed unmerged
 * (a person rejected its work), and a follow-up whose pull request moved while it ran (its work
 * was made on a head that is gone: writing it would undo what was pushed since).
 */
function withRejections(
  task: number,
  attempts: readonly Attempt[],
  pulls: readonly TaskPullRequest[],
): Attempt[] {
  return attempts.map((attempt) => {
    if (attempt.result?.status !== 'success') return attempt;
    if (attempt.kind !== 'implement') return staleFollowUp(attempt, pulls);
    const branch = attemptBranch(task, attempt.number);
    const fromBranch = pulls.filter((pr) => pr.headRef === branch);
    const closed = fromBranch.find((pr) => pr.state === 'closed');
    if (closed === undefined || fromBranch.some((pr) => pr.state !== 'closed')) return attempt;
    return {
      ...attempt,
      result: {
        ...attempt.result,
        status: 'failed',
        reason: `PR #${closed.number} was closed without merging.`,
      },
    };
  });
}

function staleFollowUp(attempt: Attempt, pulls: readonly TaskPullRequest[]): Attempt {
  const open = pulls.find((pr) => pr.state === 'open');
  if (attempt.publishedSha !== null || open === undefined || attempt.pinnedSha === null) return attempt;
  if (open.headSha === attempt.pinnedSha || attempt.result === null) return attempt;
  return {
    ...attempt,
    result: {
      ...attempt.result,
      status: 'failed',
      reason: `PR #${open.number} moved while the attempt ran (from ${attempt.pinnedSha.slice(0, 7)} to ${open.headSha.slice(0, 7)}): its work was not applied.`,
    },
  };
}

/** What is still to write for the task's last finished attempt, if anything. */
function unwrittenWork(
  state: RepoState,
  task: number,
  last: Attempt,
  now: Date,
): Pick<TaskProgress, 'toPublish' | 'toOpen'> | null {
  if (attemptPhase(last, now) !== 'finished' || last.result === null) return null;
  // Partial work is kept on an implement attempt's own branch, never on a PR another attempt opened.
  const wantsWrite = last.result.status === 'success' || (last.result.partial && last.kind === 'implement');
  if (!wantsWrite) return null;
  if (last.publishedSha === null) {
    // Without its patch (the artifact could not be read this pass) the task waits: settling.
    const patch = state.patches.get(patchKey(task, last.number));
    return { toPublish: patch === undefined ? null : { attempt: last, patch }, toOpen: null };
  }
  if (last.kind !== 'implement' || last.result.status !== 'success') return null;
  const branch = attemptBranch(task, last.number);
  const hasPr = (state.pulls.get(task) ?? []).some((pr) => pr.headRef === branch);
  return hasPr ? null : { toPublish: null, toOpen: last };
}
