/**
 * Tasks in review: what the merge policy (core/merge-policy.ts) decides for each open pull
 * request, as writes (merge, enable auto-merge, update the branch), as follow-up attempts the
 * dispatch step starts (a resolve attempt for a conflict), or as a reason to wait.
 */
import { decideMerge, type WaitReason } from '../merge-policy.js';
import type { RepoState } from '../repo-state.js';
import type { EnableAutoMergeAction, MergeAction, UpdateBranchAction } from './actions.js';
import type { FollowUp } from './plan-dispatches.js';
import type { TaskProgress } from './task-progress.js';

/** Why a task in review is not merging now. */
export type ReviewWait = WaitReason | 'conflict-needs-person' | 'conflict-retry-later';

export interface MergePlan {
  actions: Array<MergeAction | EnableAutoMergeAction | UpdateBranchAction>;
  followUps: FollowUp[];
  /** Why each task in review is not merging now. */
  waiting: Map<number, ReviewWait>;
  /** When a pull request GitHub is still computing should be looked at again. */
  recheckAt: string | null;
}

/** GitHub computes mergeability in the background, usually within seconds (REST `mergeable: null`). */
const MERGEABILITY_RECHECK_MS = 3_000;

export function planMerges(state: RepoState, progress: Iterable<TaskProgress>, now: Date): MergePlan {
  const plan: MergePlan = { actions: [], followUps: [], waiting: new Map(), recheckAt: null };
  const context = { autoMergeAllowed: state.autoMergeAllowed };
  for (const entry of progress) {
    if (entry.phase !== 'review' || entry.pr === null) continue;
    const pr = entry.pr;
    const decision = decideMerge(pr, state.config.merge, context);
    if (decision === null) continue;
    switch (decision.kind) {
      case 'merge':
        plan.actions.push({
          kind: 'merge',
          task: entry.task,
          pullRequest: pr.number,
          method: decision.method,
          sha: decision.sha,
        });
        break;
      case 'enable-auto-merge':
        plan.actions.push({
          kind: 'enable-auto-merge',
          task: entry.task,
          pullRequest: pr.number,
          nodeId: pr.nodeId,
          method: decision.method,
          sha: decision.sha,
        });
        break;
      case 'update-branch':
        plan.actions.push({
          kind: 'update-branch',
          task: entry.task,
          pullRequest: pr.number,
          sha: decision.sha,
        });
        break;
      case 'resolve':
        resolveOrWait(plan, entry, now);
        break;
      case 'wait':
        plan.waiting.set(entry.task, decision.why);
        if (decision.why === 'computing')
          plan.recheckAt = earliest(plan.recheckAt, now, MERGEABILITY_RECHECK_MS);
        break;
    }
  }
  return plan;
}

/** A conflict is resolved by an attempt while the task has attempts left and its backoff is over. */
function resolveOrWait(plan: MergePlan, entry: TaskProgress, now: Date): void {
  if (entry.pr === null) return;
  if (entry.verdict.exhausted) {
    plan.waiting.set(entry.task, 'conflict-needs-person');
    return;
  }
  const retryAt = entry.verdict.retryAt;
  if (retryAt !== null && Date.parse(retryAt) > now.getTime()) {
    plan.waiting.set(entry.task, 'conflict-retry-later');
    plan.recheckAt = plan.recheckAt === null || retryAt < plan.recheckAt ? retryAt : plan.recheckAt;
    return;
  }
  plan.followUps.push({ task: entry.task, kind: 'resolve', pr: entry.pr });
}

function earliest(current: string | null, now: Date, delayMs: number): string {
  const at = new Date(now.getTime() + delayMs).toISOString();
  return current === null || at < current ? at : current;
}
