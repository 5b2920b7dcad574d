/**
 * One pass of Drover's control loop for one repository: load the state from GitHub, move
 * every running and in-review task forward, plan with the pure planner, apply the plan, and
 * let the status/projects views catch up. Everything it needs is read from GitHub each time,
 * so it can be run again at any moment, after any crash, with the same result.
 */
import { defaultConfig, parseConfig, type DroverConfig } from '../../core/config.js';
import type { RepoGateway } from '../../core/gateway.js';
import type { Plan, Snapshot } from '../../core/types.js';
import { dispatchAttempt } from './dispatch-attempt.js';
import { followPullRequest } from './follow-pull-request.js';
import {
  emptyReport,
  silentLogger,
  type Logger,
  type ReconcileContext,
  type ReconcileReport,
} from './reconcile-context.js';
import { resumeRunningTask } from './resume-running-task.js';

export type { ReconcileReport } from './reconcile-context.js';

export type Planner = (snapshot: Snapshot, config: DroverConfig, now: Date) => Plan;

/** What the views (status comments, project board) get after each reconcile. */
export interface ReconcileView {
  gateway: RepoGateway;
  snapshot: Snapshot;
  plan: Plan | null;
  config: DroverConfig;
  configProblems: string[];
  now: Date;
  report: ReconcileReport;
}

export interface ReconcileDeps {
  planner: Planner;
  now?: () => Date;
  log?: Logger;
  /** Status comments, project board: called after the plan was applied. */
  views?: Array<(view: ReconcileView) => Promise<void>>;
  /** The repo's config when the caller already read it. */
  loadedConfig?: LoadedConfig;
}

export interface LoadedConfig {
  config: DroverConfig;
  /** Problems in .github/drover.yml; non-empty means the defaults stand in and nothing is dispatched. */
  problems: string[];
}

export async function loadConfig(
  gateway: RepoGateway,
): Promise<{ config: DroverConfig; problems: string[] }> {
  const text = await gateway.loadConfigText();
  if (text === null) return { config: defaultConfig(), problems: [] };
  const parsed = parseConfig(text);
  if (parsed.ok) return { config: parsed.config, problems: [] };
  return { config: defaultConfig(), problems: parsed.problems };
}

function tasksLabelled(snapshot: Snapshot, label: string): number[] {
  return snapshot.issues
    .filter((issue) => issue.state === 'open' && issue.labels.includes(label))
    .map((issue) => issue.number);
}

export async function reconcile(gateway: RepoGateway, deps: ReconcileDeps): Promise<ReconcileReport> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? silentLogger;
  const report = emptyReport(gateway.repo);
  const { config, problems } = deps.loadedConfig ?? (await loadConfig(gateway));
  let snapshot = await gateway.loadSnapshot();
  const views = async (plan: Plan | null): Promise<void> => {
    for (const view of deps.views ?? [])
      await view({ gateway, snapshot, plan, config, configProblems: problems, now, report });
  };
  if (problems.length > 0) {
    // An invalid config dispatches nothing; the status comment says what to fix.
    report.configProblems = problems;
    log.warn(`${gateway.repo}: .github/drover.yml is invalid: ${problems.join('; ')}`);
    await views(null);
    return report;
  }
  const context: ReconcileContext = { gateway, config, now, log, report };
  for (const task of tasksLabelled(snapshot, config.labels.running))
    await resumeRunningTask(context, snapshot, task);
  for (const task of tasksLabelled(snapshot, config.labels.review))
    await followPullRequest(context, snapshot, task);
  if (report.changed) snapshot = await gateway.loadSnapshot();
  const plan = deps.planner(snapshot, config, now);
  const changedBeforeApply = report.changed;
  report.changed = false;
  await applyPlan(context, snapshot, plan);
  report.nextWakeAt = plan.nextWakeAt;
  if (!report.changed) {
    report.changed = changedBeforeApply;
    await views(plan);
    return report;
  }
  // The views show the state after this reconcile's writes, so they read it back once.
  snapshot = await gateway.loadSnapshot();
  await views(deps.planner(snapshot, config, now));
  return report;
}

async function applyPlan(context: ReconcileContext, snapshot: Snapshot, plan: Plan): Promise<void> {
  const { gateway, config } = context;
  const run = snapshot.run;
  if (run?.cancelled) {
    for (const inFlight of snapshot.inFlight) {
      await gateway.cancelRun(inFlight.runId);
      context.report.cancelledRuns.push(inFlight.runId);
    }
  }
  for (const failure of plan.fail) {
    const issue = snapshot.issues.find((candidate) => candidate.number === failure.task);
    if (issue?.labels.includes(config.labels.failed)) continue;
    await gateway.setLabels(failure.task, { add: [config.labels.failed], remove: [config.labels.running] });
    context.report.failed.push(failure.task);
    context.report.changed = true;
  }
  // The planner dispatches only within an active run; the guard keeps a paused or cancelled run still.
  if (!run || run.paused || run.cancelled) return;
  for (const start of plan.dispatch) {
    await dispatchAttempt(
      context,
      { task: start.task, attempt: start.attempt, mode: 'implement' },
      snapshot.attempts[start.task],
      run,
    );
  }
}
