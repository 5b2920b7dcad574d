/**
 * The apply step: perform the planned writes in order, each on its own. A write that fails is
 * reported against its task and the others go on: one task's fault, or one poisoned artifact,
 * never stops the rest (the pass is retried for it later). Nothing else in the controller writes.
 */
import type { Action, ProjectStatusAction } from '../../../core/plan/actions.js';
import type { ApplyContext, Applied } from './apply-context.js';
import { dispatchAttempt } from './dispatch-attempt.js';
import { finishRevision } from './finish-revision.js';
import { enableAutoMerge, mergePullRequest, updateBranch } from './move-pull-request.js';
import { openPullRequest, publishWork } from './publish-work.js';
import { writeLabels, writeNote, writeStatus } from './write-views.js';
import { dispatchSpec, finishSpec } from '../../spec/apply-spec.js';

export async function applyActions(context: ApplyContext, actions: readonly Action[]): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (const action of actions) {
    try {
      applied.push({ action, ok: true, ...(await applyOne(context, action)) });
    } catch (error) {
      context.log.warn(
        `#${action.task} ${action.kind} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      applied.push({ action, ok: false, error });
    }
  }
  return applied;
}

async function applyOne(
  context: ApplyContext,
  action: Action,
): Promise<{ changed: boolean; detail?: string }> {
  switch (action.kind) {
    case 'dispatch':
      return { changed: true, detail: await dispatchAttempt(context, action) };
    case 'publish':
      return { changed: true, detail: await publishWork(context, action) };
    case 'open-pull-request':
      return { changed: true, detail: await openPullRequest(context, action) };
    case 'merge':
      return mergePullRequest(context, action);
    case 'enable-auto-merge':
      return enableAutoMerge(context, action);
    case 'update-branch':
      return updateBranch(context, action);
    case 'cancel-run':
      if (context.session.cancelRequested.has(action.runId))
        return { changed: false, detail: 'cancel already asked' };
      await context.gateway.runs.cancel(action.runId);
      context.session.cancelRequested.add(action.runId);
      return { changed: false, detail: `cancelled run ${action.runId}` };
    case 'label':
      return { changed: false, detail: await writeLabels(context, action) };
    case 'note':
      return { changed: false, detail: await writeNote(context, action) };
    case 'status':
      return { changed: action.ended !== null, detail: await writeStatus(context, action) };
    case 'project-status':
      return { changed: false, detail: await moveCard(context, action) };
    case 'dispatch-spec':
      return { changed: false, detail: await dispatchSpec(context, action) };
    case 'finish-spec':
      return finishSpec(context, action);
    case 'finish-revision':
      return { changed: false, detail: await finishRevision(context, action) };
    case 'delete-ref':
      await context.gateway.refs.delete(action.ref);
      forgetClaim(context, action.task, action.ref);
      return { changed: false, detail: `deleted ${action.ref}` };
  }
}

async function moveCard(context: ApplyContext, action: ProjectStatusAction): Promise<string> {
  const board = context.session.project;
  if (board?.field === null || board === null) return 'no board';
  await context.gateway.projects.setStatus(board.field, action.nodeId, action.option);
  board.statuses.set(action.nodeId, action.option);
  return `card → ${action.option}`;
}

/** A deleted claim's attempt is over for good: the session stops tracking it. */
function forgetClaim(context: ApplyContext, task: number, ref: string): void {
  const attempts = context.session.attempts.get(task);
  const number = Number(/attempt-(\d+)$/.exec(ref)?.[1]);
  // Its cost still counts against the run's budget: kept in the status comment's ledger.
  const cost = attempts?.get(number)?.result?.costUsd ?? 0;
  const settled = context.session.settledSpend;
  if (cost > 0) settled.set(task, (settled.get(task) ?? 0) + cost);
  attempts?.delete(number);
  if (attempts?.size === 0) context.session.attempts.delete(task);
}
