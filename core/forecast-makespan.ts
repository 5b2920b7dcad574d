/**
 * A forecast of the remaining work: the list schedule the planner would produce from now on if
 * every attempt took its estimate, on `workers` workers, starting ready tasks in a given order.
 * The planner uses its makespan to choose among equally principled orders (see ready-order.ts).
 * O((n + e) log n): each unit enters the ready heap and the completion heap once.
 */
import heapModule from 'mnemonist/heap.js';
import type { RankedTask, ReadyOrder } from './ready-order.js';
import type { TaskGraph } from './task-graph.js';

export interface ForecastInput {
  /** Blocker → dependent edges between dispatch units. */
  graph: TaskGraph;
  workers: number;
  /** Units that may start now. */
  ready: readonly RankedTask[];
  /** Units that start once this many of their blockers have finished in the forecast. */
  waiting: ReadonlyMap<number, { task: RankedTask; pendingBlockers: number }>;
  /** Attempts under way, each holding a worker for its remaining estimate. */
  running: ReadonlyArray<{ task: number; remaining: number }>;
}

// mnemonist/heap.js is CommonJS (module.exports = Heap, with Heap.MinHeap = Heap): the named
// property is what both its typings and Node's CommonJS interop agree on.
const { MinHeap } = heapModule;

type Completion = readonly [at: number, task: number];

const byTimeThenNumber = (a: Completion, b: Completion): number => a[0] - b[0] || a[1] - b[1];

/** When the last forecast attempt would finish (0 when nothing is left to run). */
export function forecastMakespan(input: ForecastInput, order: ReadyOrder): number {
  const pending = new Map<number, number>();
  for (const [number, entry] of input.waiting) pending.set(number, entry.pendingBlockers);
  const ready = new MinHeap<RankedTask>(order);
  for (const task of input.ready) ready.push(task);
  const completions = new MinHeap<Completion>(byTimeThenNumber);
  let freeWorkers = input.workers;
  for (const attempt of input.running) {
    freeWorkers--;
    completions.push([attempt.remaining, attempt.task]);
  }
  let now = 0;
  const startWhatFits = (): void => {
    while (freeWorkers > 0) {
      const task = ready.pop();
      if (task === undefined) return;
      freeWorkers--;
      completions.push([now + task.estimate, task.number]);
    }
  };
  startWhatFits();
  for (let next = completions.pop(); next !== undefined; next = completions.pop()) {
    now = next[0];
    freeWorkers++;
    releaseDependents(input, String(next[1]), pending, ready);
    // Tasks finishing at the same moment all free their workers before anything starts.
    if ((completions.peek()?.[0] ?? Number.POSITIVE_INFINITY) > now) startWhatFits();
  }
  return now;
}

function releaseDependents(
  input: ForecastInput,
  finished: string,
  pending: Map<number, number>,
  ready: { push(task: RankedTask): unknown },
): void {
  // A running attempt may belong to a task no longer in the graph (closed while its run goes on).
  if (!input.graph.hasNode(finished)) return;
  input.graph.forEachOutNeighbor(finished, (dependent) => {
    const number = Number(dependent);
    const left = (pending.get(number) ?? 0) - 1;
    pending.set(number, left);
    const entry = input.waiting.get(number);
    if (left === 0 && entry !== undefined) ready.push(entry.task);
  });
}

/** The first of `orders` whose forecast makespan is shortest. */
export function chooseOrder(orders: readonly ReadyOrder[], input: ForecastInput): ReadyOrder | undefined {
  let best: { order: ReadyOrder; makespan: number } | undefined;
  for (const order of orders) {
    const makespan = forecastMakespan(input, order);
    if (best === undefined || makespan < best.makespan) best = { order, makespan };
  }
  return best?.order;
}
