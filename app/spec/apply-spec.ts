/**
 * The writes of a `/drover spec` (core/plan/plan-specs.ts), made like every planned write:
 * - dispatch: claim `refs/drover/spec/<id>` (only one controller can), then dispatch the spec
 *   attempt on the default branch, within the claim's dispatch window; never retried (a lost
 *   dispatch leaves a claim with no run, which is answered as failed after the grace period);
 * - finish: import the backlog as the app (idempotent by ids: a crash half-way is finished by the
 *   next pass), load the new issues into the session so the same pass plans them, answer the
 *   command once (the reply is found again by its marker), close the request in the control
 *   record (compare-and-swap), and drop the claim.
 */
import { CLAIM_DISPATCH_WINDOW_MS, queuedRun } from '../../core/attempt-history.js';
import type { DispatchSpecAction, FinishSpecAction } from '../../core/plan/actions.js';
import { runAcceptsWork } from '../../core/plan/plan-dispatches.js';
import type { SpecAttempt } from '../../core/spec-attempt.js';
import { composeBody } from '../github/markers.js';
import { changeControl } from '../reconcile/control-store.js';
import type { ApplyContext } from '../reconcile/apply/apply-context.js';
import { applyRead } from '../reconcile/observe/merge-task-issues.js';
import { readApprovals } from '../reconcile/observe/read-approvals.js';
import { specReply } from './spec-reply.js';

export async function dispatchSpec(context: ApplyContext, action: DispatchSpecAction): Promise<string> {
  const { gateway, session } = context;
  const id = String(action.spec);
  const known: SpecAttempt = session.specs.get(id) ?? {
    id: action.spec,
    claimed: false,
    claimedAt: null,
    run: null,
    result: null,
  };
  const claimedAt = context.now();
  if ((await gateway.refs.create(action.claimRef, action.pinnedSha)) === 'exists') {
    session.specs.set(id, { ...known, claimed: true, claimedAt: known.claimedAt ?? claimedAt.toISOString() });
    return 'claimed elsewhere';
  }
  session.specs.set(id, { ...known, claimed: true, claimedAt: claimedAt.toISOString() });
  // Sent within the claim's dispatch window or never (docs/control-loop.md §4).
  const notAfter = Date.now() + claimedAt.getTime() + CLAIM_DISPATCH_WINDOW_MS - context.now().getTime();
  const runId = await gateway.runs.dispatch(
    context.facts.config.workflow,
    action.workflowRef,
    action.inputs,
    {
      notAfter,
    },
  );
  if (runId !== null) {
    session.specs.set(id, {
      ...known,
      claimed: true,
      claimedAt: claimedAt.toISOString(),
      run: queuedRun(runId, context.now().toISOString()),
    });
  }
  context.log.info(
    `dispatched the spec of comment ${action.spec} (#${action.task}) as run ${runId ?? '(not visible yet)'}`,
  );
  return `run ${runId ?? 'pending'}`;
}

/** `changed`: issues were imported, so the pass plans again (an active run starts on them). */
export async function finishSpec(
  context: ApplyContext,
  action: FinishSpecAction,
): Promise<{ changed: boolean; detail: string }> {
  const { gateway, session, facts } = context;
  const { result } = action;
  let imported = null;
  if (result.status === 'success' && result.backlog !== null) {
    if (gateway.backlog === undefined) throw new Error('this GitHub gateway cannot import a backlog');
    imported = await gateway.backlog.importJsonl(result.backlog);
    await loadImported(context, Object.values(imported.numbers));
  }
  const key = `spec-${action.spec}`;
  if ((await gateway.comments.findOwn(action.task, key)).length === 0) {
    const text = specReply({
      request: action.request,
      result,
      imported,
      config: facts.config,
      runActive: runAcceptsWork(facts.control.run) && facts.control.run.epic === null,
      repo: gateway.repo,
      now: context.now(),
    });
    await gateway.comments.create(action.task, composeBody(text, key));
  }
  facts.control = await changeControl(gateway, session, (record) => {
    const specs = { ...record.specs };
    if (specs[String(action.spec)] === undefined) return null;
    delete specs[String(action.spec)];
    return { ...record, specs };
  });
  await gateway.refs.delete(action.claimRef);
  session.specs.delete(String(action.spec));
  if (imported === null)
    return { changed: false, detail: `spec ${action.spec} answered: ${result.reason ?? 'failed'}` };
  return {
    changed: Object.keys(imported.numbers).length > 0,
    detail: `spec ${action.spec} imported: ${imported.issuesCreated} created, ${imported.issuesExisting} already there`,
  };
}

/**
 * The imported issues join the session now, so the rest of the pass (and its views) knows them,
 * approvals included: the app labelled them itself, on a trusted person's command, and without
 * their approvals read here the same pass would plan them as awaiting approval (read-approvals
 * reads only the tasks new to the session, i.e. these).
 */
async function loadImported(context: ApplyContext, numbers: number[]): Promise<void> {
  if (numbers.length === 0) return;
  // Their approval facts come with them (a new issue has no open sub-issue yet).
  const imported = await context.gateway.issues.loadNamedIssues(numbers);
  applyRead(context.session, { ...imported, referenced: [] }, context.facts.config.labels.task);
  const read = await readApprovals(context.gateway, context.session, context.facts, context.now());
  context.session.approvals = read.approvals;
  for (const { task, error } of read.errors)
    context.log.warn(`could not read who approved #${task} (next pass retries): ${String(error)}`);
}
