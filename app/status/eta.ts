/**
 * When will the run be done? The planner's own forecast (Plan.forecast, core/remaining-work.ts):
 * the tasks that can still run in the run's scope, list-scheduled on the run's workers in exactly
 * the order the planner starts them, by the core's one list scheduler. Estimates come from
 * measured attempt durations: a task's own mean when it has finished attempts, else its size at
 * the pace measured over every finished attempt (the nominal ESTIMATE_UNIT_MS per size unit
 * before any attempt has finished, and the ETA says it is assumed). Running attempts count their
 * elapsed time as done; tasks in review count as finished (only the merge is left). Tasks that
 * cannot run until a person acts (failed, blocked, on a cycle, waiting on one of those or on
 * something outside the run) are left out and listed. Pure.
 */
import { ESTIMATE_UNIT_MS } from '../../core/estimate.js';
import type { Plan } from '../../core/types.js';

export type Eta =
  | { kind: 'finished' }
  /** Tasks are left, but none of them can run until a person acts. */
  | { kind: 'stuck'; excluded: number[] }
  /** A plan made without a forecast (none of the planner's own plans). */
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
      workers: number;
      /** Tasks left out of the estimate because they cannot finish without a person. */
      excluded: number[];
    };

export function estimateEta(plan: Pick<Plan, 'forecast'>, now: Date): Eta {
  const forecast = plan.forecast;
  if (forecast === undefined) return { kind: 'unknown', reason: 'the plan has no forecast', excluded: [] };
  if (forecast.runnable === 0)
    return forecast.stuck.length === 0 ? { kind: 'finished' } : { kind: 'stuck', excluded: forecast.stuck };
  // Whole milliseconds: sums of fractional units carry float noise.
  const remainingMs = Math.round(forecast.makespan * ESTIMATE_UNIT_MS);
  return {
    kind: 'estimate',
    finishAt: new Date(now.getTime() + remainingMs).toISOString(),
    remainingMs,
    criticalPathMs: Math.round(forecast.criticalLength * ESTIMATE_UNIT_MS),
    msPerUnit: forecast.msPerUnit,
    samples: forecast.samples,
    workers: forecast.workers,
    excluded: forecast.stuck,
  };
}
