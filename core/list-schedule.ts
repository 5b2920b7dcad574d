/**
 * Drover's one list scheduler (Graham's list scheduling): whenever a worker is free, start the
 * ready task that comes first in a given order; a task is ready once every blocker it waits on
 * has finished and its release time (a retry's due time) has come. The planner's forecast (which
 * tie-break order to use), the ETA people read and the scheduling benchmark all run this one
 * implementation, so what the benchmark measures and what the ETA predicts is what plan() does.
 *
 * Nodes are indices of a UnitDag. Ties in time are settled the way the planner sees them: every
 * attempt finishing at a moment frees its worker, and every release at that moment happens,
 * before anything starts. O((n + e) log n): each node enters the ready heap and the event heap
 * once.
 */
import { NodeHeap } from './node-heap.js';
import type { UnitDag } from './unit-dag.js';

/** `pending` of a node that is not in the schedule (done, stuck, out of scope, or already running). */
export const NOT_SCHEDULED = 0x3fffffff;

export interface ListScheduleInput {
  dag: Pick<UnitDag, 'size' | 'successorStart' | 'successors'>;
  workers: number;
  /** How long each node takes once started. */
  duration: ArrayLike<number>;
  /** Per node: blockers still to finish in this schedule before it may start (0: ready), or NOT_SCHEDULED. */
  pending: ArrayLike<number>;
  /** Per node: the earliest time it may start (default 0). */
  release?: ArrayLike<number> | undefined;
  /** Attempts under way, each holding a worker until `remaining`; node -1 holds a worker and releases nothing. */
  running: ReadonlyArray<{ node: number; remaining: number }>;
  /** The start order: among ready nodes, the lowest rank starts first (ranks are distinct). */
  rank: ArrayLike<number>;
  /**
   * Called whenever more nodes are ready than workers are free (and at least one is free), with
   * the rest of the schedule as seen from that moment (times shifted so it starts at 0); returns
   * the ranks to start by from then on. This is how the benchmark lets the planner decide at
   * every event; without it `rank` holds throughout.
   */
  choose?: ((rest: ListScheduleInput) => ArrayLike<number>) | undefined;
}

export interface ListSchedule {
  /** When the last node finishes (0 when nothing is scheduled). */
  makespan: number;
  /** Start time of each node (NaN: never started, or running from the outset). */
  start: Float64Array;
  /** Finish time of each node (NaN: never finishes, as it is not scheduled or waits on what never does). */
  finish: Float64Array;
}

export function listSchedule(input: ListScheduleInput): ListSchedule {
  const run = new Run(input);
  run.startWhatFits();
  while (run.advance()) run.startWhatFits();
  return { makespan: run.now, start: run.start, finish: run.finish };
}

/** The state of one schedule as it unfolds. */
class Run {
  now = 0;
  readonly start: Float64Array;
  readonly finish: Float64Array;
  private readonly pending: Int32Array;
  private readonly release: Float64Array | null;
  private rank: ArrayLike<number>;
  private ready: NodeHeap;
  /**
   * Events are node indices, keyed by when they happen (no object per event): attempts under
   * way from the outset that release nothing take the indices after the nodes'.
   */
  private readonly endsAt: Float64Array;
  private readonly completions: NodeHeap;
  private readonly releases: NodeHeap;
  private free: number;

  constructor(private readonly input: ListScheduleInput) {
    const size = input.dag.size;
    this.start = new Float64Array(size).fill(Number.NaN);
    this.finish = new Float64Array(size).fill(Number.NaN);
    this.pending = Int32Array.from(input.pending);
    this.release = input.release === undefined ? null : Float64Array.from(input.release);
    this.rank = input.rank;
    this.ready = this.readyHeap();
    this.endsAt = new Float64Array(size + input.running.length);
    this.completions = new NodeHeap(this.endsAt, this.endsAt.length);
    this.releases = new NodeHeap(this.release ?? this.endsAt, size);
    this.free = input.workers;
    input.running.forEach((attempt, position) => {
      this.free--;
      const event = attempt.node >= 0 ? attempt.node : size + position;
      if (attempt.node >= 0) this.pending[attempt.node] = NOT_SCHEDULED;
      this.endsAt[event] = Math.max(0, attempt.remaining);
      this.completions.push(event);
    });
    for (let node = 0; node < size; node++) if (this.pending[node] === 0) this.becomeReady(node);
  }

  /** Starts ready nodes, first in rank, while workers are free (asking `choose` first when it matters). */
  startWhatFits(): void {
    if (this.input.choose !== undefined && this.ready.size > this.free && this.free > 0) {
      this.rank = this.input.choose(this.rest());
      this.ready = this.readyHeap(this.ready.toArray());
    }
    while (this.free > 0) {
      const node = this.ready.pop();
      if (node < 0) return;
      this.free--;
      this.start[node] = this.now;
      this.endsAt[node] = this.now + this.input.duration[node]!;
      this.completions.push(node);
    }
  }

