/**
 * The scheduler (core/plan.ts) reads a Snapshot: tasks, a summary of each task's attempts, the
 * attempts under way and the run. This builds it from the repository state and the tasks'
 * progress, so the scheduler sees exactly the statuses the rest of the planner acts on.
 */
import { attemptTotals, countedSince, isBusy } from '../attempt-history.js';
import { overrideFor } from '../control-record.js';
import type { RepoState } from '../repo-state.js';
import type { AttemptRecord, InFlightRun, Snapshot, TaskStatus } from '../types.js';
import type { TaskPhase, TaskProgress } from './task-progress.js';

const STATUS_OF_PHASE: Record<Exclude<TaskPhase, 'closed'>, TaskStatus> = {
  running: 'running',
  // A finished attempt whose work is being written holds no worker and is not ready either.
  settling: 'review',
  review: 'review',
  blocked: 'blocked',
  failed: 'failed',
  todo: 'todo',
};

export function schedulingSnapshot(
  state: RepoState,
  progress: ReadonlyMap<number, TaskProgress>,
  now: Date,
): Snapshot {
  const attempts: Record<number, AttemptRecord> = {};
  const inFlight: InFlightRun[] = [];
  const statuses: Record<number, TaskStatus> = {};
  for (const entry of progress.values()) {
    if (entry.phase !== 'closed') statuses[entry.task] = STATUS_OF_PHASE[entry.phase];
    if (entry.attempts.length > 0) attempts[entry.task] = attemptRecord(state, entry, now);
    for (const attempt of entry.attempts) {
      if (!isBusy(attempt, now)) continue;
      inFlight.push({
        runId: attempt.run?.id ?? 0,
        task: entry.task,
        attempt: attempt.number,
        status: attempt.run === null || attempt.run.status === 'completed' ? 'requested' : attempt.run.status,
        createdAt: attempt.run?.createdAt ?? attempt.claimedAt ?? now.toISOString(),
      });
    }
  }
  // A task whose facts could not be read this pass is held, as if under review: whatever it is
  // doing (an attempt finished, published, merged) must not look like a task never started.
  for (const task of state.unknownTasks) {
    if (!progress.has(task) && statuses[task] === undefined) statuses[task] = 'review';
  }
  // Attempts forgotten once their task was done still cost what they cost.
  for (const [task, usd] of state.settledSpend ?? []) {
    const record = attempts[task];
    if (record !== undefined) record.costUsd += usd;
    else attempts[task] = { ...EMPTY_RECORD, durationsMs: [], costUsd: usd };
  }
  return {
    repo: state.repo,
    issues: state.issues,
    referenced: state.referenced,
    attempts,
    inFlight,
    run: state.control.run,
    statuses,
    ...(state.approvals !== undefined && { awaitingApproval: awaitingApproval(state) }),
  };
}

/** A task with no attempts yet, as the scheduler's Snapshot summarises it. */
export const EMPTY_RECORD: Readonly<AttemptRecord> = {
  attempt: 0,
  runId: null,
  dispatchedAt: null,
  nextRetryAt: null,
  lastOutcome: null,
  reason: null,
  durationsMs: [],
  costUsd: 0,
  wipBranch: null,
};

/** Open tasks without an approval (core/approval.ts); a task the observe step did not judge waits too. */
export function awaitingApproval(state: RepoState): Set<number> {
  const awaiting = new Set<number>();
  for (const issue of state.issues) {
    if (issue.state !== 'open') continue;
    if (state.approvals?.get(issue.number)?.approved !== true) awaiting.add(issue.number);
  }
  return awaiting;
}

function attemptRecord(state: RepoState, entry: TaskProgress, now: Date): AttemptRecord {
  const counted = countedSince(entry.attempts, overrideFor(state.control, entry.task), now);
  const busy = entry.attempts.find((attempt) => isBusy(attempt, now)) ?? null;
  const last = entry.verdict.last;
  const totals = attemptTotals(entry.attempts);
  return {
    attempt: counted.length,
    runId: (busy ?? last)?.run?.id ?? null,
    dispatchedAt: busy?.claimedAt ?? busy?.run?.createdAt ?? null,
    nextRetryAt: entry.verdict.retryAt,
    lastOutcome: entry.verdict.lastResult?.status ?? null,
    reason: entry.verdict.lastResult?.reason ?? null,
    durationsMs: totals.durationsMs,
    costUsd: totals.costUsd,
    wipBranch: null,
  };
}
