/**
 * The merge policy's writes on a task's pull request. Each answer updates what the session knows
 * of the PR, so the next round of planning acts on it at once: auto-merge refused because the PR
 * is already clean → merge it now; refused because the repository does not allow it → merge
 * directly whenever it is clean; a branch update that conflicts → a resolve attempt.
 *
 * A merge moves the base branch, and GitHub computes again whether the other open PRs merge
 * cleanly. Those that change a path the merged one changed (or whose paths this process does not
 * know) may conflict now: they are marked unknown, and a merge planned for them in the same round
 * waits for GitHub's answer instead of being refused (405) and tried again: a write saved.
 * PRs with disjoint paths cannot conflict with it and merge at once.
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
  const known = (context.session.pulls.get(action.task) ?? []).find((pr) => pr.number === action.pullRequest);
  if (known?.mergeState === 'unknown')
    return {
      changed: false,
      detail: 'not merged yet: the base moved, GitHub computes its mergeability again',
    };
  const result = await context.gateway.pulls.merge(action.pullRequest, action.method, action.sha);
  if (result.kind === 'merged') {
    updatePull(context, action.task, action.pullRequest, { state: 'merged' });
    baseMoved(context, action.task, known?.baseRef);
    context.log.info(`merged PR #${action.pullRequest} (closes #${action.task})`);
    return { changed: true, detail: `merged ${result.sha.slice(0, 7)}` };
  }
  // GitHub refused (not mergeable now, or the head moved): read it again next pass.
  updatePull(context, action.task, action.pullRequest, { mergeState: 'unknown' });
  return { changed: false, detail: `not merged: ${result.reason}` };
}

/** After a merge into `baseRef`: the open PRs into it that may conflict now are unknown again. */
function baseMoved(context: ApplyContext, mergedTask: number, baseRef: string | undefined): void {
  const { publishedPaths, pulls } = context.session;
  const merged = publishedPaths.get(mergedTask);
  const mayConflict = (task: number): boolean => {
    const paths = publishedPaths.get(task);
    if (merged === undefined || paths === undefined) return true;
    return [...paths].some((path) => [...merged].some((other) => overlaps(path, other)));
  };
  for (const [task, prs] of pulls) {
    if (task === mergedTask || !mayConflict(task)) continue;
    pulls.set(
      task,
      prs.map((pr) =>
        pr.state === 'open' && (baseRef === undefined || pr.baseRef === baseRef)
          ? { ...pr, mergeState: 'unknown' }
          : pr,
      ),
    );
  }
  publishedPaths.delete(mergedTask);
}

/** The same path, or one inside the other (a deleted directory and a file below it). */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
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
