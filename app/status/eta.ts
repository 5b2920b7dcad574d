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
import heapModule from 'mnemonist/heap.js';
import { ESTIMATE_UNIT_MS } from '../../core/estimate.js';
import type { DisplayState } from './task-display-state.js';

// mnemonist/heap.js is CommonJS (`module.exports = Heap`, `Heap.MinHeap = Heap`): the named
// property is what both its typings and Node's CommonJS interop agree on.
const { MinHeap } = heapModule;

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
  const dependents = dependentsOf(tasks);
  const bottomLevel = bottomLevels(tasks, durations, dependents);
  const inRun = new Set(tasks.map((task) => task.number));
  const duration = (task: number): number => durations.get(task) ?? 0;
  // The planner's own preference: the longest remaining chain first, then the lower number.
  const ready = new MinHeap<number>((a, b) => (bottomLevel.get(b) ?? 0) - (bottomLevel.get(a) ?? 0) || a - b);
  const completions = new MinHeap<Completion>((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pendingBlockers = new Map<number, number>();
  let freeWorkers = workers;
  for (const task of tasks) {
    if (states.get(task.number) === 'running') {
      // A running attempt holds its worker until it finishes.
      freeWorkers -= 1;
      completions.push([duration(task.number), task.number]);
      continue;
    }
    const blockers = task.dependsOn.filter((blocker) => inRun.has(blocker)).length;
    pendingBlockers.set(task.number, blockers);
    if (blockers === 0) ready.push(task.number);
  }
  let clock = 0;
  const startWhatFits = (): void => {
    while (freeWorkers > 0 && ready.size > 0) {
      const task = ready.pop() as number;
      freeWorkers -= 1;
      completions.push([clock + duration(task), task]);
    }
  };
  const finishedAt = new Map<number, number>();
  startWhatFits();
  for (let next = completions.pop(); next !== undefined; next = completions.pop()) {
    clock = next[0];
    freeWorkers += 1;
    finishedAt.set(next[1], clock);
    for (const dependent of dependents.get(next[1]) ?? []) {
      const left = pendingBlockers.get(dependent);
      if (left === undefined) continue;
      pendingBlockers.set(dependent, left - 1);
      if (left === 1) ready.push(dependent);
    }
    // Attempts finishing at the same moment all free their workers before anything starts.
    if ((completions.peek()?.[0] ?? Number.POSITIVE_INFINITY) > clock) startWhatFits();
  }
  // Tasks on a cycle never become ready and are not in `finishedAt`: the caller lists them.
  return { makespan: clock, finishedAt, bottomLevel };
}

type Completion = readonly [at: number, task: number];

/** Blocker → its dependents, among the given tasks. */
function dependentsOf(tasks: Task[]): Map<number, number[]> {
  const inRun = new Set(tasks.map((task) => task.number));
  const dependents = new Map<number, number[]>();
  for (const task of tasks) {
    for (const blocker of task.dependsOn) {
      if (!inRun.has(blocker)) continue;
      const list = dependents.get(blocker);
      if (list === undefined) dependents.set(blocker, [task.number]);
      else list.push(task.number);
    }
  }
  return dependents;
}

/**
 * Longest remaining chain from each task to the end of the DAG, the task itself included:
 * a dynamic programme over a reverse topological order (Kahn's algorithm; no recursion, so a
 * long chain cannot overflow the stack). Tasks on a cycle keep just their own duration.
 */
function bottomLevels(
  tasks: Task[],
  durations: Map<number, number>,
  dependents: Map<number, number[]>,
): Map<number, number> {
  const inRun = new Set(tasks.map((task) => task.number));
  const indegree = new Map(
    tasks.map((task) => [task.number, task.dependsOn.filter((b) => inRun.has(b)).length]),
  );
  const order = tasks.filter((task) => indegree.get(task.number) === 0).map((task) => task.number);
  for (let index = 0; index < order.length; index += 1) {
    for (const dependent of dependents.get(order[index] as number) ?? []) {
      const left = (indegree.get(dependent) ?? 0) - 1;
      indegree.set(dependent, left);
      if (left === 0) order.push(dependent);
    }
  }
  const levels = new Map(tasks.map((task) => [task.number, durations.get(task.number) ?? 0]));
  for (const task of order.reverse()) {
    const below = Math.max(0, ...(dependents.get(task) ?? []).map((dependent) => levels.get(dependent) ?? 0));
    levels.set(task, (durations.get(task) ?? 0) + below);
  }
  return levels;
}
