/**
 * Bring a task labelled `drover:running` forward, whatever point an earlier reconcile (or a
 * crash) left it at. The attempt marker says where it is:
 *   - outcome recorded (or no attempt): the labels were not finished  → finish them;
 *   - attempt taken, no run id:          the dispatch may not have happened → find the run by
 *                                        name, dispatch only if there is none;
 *   - run id, run still going:           nothing to do;
 *   - run id, run completed or vanished: settle it.
 */
import type { Snapshot } from '../../core/types.js';
import { emptyAttemptRecord } from '../github/record-schemas.js';
import { attemptRunName } from '../github/run-name.js';
import { sendDispatch } from './dispatch-attempt.js';
import type { ReconcileContext } from './reconcile-context.js';
import { finishLabels, settleAttempt } from './settle-attempt.js';

export async function resumeRunningTask(
  context: ReconcileContext,
  snapshot: Snapshot,
  task: number,
): Promise<void> {
  const { gateway, config } = context;
  const issue = snapshot.issues.find((candidate) => candidate.number === task);
  if (!issue) return;
  const record = snapshot.attempts[task] ?? emptyAttemptRecord();
  if (record.attempt === 0 || record.lastOutcome !== null) {
    await finishLabels(context, task, record);
    return;
  }
  if (record.runId === null) {
    const found = await gateway.findRunByName(config.workflow, attemptRunName(task, record.attempt));
    const runId =
      found?.id ??
      (await sendDispatch(context, { task, attempt: record.attempt, mode: 'implement' }, snapshot.run));
    if (runId !== null) await gateway.writeAttempt(task, { ...record, runId });
    context.report.changed = true;
    context.log.info(
      `#${task} attempt ${record.attempt}: ${found ? 'found' : 'dispatched'} run ${runId ?? '(not visible yet)'}`,
    );
    return;
  }
  if (snapshot.inFlight.some((run) => run.runId === record.runId)) return;
  const run = await gateway.getRun(record.runId);
  if (run && run.status !== 'completed') return;
  const children = issue.subIssues
    .filter((child) => child.state === 'open' && child.repo === issue.repo)
    .map((child) => child.number);
  await settleAttempt(context, issue, children, record, run);
}
