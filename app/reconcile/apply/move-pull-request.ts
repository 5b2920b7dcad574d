/**
 * The merge policy's writes on a task's pull request. Each answer updates what the session knows
 * of the PR, so the next round of planning acts on it at once: auto-merge refused because the PR
 * is already clean → merge it now; refused because the repository does not allow it → merge
 * directly whenever it is clean; a branch update that conflicts → a resolve attempt.
 */
import type { TaskPullRequest } from '../../../core/pull-request-state.js';
import type { EnableAutoMergeAction, MergeAction, UpdateBranchAction } from '../../../core/plan/actions.js';
import type { ApplyContext } from './apply-context.js';

function updatePull(
  context: ApplyContext,
  task: number,
  number: number,
  change: Partial<TaskPullRequest>,
): void {
  const prs = context.session.pulls.get(task) ?? [];
  context.session.pulls.set(
    task,
    prs.map((pr) => (pr.number === number ? { ...pr, ...change } : pr)),
  );
}

export async function mergePullRequest(
  context: ApplyContext,
  action: MergeAction,
): Promise<{ changed: boolean; detail: string }> {
  const result = await context.gateway.pulls.merge(action.pullRequest, action.method, action.sha);
  if (result.kind === 'merged') {
    updatePull(context, action.task, action.pullRequest, { state: 'merged' });
    context.log.info(`merged PR #${action.pullRequest} (closes #${action.task})`);
    return { changed: true, detail: `merged ${result.sha.slice(0, 7)}` };
  }
  // GitHub refused (not mergeable now, or the head moved): read it again next pass.
  updatePull(context, action.task, action.pullRequest, { mergeState: 'unknown' });
  return { changed: false, detail: `not merged: ${result.reason}` };
}

export async function enableAutoMerge(
  context: ApplyContext,
  action: EnableAutoMergeAction,
): Promise<{ changed: boolean; detail: string }> {
  const result = await context.gateway.pulls.enableAutoMerge(action.nodeId, action.method, action.sha);
  switch (result.kind) {
    case 'enabled':
      updatePull(context, action.task, action.pullRequest, { autoMergeEnabled: true });
      return { changed: false, detail: 'auto-merge enabled' };
    case 'already-mergeable':
      updatePull(context, action.task, action.pullRequest, { mergeState: 'clean' });
      return { changed: true, detail: 'mergeable now' };
    case 'not-allowed':
      context.session.autoMergeAllowed = false;
      return { changed: true, detail: 'the repository does not allow auto-merge' };
    case 'refused':
      updatePull(context, action.task, action.pullRequest, { mergeState: 'unknown' });
      return { changed: false, detail: `auto-merge refused: ${result.reason}` };
  }
}

export async function updateBranch(
  context: ApplyContext,
  action: UpdateBranchAction,
): Promise<{ changed: boolean; detail: string }> {
  const result = await context.gateway.pulls.updateBranch(action.pullRequest, action.sha);
  if (result.kind === 'conflict') {
    updatePull(context, action.task, action.pullRequest, { mergeState: 'dirty' });
    return { changed: true, detail: 'the update conflicts' };
  }
  updatePull(context, action.task, action.pullRequest, { mergeState: 'unknown' });
  return {
    changed: false,
    detail: result.kind === 'updated' ? 'branch updated' : `not updated: ${result.reason}`,
  };
}
