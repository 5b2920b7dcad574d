/**
 * Attempts to start now: follow-ups on pull requests first (a resolve attempt unblocks a merge),
 * then the scheduler's ready tasks, within the run's free workers. Each gets the next attempt
 * number of its task, the lowest free slot (the workflow's job-level concurrency group, so GitHub
 * itself never runs two attempts of one slot: docs/control-loop.md §4) and its pinned commit.
 */
import { isBusy, nextAttemptNumber } from '../attempt-history.js';
import { attemptBranch, attemptRunName, claimRef, type AttemptKind } from '../attempt-names.js';
import type { TaskPullRequest } from '../pull-request-state.js';
import type { RepoState } from '../repo-state.js';
import { budgetReached, spentUsd } from '../run-budget.js';
import { schedulingSnapshot } from './schedule-input.js';
import type { Plan, RunRecord } from '../types.js';
import type { DispatchAction } from './actions.js';
import type { TaskProgress } from './task-progress.js';

export interface FollowUp {
  task: number;
  kind: Exclude<AttemptKind, 'implement'>;
  pr: TaskPullRequest;
  /** For revise: the request it serves (`review:<id>` or `comment:<id>`), passed as the `feedback` input. */
  feedback?: string;
}

export interface DispatchPlanInput {
  state: RepoState;
  progress: ReadonlyMap<number, TaskProgress>;
  schedule: Plan;
  followUps: readonly FollowUp[];
  now: Date;
}

/** A run that may start attempts: exists, not paused, cancelled or ended (the scheduler adds the budget). */
export function runAcceptsWork(run: RunRecord | null): run is RunRecord {
  return run !== null && !run.paused && !run.cancelled && !run.endedAt;
}

export function planDispatches(input: DispatchPlanInput): DispatchAction[] {
  const { state, progress, schedule, followUps, now } = input;
  const run = state.control.run;
  if (!runAcceptsWork(run) || state.configProblems.length > 0) return [];
  const workers = run.workers >= 1 ? run.workers : state.config.workers;
  // Every busy attempt holds a worker, whatever became of its task (closed, unlabelled) since.
  const busy = [...state.attempts.values()].flatMap((attempts) => attempts.filter((a) => isBusy(a, now)));
  const free = Math.max(0, workers - busy.length);
  const slots = freeSlots(
    workers,
    busy.map((attempt) => attempt.slot),
  );
  // The budget holds follow-ups too (the scheduler holds the implement attempts itself).
  const snapshot = schedulingSnapshot(state, progress, now);
  if (budgetReached(snapshot)) return [];
  const budgetLeft = run.budgetUsd === null ? null : Math.max(0, run.budgetUsd - spentUsd(snapshot));
  const starts: Start[] = [
    ...followUps.map((followUp) => ({
      task: followUp.task,
      kind: followUp.kind,
      pr: followUp.pr,
      feedback: followUp.feedback ?? null,
    })),
    // The scheduler starts only within free workers already; follow-ups come first.
    ...schedule.dispatch.map((start) => ({
      task: start.task,
      kind: 'implement' as const,
      pr: null,
      feedback: null,
    })),
  ];
  const actions: DispatchAction[] = [];
  // Only approved text reaches an agent (core/approval.ts); the scheduler holds unapproved tasks,
  // and follow-ups on a task whose text changed since wait as well.
  // A task whose facts are unknown this pass is never started: its attempts are unknown too.
  const startable = starts.filter(
    (entry) => !state.unknownTasks.has(entry.task) && textHashOf(state, entry.task) !== null,
  );
  for (const start of startable.slice(0, free)) {
    const slot = slots.shift();
    if (slot === undefined) break;
    const attempts = progress.get(start.task)?.attempts ?? [];
    const action = dispatchAction(state, run, start, nextAttemptNumber(attempts), slot);
    // What is left of the budget, for agents that can stop themselves there (claude --max-budget-usd).
    if (budgetLeft !== null) action.inputs['budget-usd'] = budgetLeft.toFixed(2);
    actions.push(action);
  }
  return actions;
}

/** The approved text's hash ('' where approvals are not judged: hand-built states), or null: not approved. */
function textHashOf(state: RepoState, task: number): string | null {
  if (state.approvals === undefined) return '';
  const approval = state.approvals.get(task);
  return approval?.approved === true ? approval.textHash : null;
}

/** Slots 1..workers not held by a busy attempt, lowest first (attempts of older workflows hold none). */
function freeSlots(workers: number, held: ReadonlyArray<number | null>): number[] {
  const taken = new Set(held);
  const slots: number[] = [];
  for (let slot = 1; slot <= workers; slot++) if (!taken.has(slot)) slots.push(slot);
  return slots;
}

interface Start {
  task: number;
  kind: AttemptKind;
  pr: TaskPullRequest | null;
  feedback: string | null;
}

function dispatchAction(
  state: RepoState,
  run: RunRecord,
  start: Start,
  attempt: number,
  slot: number,
): DispatchAction {
  const { task, kind, pr } = start;
  const implement = kind === 'implement' || pr === null;
  const pinnedSha = implement ? state.defaultBranch.sha : pr.headSha;
  const inputs: Record<string, string> = {
    task: String(task),
    attempt: String(attempt),
    run: run.id,
    mode: kind,
    slot: String(slot),
    'base-sha': pinnedSha,
  };
  const textHash = textHashOf(state, task);
  if (textHash) inputs['text-hash'] = textHash;
  if (!implement) inputs['pull-request'] = String(pr.number);
  if (start.feedback !== null) inputs.feedback = start.feedback;
  return {
    kind: 'dispatch',
    task,
    attempt,
    attemptKind: kind,
    slot,
    claimRef: claimRef(task, attempt, kind),
    pinnedSha,
    // An implement attempt runs on its own branch (pinned to the default branch's head); the
    // others run on the default branch, never on a branch an agent wrote to.
    workflowRef: implement ? attemptBranch(task, attempt) : state.defaultBranch.name,
    inputs,
    runName: attemptRunName(task, attempt, kind, slot),
  };
}
