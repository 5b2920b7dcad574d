/**
 * When will the run be done? Estimated from measured attempt durations, by simulating the
 * planner's own behaviour: list scheduling of the remaining tasks on `workers` slots, a task
 * starting once its blockers finish, the longest remaining chain first. Pure.
 *
 * A task's duration is the mean of its own finished attempts when it has any, otherwise the
 * run's measured time per estimate unit times its estimate (before any attempt has finished,
 * the core's nominal ESTIMATE_UNIT_MS per unit, and the estimate says it is assumed). Running attempts count their
 * elapsed time as done; tasks in review count as finished (only the merge is left). Tasks that
 * need a human (blocked, failed, or waiting on something only a person changes, per the plan),
 * everything that depends on them, and tasks that can never start are left out and listed.
 */
import type { AttemptRecord, Task, Waiting } from '../../core/types.js';
import { ESTIMATE_UNIT_MS } from '../../core/estimate.js';
import type { DisplayState } from './task-display-state.js';

export interface EtaInput {
  /** The run's tasks (sub-issues included: they run inside their parent's attempt). */
  tasks: Task[];
  states: Map<number, DisplayState>;
  attempts: Record<number, AttemptRecord>;
  workers: number;
  now: Date;
  /** The plan's waiting list: tasks stuck on what only a person can change are left out. */
  waiting?: Waiting[];
}

export type Eta =
  | { kind: 'finished' }
  | { kind: 'unknown'; reason: string; excluded: number[] }
  | {
      kind: 'estimate';
      finishAt: string;
      remainingMs: number;
      /** The longest chain of remaining work: no number of workers finishes sooner. */
      criticalPathMs: number;
      msPerUnit: number;
      /** Finished attempts the estimate is measured from (0: the nominal unit is assumed). */
      samples: number;
      /** Tasks left out of the estimate because they cannot finish without a person. */
      excluded: number[];
    };

const FINISHED: ReadonlySet<DisplayState> = new Set(['done', 'not_planned', 'review']);
const NEEDS_HUMAN: ReadonlySet<DisplayState> = new Set(['blocked', 'failed']);
/** Waiting for these never ends by itself (a blocker outside the run, a cycle, a label to fix…). */
const STUCK: ReadonlySet<Waiting['why']> = new Set([
  'out-of-scope-blocker',
  'not-planned-blocker',
  'blocker-failed',
  'blocker-blocked',
  'cycle',
  'invalid',
]);

export function estimateEta(input: EtaInput): Eta {
  const scheduled = input.tasks.filter((task) => task.parent === null);
  const excluded = excludedTasks(scheduled, input.states, input.waiting ?? []);
  const remaining = scheduled.filter(
    (task) => !excluded.has(task.number) && !FINISHED.has(stateOf(input.states, task)),
  );
  if (remaining.length === 0) {
    return excluded.size === 0
      ? { kind: 'finished' }
      : unknown('every remaining task needs a person', excluded);
  }
  const rate = measuredRate(input.tasks, input.attempts) ?? { msPerUnit: ESTIMATE_UNIT_MS, samples: 0 };

  const durations = new Map(remaining.map((task) => [task.number, remainingMs(task, input, rate.msPerUnit)]));
  const schedule = listSchedule(remaining, durations, input.states, input.workers);
  const stuck = remaining.filter((task) => !schedule.finishedAt.has(task.number)).map((task) => task.number);
  return {
    kind: 'estimate',
    finishAt: new Date(input.now.getTime() + schedule.makespan).toISOString(),
    remainingMs: schedule.makespan,
    criticalPathMs: Math.max(0, ...schedule.bottomLevel.values()),
    msPerUnit: rate.msPerUnit,
    samples: rate.samples,
    excluded: [...excluded, ...stuck].sort((a, b) => a - b),
  };
}

function stateOf(states: Map<number, DisplayState>, task: Task): DisplayState {
  return states.get(task.number) ?? 'waiting';
}

function unknown(reason: string, excluded: Set<number>): Eta {
  return { kind: 'unknown', reason, excluded: [...excluded].sort((a, b) => a - b) };
}

