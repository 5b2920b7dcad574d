/**
 * The work that can still run, as the planner sees it at one moment, and the forecast of it.
 *
 * A dispatch unit can still run when an attempt of it is under way, or it is ready, or it waits
 * only for its retry time, or it waits only on blockers that can themselves still run (or are
 * in review: only their merge is left). Everything else in the run's scope is stuck until a
 * person acts: failed or blocked tasks, tasks on a cycle or with an input problem, tasks whose
 * blocker failed, is blocked, is outside the run, was closed as not planned or is an open issue
 * Drover does not run, and every task downstream of one of those.
 *
 * The forecast list-schedules that work on the run's workers (list-schedule.ts), with the
 * estimates the planner ranks by; the critical path and the ETA people read are computed over
 * the same units, within the run's scope.
 */
import type { ListSchedule, ListScheduleInput } from './list-schedule.js';
import { NOT_SCHEDULED } from './list-schedule.js';
import { longestChain } from './task-graph.js';
import type { SnapshotAnalysis } from './snapshot-analysis.js';
import type { Forecast } from './types.js';
import type { EstimateBasis } from './estimate.js';

/** What triage decided for a todo unit that is not under way. */
export type Verdict =
  /** may start now */
  | 'ready'
  /** may start at its retry time */
  | 'retry'
  /** waits only on open blockers Drover runs (it starts when they finish) */
  | 'blocked'
  /** anything else: it cannot run until a person acts */
  | 'held';

export interface UnitStates {
  /** By node index; undefined for units that are not todo, or are under way. */
  verdicts: ReadonlyArray<Verdict | undefined>;
  /** By node index: for `retry`, when it is due, in estimate units from now. */
  release: Float64Array;
  /** Unit numbers with an attempt under way (some may have closed meanwhile: not in the DAG). */
  busy: ReadonlySet<number>;
  /** Remaining estimate of each attempt under way. */
  remaining: (unit: number) => number;
  /** Whether a unit is in the run's scope, by node index. */
  inScope: Uint8Array;
  workers: number;
}

export interface RemainingWork {
  /** The list schedule's input, without the order (the planner chooses it). */
  input: Omit<ListScheduleInput, 'rank'>;
  /** By node index: 1 when the unit can still run. */
  runnable: Uint8Array;
}

export function remainingWork(analysis: SnapshotAnalysis, states: UnitStates): RemainingWork {
  const { dag, order } = analysis.dag;
  const runnable = new Uint8Array(dag.size);
  const pending = new Int32Array(dag.size).fill(NOT_SCHEDULED);
  const duration = Float64Array.from(dag.estimate);
  const running: Array<{ node: number; remaining: number }> = [];
  for (const unit of states.busy) {
    const node = dag.indexOf.get(unit) ?? -1;
    const remaining = states.remaining(unit);
    running.push({ node, remaining });
    if (node < 0) continue;
    runnable[node] = 1;
    duration[node] = remaining;
  }
  for (const node of order) {
    if (runnable[node] === 1) continue;
    const blockers = runnableBlockers(analysis, node, states.verdicts[node], runnable);
    if (blockers === null) continue;
    runnable[node] = 1;
    pending[node] = blockers;
  }
  const release = states.release;
  return { input: { dag, workers: states.workers, duration, pending, release, running }, runnable };
}

/** How many of a unit's blockers it waits for in the forecast, or null when it cannot run. */
function runnableBlockers(
  analysis: SnapshotAnalysis,
  node: number,
  verdict: Verdict | undefined,
  runnable: Uint8Array,
): number | null {
  if (verdict === 'ready' || verdict === 'retry') return 0;
  if (verdict !== 'blocked') return null;
  const { dag } = analysis.dag;
  let count = 0;
  for (let edge = dag.predecessorStart[node]!; edge < dag.predecessorStart[node + 1]!; edge++) {
    const blocker = dag.predecessors[edge]!;
    if (runnable[blocker] === 1) count++;
    // A blocker in review counts as finished: only its merge is left.
    else if (analysis.units[blocker]?.task.status !== 'review') return null;
  }
  return count;
}

/** The forecast people read: ETA, critical path and what is stuck, within the run's scope. */
export function summariseForecast(
  analysis: SnapshotAnalysis,
  states: UnitStates,
  work: RemainingWork,
  schedule: ListSchedule,
  basis: EstimateBasis,
): { forecast: Forecast; criticalPath: number[] } {
  const { dag, order } = analysis.dag;
  const include = new Uint8Array(dag.size);
  let makespan = 0;
  let runnable = 0;
  const stuck: number[] = [];
  for (let node = 0; node < dag.size; node++) {
    if (states.inScope[node] !== 1) continue;
    if (work.runnable[node] === 1) {
      include[node] = 1;
      runnable++;
      const finish = schedule.finish[node]!;
      if (finish > makespan) makespan = finish;
    } else if (isStuck(analysis, node)) stuck.push(dag.ids[node]!);
  }
  const chain = longestChain(dag, order, work.input.duration, include);
  return {
    forecast: {
      makespan,
      criticalLength: chain.length,
      workers: states.workers,
      runnable,
      stuck: stuck.sort((a, b) => a - b),
      msPerUnit: basis.msPerUnit,
      samples: basis.samples,
    },
    criticalPath: chain.path,
  };
}

/** Open, not in review and not under way, yet not runnable: it waits for a person. */
function isStuck(analysis: SnapshotAnalysis, node: number): boolean {
  const status = analysis.units[node]?.task.status;
  return status === 'todo' || status === 'failed' || status === 'blocked';
}
