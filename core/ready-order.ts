/**
 * The order Drover starts ready tasks in. The planner sorts with it and the scheduling benchmark
 * measures exactly it (`bench/schedule.ts`), so both live here.
 */

/** What an ordering may look at for one task. */
export interface RankedTask {
  number: number;
  priority: number;
  /** b-level: sum of estimates along the longest chain from this task to the end, its own included. */
  criticalLength: number;
  estimate: number;
  /** Direct dependents in the remaining DAG. */
  dependents: number;
  /** Sum of the direct dependents' estimates. */
  dependentWork: number;
  /** Creation time in ms since the epoch (issue age). */
  createdAtMs: number;
}

/** A comparator over ready tasks: negative when `a` starts before `b`. */
export type ReadyOrder = (a: RankedTask, b: RankedTask) => number;

/** Priority first (people decide), then the critical path: the classic list-scheduling rule. */
function byPriorityThenCriticalPath(a: RankedTask, b: RankedTask): number {
  return b.priority - a.priority || b.criticalLength - a.criticalLength;
}

/** Older first: creation time, then issue number. */
export function byAge(a: RankedTask, b: RankedTask): number {
  return a.createdAtMs - b.createdAtMs || a.number - b.number;
}

/** On equal chains, the task that unblocks more dependents ("most immediate successors first"). */
export const droverOrder: ReadyOrder = (a, b) =>
  byPriorityThenCriticalPath(a, b) || b.dependents - a.dependents || byAge(a, b);

/** On equal chains, the older task. */
export const criticalPathThenAge: ReadyOrder = (a, b) => byPriorityThenCriticalPath(a, b) || byAge(a, b);

/** On equal chains, the task whose dependents hold more work. */
export const criticalPathThenDependentWork: ReadyOrder = (a, b) =>
  byPriorityThenCriticalPath(a, b) || b.dependentWork - a.dependentWork || byAge(a, b);

/**
 * The orders the planner chooses from. They differ only in how they break ties between tasks of
 * equal priority and equal critical path; when there are more ready tasks than free workers, the
 * planner forecasts the rest of the run under each (forecast-makespan.ts) and takes the first
 * with the shortest forecast. No choice among them overrides a priority or a longer chain.
 */
export const DROVER_ORDERS: readonly ReadyOrder[] = [
  droverOrder,
  criticalPathThenAge,
  criticalPathThenDependentWork,
];