/** Blocked and failed tasks, tasks stuck waiting, and everything downstream of them. */
function excludedTasks(tasks: Task[], states: Map<number, DisplayState>, waiting: Waiting[]): Set<number> {
  const stuck = new Set(waiting.filter((entry) => STUCK.has(entry.why)).map((entry) => entry.task));
  const excluded = new Set(
    tasks
      .filter((task) => NEEDS_HUMAN.has(stateOf(states, task)) || stuck.has(task.number))
      .map((t) => t.number),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const task of tasks) {
      if (excluded.has(task.number) || !task.dependsOn.some((blocker) => excluded.has(blocker))) continue;
      excluded.add(task.number);
      grew = true;
    }
  }
  return excluded;
}

/** Milliseconds per estimate unit over every finished attempt, or null with no measurement. */
function measuredRate(
  tasks: Task[],
  attempts: Record<number, AttemptRecord>,
): { msPerUnit: number; samples: number } | null {
  let totalMs = 0;
  let totalUnits = 0;
  let samples = 0;
  for (const task of tasks) {
    for (const duration of attempts[task.number]?.durationsMs ?? []) {
      totalMs += duration;
      totalUnits += Math.max(task.estimate, 1e-9);
      samples += 1;
    }
  }
  return samples === 0 ? null : { msPerUnit: totalMs / totalUnits, samples };
}

function remainingMs(task: Task, input: EtaInput, msPerUnit: number): number {
  const record = input.attempts[task.number];
  const own = record?.durationsMs ?? [];
  const full = own.length > 0 ? own.reduce((sum, ms) => sum + ms, 0) / own.length : msPerUnit * task.estimate;
  if (stateOf(input.states, task) !== 'running' || !record?.dispatchedAt) return full;
  const elapsed = input.now.getTime() - Date.parse(record.dispatchedAt);
  return Math.max(0, full - Math.max(0, elapsed));
}

interface Schedule {
  makespan: number;
  finishedAt: Map<number, number>;
  bottomLevel: Map<number, number>;
}

function listSchedule(
  tasks: Task[],
  durations: Map<number, number>,
  states: Map<number, DisplayState>,
  workers: number,
): Schedule {
  const pending = new Set(tasks.map((task) => task.number));
  const bottomLevel = bottomLevels(tasks, durations);
  const finishedAt = new Map<number, number>();
  // Running attempts hold their slot from now until they finish.
  const busy: number[] = tasks
    .filter((task) => states.get(task.number) === 'running')
    .map((task) => {
      pending.delete(task.number);
      const end = durations.get(task.number) ?? 0;
      finishedAt.set(task.number, end);
      return end;
    });
  let clock = 0;
  while (pending.size > 0) {
    const startable = tasks.filter(
      (task) =>
        pending.has(task.number) &&
        task.dependsOn.every((blocker) => !pending.has(blocker) && (finishedAt.get(blocker) ?? 0) <= clock),
    );
    startable.sort(
      (a, b) => (bottomLevel.get(b.number) ?? 0) - (bottomLevel.get(a.number) ?? 0) || a.number - b.number,
    );
    const active = busy.filter((end) => end > clock).length;
    for (const task of startable.slice(0, Math.max(0, workers - active))) {
      const end = clock + (durations.get(task.number) ?? 0);
      pending.delete(task.number);
      finishedAt.set(task.number, end);
      busy.push(end);
    }
    const next = Math.min(...busy.filter((end) => end > clock));
    if (!Number.isFinite(next)) break; // nothing running and nothing startable: the rest can never start
    clock = next;
  }
  return { makespan: Math.max(0, ...finishedAt.values()), finishedAt, bottomLevel };
}

/** Longest remaining chain from each task to the end of the DAG, the task itself included. */
function bottomLevels(tasks: Task[], durations: Map<number, number>): Map<number, number> {
  const dependents = new Map<number, number[]>();
  for (const task of tasks) {
    for (const blocker of task.dependsOn)
      dependents.set(blocker, [...(dependents.get(blocker) ?? []), task.number]);
  }
  const levels = new Map<number, number>();
  const visiting = new Set<number>();
  const level = (task: number): number => {
    const known = levels.get(task);
    if (known !== undefined) return known;
    if (visiting.has(task)) return 0; // a cycle: its tasks never start, the guard only stops the recursion
    visiting.add(task);
    const below = Math.max(0, ...(dependents.get(task) ?? []).filter((t) => durations.has(t)).map(level));
    visiting.delete(task);
    const value = (durations.get(task) ?? 0) + below;
    levels.set(task, value);
    return value;
  };
  for (const task of tasks) level(task.number);
  return levels;
}
