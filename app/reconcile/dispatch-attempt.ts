/**
 * Start one attempt. The order of the writes is what makes a crash harmless:
 *   1. label `drover:running`      (the task leaves the ready set; the planner won't pick it again)
 *   2. attempt marker, runId null  (the attempt number is taken; dispatch is pending)
 *   3. workflow_dispatch           (run name `drover #<task> attempt <n>`)
 *   4. attempt marker with runId
 * A reconcile that finds step 2 without step 4 looks for the run by name before dispatching,
 * so the same attempt never gets a second run (see resume-running-task.ts).
 */
import type { AttemptRecord, RunRecord } from '../../core/types.js';
import { emptyAttemptRecord } from '../github/record-schemas.js';
import { attemptRunName } from '../github/run-name.js';
import type { ReconcileContext } from './reconcile-context.js';

export interface AttemptToStart {
  task: number;
  attempt: number;
  mode: 'implement' | 'resolve';
  /** For a resolve attempt: the conflicted PR. */
  pullRequest?: number;
}

export function workflowInputs(start: AttemptToStart, run: RunRecord | null): Record<string, string> {
  const inputs: Record<string, string> = {
    task: String(start.task),
    attempt: String(start.attempt),
    run: run?.id ?? '',
  };
  if (start.mode === 'resolve') {
    inputs.mode = 'resolve';
    if (start.pullRequest !== undefined) inputs['pull-request'] = String(start.pullRequest);
  }
  return inputs;
}

export async function dispatchAttempt(
  context: ReconcileContext,
  start: AttemptToStart,
  previous: AttemptRecord | undefined,
  run: RunRecord | null,
): Promise<void> {
  const { gateway, config, now } = context;
  await gateway.setLabels(start.task, { add: [config.labels.running] });
  const pending: AttemptRecord = {
    ...(previous ?? emptyAttemptRecord()),
    attempt: start.attempt,
    runId: null,
    dispatchedAt: now.toISOString(),
    nextRetryAt: null,
    lastOutcome: null,
  };
  await gateway.writeAttempt(start.task, pending);
  context.report.changed = true;
  const runId = await sendDispatch(context, start, run);
  if (runId !== null) await gateway.writeAttempt(start.task, { ...pending, runId });
  context.report.dispatched.push({ task: start.task, attempt: start.attempt, runId, mode: start.mode });
  context.log.info(
    `dispatched #${start.task} attempt ${start.attempt} (${start.mode}) as run ${runId ?? '(not visible yet)'}`,
  );
}

/** workflow_dispatch on the default branch: workflows and config come from there, never from a task branch. */
export async function sendDispatch(
  context: ReconcileContext,
  start: AttemptToStart,
  run: RunRecord | null,
): Promise<number | null> {
  const { gateway, config } = context;
  const branch = await gateway.defaultBranch();
  return gateway.dispatchWorkflow(
    config.workflow,
    branch.name,
    workflowInputs(start, run),
    attemptRunName(start.task, start.attempt),
  );
}
