/**
 * A task's attempts as GitHub records them (claim ref, workflow run, artifact) and what follows
 * from them: which attempt counts, whether the task is busy, when it may retry, whether its
 * attempts are exhausted. Nothing here is stored by Drover: it is derived on every pass from
 * facts that cannot go stale (docs/control-loop.md §2).
 */
import { nextRetryAt } from './backoff.js';
import type { AttemptKind } from './attempt-names.js';
import type { DroverConfig } from './config.js';
import type { TaskOverride } from './control-record.js';

/**
 * A claim with no run after this long never ran: the next attempt number is claimed instead
 * (the default of `claim_grace_seconds`). Safe with any grace well above CLAIM_DISPATCH_WINDOW_MS
 * (docs/control-loop.md §4): the window is when the claimer may dispatch, the rest a margin for
 * the dispatch's transit, GitHub's run list catching up, and clocks that differ.
 */
export const CLAIM_GRACE_MS = 90 * 1000;

/**
 * The claimer sends its dispatch only this soon after making its claim, checked right before each
 * send (app/reconcile/apply/dispatch-attempt.ts); later, it leaves the claim to be abandoned.
 * Enough for a dispatch and its retries after faults; a secondary rate limit's wait is not.
 */
export const CLAIM_DISPATCH_WINDOW_MS = 10 * 1000;

export type RunStatus = 'requested' | 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed';

export interface AttemptRun {
  id: number;
  status: RunStatus;
  /** GitHub's conclusion once completed (success, failure, cancelled, timed_out, ...). */
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  url: string;
  /** False for a run GitHub completed without starting a job (cancelled while pending). */
  started: boolean;
}

/** A run just dispatched, as the controller records it until GitHub lists it. */
export function queuedRun(id: number, at: string): AttemptRun {
  return { id, status: 'queued', conclusion: null, createdAt: at, updatedAt: at, url: '', started: true };
}

/** What the action reported (from the artifact), or what the loop concluded without one. */
export interface AttemptResult {
  status: 'success' | 'failed' | 'blocked';
  reason: string | null;
  summary: string | null;
  costUsd: number;
  durationMs: number;
  /** A failed or blocked attempt left partial work to keep on its branch. */
  partial: boolean;
}

export interface Attempt {
  number: number;
  kind: AttemptKind;
  slot: number | null;
  /** The commit the claim pins: the base of an implement attempt, the PR head of the others. */
  pinnedSha: string | null;
  /** When the claim was made, when known (this process made it, or the Activity API said). */
  claimedAt: string | null;
  run: AttemptRun | null;
  /** null until the artifact was read (or its absence established). */
  result: AttemptResult | null;
  /** The pull request a resolve/fix/revise attempt works on. */
  pullRequest: number | null;
  /** The commit Drover wrote for this attempt (found by its trailer), once written. */
  publishedSha: string | null;
  /**
   * When a read of GitHub's runs, made more than the claim grace after the claim, showed none for
   * it: the attempt never ran, and never will (app/reconcile/observe/read-attempts.ts).
   */
  abandonedAt?: string;
}

/**
 * - claimed: taken, no run seen yet (the dispatch is on its way or the run list lags);
 * - running: the run exists and has not completed (pending on a slot included);
 * - finished: the run completed after starting;
 * - abandoned: claimed, and a read of the runs made past the claim grace found none: it never ran;
 * - void: the run completed without starting (GitHub replaced it while pending).
 */
export type AttemptPhase = 'claimed' | 'running' | 'finished' | 'abandoned' | 'void';

/**
 * The phase does not depend on the time (`_now` stays for the callers' sake): abandonment is
 * observed, not computed from the clock, so a plan made long after the runs were read never
 * takes for abandoned a claim that the read would have found running.
 */
export function attemptPhase(attempt: Attempt, _now: Date): AttemptPhase {
  const run = attempt.run;
  if (run === null) return attempt.abandonedAt === undefined ? 'claimed' : 'abandoned';
  if (run.status !== 'completed') return 'running';
  return run.started ? 'finished' : 'void';
}

/** Attempts that happened (or may be happening): they count against max_attempts and workers. */
export function counts(attempt: Attempt, now: Date): boolean {
  const phase = attemptPhase(attempt, now);
  return phase === 'claimed' || phase === 'running' || phase === 'finished';
}

export function isBusy(attempt: Attempt, now: Date): boolean {
  const phase = attemptPhase(attempt, now);
  return phase === 'claimed' || phase === 'running';
}

/** The number the next attempt claims: above every claim made so far, abandoned or void ones included. */
export function nextAttemptNumber(attempts: readonly Attempt[]): number {
  return attempts.reduce((highest, attempt) => Math.max(highest, attempt.number), 0) + 1;
}

/** The attempts that count, after the last `/drover retry` or `reset` (which start a new allowance). */
export function countedSince(
  attempts: readonly Attempt[],
  override: TaskOverride | undefined,
  now: Date,
): Attempt[] {
  const after = override?.afterAttempt ?? 0;
  return attempts.filter((attempt) => attempt.number > after && counts(attempt, now));
}

export interface TaskVerdict {
  /** The last counted attempt, if any. */
  last: Attempt | null;
  /** The last finished attempt's result (null while none finished or its artifact is unread). */
  lastResult: AttemptResult | null;
  busy: boolean;
  blocked: boolean;
  exhausted: boolean;
  /** When the next attempt may start after a failure (null: now). */
  retryAt: string | null;
}

/** What a task's attempts say about it now. */
export function taskVerdict(
  attempts: readonly Attempt[],
  override: TaskOverride | undefined,
  config: Pick<DroverConfig, 'max_attempts' | 'backoff'>,
  now: Date,
): TaskVerdict {
  const counted = countedSince(attempts, override, now);
  const last = counted.at(-1) ?? null;
  const busy = attempts.some((attempt) => isBusy(attempt, now));
  const lastResult = last !== null && attemptPhase(last, now) === 'finished' ? last.result : null;
  const allowance = override?.allowance ?? config.max_attempts;
  const failed = lastResult?.status === 'failed';
  const exhausted = !busy && failed && counted.length >= allowance;
  const retryAt =
    !busy && failed && !exhausted && last?.run
      ? nextRetryAt(new Date(last.run.updatedAt), counted.length, config.backoff).toISOString()
      : null;
  return { last, lastResult, busy, blocked: !busy && lastResult?.status === 'blocked', exhausted, retryAt };
}

/** Spend and measured durations of finished attempts (for budgets and estimates). */
export function attemptTotals(attempts: readonly Attempt[]): { costUsd: number; durationsMs: number[] } {
  let costUsd = 0;
  const durationsMs: number[] = [];
  for (const attempt of attempts) {
    if (attempt.result === null) continue;
    costUsd += attempt.result.costUsd;
    if (attempt.result.durationMs > 0 && attempt.result.status === 'success')
      durationsMs.push(attempt.result.durationMs);
  }
  return { costUsd, durationsMs };
}