  /** Moves to the next moment something finishes or is released, and applies all of that moment's events. */
  advance(): boolean {
    const next = Math.min(
      this.nextAt(this.completions, this.endsAt),
      this.nextAt(this.releases, this.release),
    );
    if (next === Infinity) return false;
    this.now = next;
    while (this.nextAt(this.completions, this.endsAt) === next) this.complete(this.completions.pop());
    while (this.nextAt(this.releases, this.release) === next) this.ready.push(this.releases.pop());
    return true;
  }

  private nextAt(heap: NodeHeap, at: Float64Array | null): number {
    const event = heap.peek();
    return event < 0 || at === null ? Infinity : at[event]!;
  }

  private complete(event: number): void {
    this.free++;
    if (event >= this.input.dag.size) return;
    this.finish[event] = this.now;
    const { successorStart, successors } = this.input.dag;
    for (let edge = successorStart[event]!; edge < successorStart[event + 1]!; edge++) {
      const next = successors[edge]!;
      if (--this.pending[next]! === 0) this.becomeReady(next);
    }
  }

  private becomeReady(node: number): void {
    const release = this.release?.[node] ?? 0;
    if (release > this.now) this.releases.push(node);
    else this.ready.push(node);
  }

  private readyHeap(nodes: number[] = []): NodeHeap {
    // Ranks are distinct: the heap's tie-break by index never decides.
    const heap = new NodeHeap(Float64Array.from(this.rank), this.input.dag.size);
    for (const node of nodes) heap.push(node);
    return heap;
  }

  /** The schedule still to come, as a fresh input starting at 0 (for `choose`). */
  private rest(): ListScheduleInput {
    const size = this.input.dag.size;
    const pending = Int32Array.from(this.pending);
    const release = new Float64Array(size);
    for (let node = 0; node < size; node++) {
      // Started nodes are either running (listed below) or finished.
      if (!Number.isNaN(this.start[node]!)) pending[node] = NOT_SCHEDULED;
      release[node] = Math.max(0, (this.release?.[node] ?? 0) - this.now);
    }
    const running = this.completions
      .toArray()
      .map((event) => ({ node: event < size ? event : -1, remaining: this.endsAt[event]! - this.now }));
    return { ...this.input, pending, release, running, rank: this.rank, choose: undefined };
  }
}

/**
 * A makespan no list schedule of `input` can beat, whatever its order, given one of them
 * (`schedule`: which nodes ever start does not depend on the order): the work those nodes and the
 * running attempts do, spread over the workers, or the heaviest chain of them when a topological
 * order of the nodes is given. Release times are ignored, which only lowers it.
 */
export function makespanLowerBound(
  input: Omit<ListScheduleInput, 'rank'>,
  schedule: ListSchedule,
  topological?: Int32Array,
): number {
  const { dag, duration, pending, running } = input;
  const weight = new Float64Array(dag.size).fill(Number.NaN);
  let work = 0;
  for (let node = 0; node < dag.size; node++) {
    if (pending[node]! >= NOT_SCHEDULED || Number.isNaN(schedule.finish[node]!)) continue;
    weight[node] = duration[node]!;
    work += duration[node]!;
  }
  let chain = 0;
  for (const attempt of running) {
    const remaining = Math.max(0, attempt.remaining);
    work += remaining;
    chain = Math.max(chain, remaining);
    if (attempt.node >= 0) weight[attempt.node] = remaining;
  }
  if (topological !== undefined) chain = Math.max(chain, heaviestChain(input.dag, weight, topological));
  // Attempts already running may exceed `workers` (a run's workers lowered meanwhile).
  return Math.max(work / Math.max(1, input.workers, running.length), chain);
}

/** The heaviest chain through the nodes with a weight (NaN: not in the schedule). */
function heaviestChain(dag: ListScheduleInput['dag'], weight: Float64Array, topological: Int32Array): number {
  const level = new Float64Array(dag.size);
  let heaviest = 0;
  for (let index = topological.length - 1; index >= 0; index--) {
    const node = topological[index]!;
    if (Number.isNaN(weight[node]!)) continue;
    let below = 0;
    for (let edge = dag.successorStart[node]!; edge < dag.successorStart[node + 1]!; edge++)
      below = Math.max(below, level[dag.successors[edge]!]!);
    level[node] = weight[node]! + below;
    heaviest = Math.max(heaviest, level[node]!);
  }
  return heaviest;
}
