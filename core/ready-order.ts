/**
 * The order Drover starts ready tasks in. The planner sorts with it and the scheduling benchmark
 * measures exactly it (`bench/schedule.ts`), so both live here.
 */

/** What the ordering may look at for one ready task. */
export interface RankedTask {
  number: number;
  priority: number;
  /** b-level: sum of estimates along the longest chain from this task to the end, its own included. */
  criticalLength: number;
  estimate: number;
  /** Direct dependents in the remaining DAG. */
  dependents: number;
  /** Creation time in ms since the epoch (issue age). */
  createdAtMs: number;
}

/** A comparator over ready tasks: negative when `a` starts before `b`. */
export type ReadyOrder = (a: RankedTask, b: RankedTask) => number;

/**
 * Priority first (people decide), then the critical path (longest remaining chain first: the
 * classic list-scheduling rule), then on equal chains the task that unblocks more dependents
 * (more work becomes ready sooner), then the longer task, then age.
 */
export const droverOrder: ReadyOrder = (a, b) =>
  b.priority - a.priority ||
  b.criticalLength - a.criticalLength ||
  b.dependents - a.dependents ||
  b.estimate - a.estimate ||
  byAge(a, b);

/** Older first: creation time, then issue number. */
export function byAge(a: RankedTask, b: RankedTask): number {
  return a.createdAtMs - b.createdAtMs || a.number - b.number;
}
