/**
 * One pass of Drover's control loop for one repository: observe (bring the session up to date
 * with GitHub), plan (pure: every intended write), apply (each write on its own). When a round of
 * writes changes what the planner reads (an attempt started, work published, a PR merged), the
 * pass plans again from the session, without reading GitHub again, so a success is published,
 * opened and merged in one pass where GitHub allows it. docs/control-loop.md §3.
 */
import type { RepoGateway } from '../../core/gateway/index.js';
import { planReconcile, type PlanRenderers, type ReconcilePlan } from '../../core/plan/plan-reconcile.js';
import { traceApply, traceObserve, tracePlan } from '../telemetry/loop-spans.js';
import { NO_TELEMETRY, type Telemetry } from '../telemetry/telemetry.js';
import type { Applied, Logger } from './apply/apply-context.js';
import { observe } from './observe/observe.js';
import type { RepoSession } from './repo-session.js';

export interface ReconcileDeps {
  now: () => Date;
  log: Logger;
  renderers: PlanRenderers;
  /** The web UI's base URL, for links in what Drover writes. */
  webUrl: string;
  /** Rounds of plan-and-apply in one pass (default 4). */
  maxRounds?: number;
  /** Spans of the pass's steps (app/telemetry); none by default. */
  telemetry?: Telemetry;
}

export interface ReconcileReport {
  repo: string;
  applied: Applied[];
  /** Writes or reads that failed: the pass is retried soon for them. */
  failures: Array<{ task: number; what: string; error: unknown }>;
  /** The last plan (what the views showed). */
  plan: ReconcilePlan;
  nextWakeAt: string | null;
}

export async function reconcile(
  gateway: RepoGateway,
  session: RepoSession,
  deps: ReconcileDeps,
): Promise<ReconcileReport> {
  const telemetry = deps.telemetry ?? NO_TELEMETRY;
  const observation = await traceObserve(telemetry, () =>
    observe(gateway, session, { now: deps.now(), webUrl: deps.webUrl }),
  );
  const { facts } = observation;
  const failures: ReconcileReport['failures'] = observation.taskErrors.map(({ task, error }) => ({
    task,
    what: 'read',
    error,
  }));
  const applied: Applied[] = [];
  const context = { gateway, session, facts, now: deps.now, log: deps.log };
  let plan = tracePlan(telemetry, 1, () => planReconcile(observation.state, deps.now(), deps.renderers));
  for (let round = 1; round <= (deps.maxRounds ?? 4) && plan.actions.length > 0; round++) {
    const results = await traceApply(telemetry, round, context, plan.actions);
    applied.push(...results);
    for (const result of results)
      if (!result.ok)
        failures.push({ task: result.action.task, what: result.action.kind, error: result.error });
    const unknown = new Set([...observation.state.unknownTasks, ...failures.map((failure) => failure.task)]);
    plan = tracePlan(telemetry, round + 1, () =>
      planReconcile(session.state(facts, unknown), deps.now(), deps.renderers),
    );
    if (!results.some((result) => result.ok && result.changed)) break;
  }
  return { repo: gateway.repo, applied, failures, plan, nextWakeAt: plan.nextWakeAt };
}
