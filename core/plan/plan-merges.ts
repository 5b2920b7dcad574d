/**
 * Tasks in review: what the merge policy (core/merge-policy.ts) decides for each open pull
 * request, as writes (merge, enable auto-merge, update the branch), as follow-up attempts the
 * dispatch step starts (a resolve attempt for a conflict), or as a reason to wait.
 */
import { checksHoldMerge, decideMerge, type WaitReason } from '../merge-policy.js';
import type { RepoState } from '../repo-state.js';
import type { EnableAutoMergeAction, MergeAction, UpdateBranchAction } from './actions.js';
import { fixAttemptsUsed, fixWanted, revisionRequests, servingAttempt } from './follow-ups.js';
import type { FollowUp } from './plan-dispatches.js';
import type { TaskProgress } from './task-progress.js';

/** Why a task in review is not merging now. */
export type ReviewWait =
  | WaitReason
  | 'conflict-needs-person'
  | 'conflict-retry-later'
  /** Checks failed: a fix attempt starts (or waits for a worker). */
  | 'fixing'
  /** Checks failed and the last fix attempt failed: the next one follows after the retry delay. */
  | 'fix-retry-later'
  /** A trusted person asked for changes: a revise attempt starts (or waits for a worker). */
  | 'revising';

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
    // A revision asked for comes before merging (the person wants the PR changed first); a
    // failed check is fixed before anything else can move it.
    if (planFollowUp(plan, state, entry, now)) continue;
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

/** A revise or fix attempt for a task in review, or a wait for one; false when neither is due. */
function planFollowUp(plan: MergePlan, state: RepoState, entry: TaskProgress, now: Date): boolean {
  const pr = entry.pr;
  if (pr === null || pr.state !== 'open') return false;
  const revision = revisionRequests(state.control, entry.task).find(
    ({ request }) =>
      request.pullRequest === pr.number && servingAttempt(entry.attempts, request, now) === null,
  );
  if (revision !== undefined) {
    plan.followUps.push({ task: entry.task, kind: 'revise', pr, feedback: revision.key });
    plan.waiting.set(entry.task, 'revising');
    return true;
  }
  if (!checksHoldMerge(pr, state.config.merge) || pr.holdReason !== null) return false;
  const fixes = fixAttemptsUsed(entry.attempts, state.control, entry.task, now);
  if (!fixWanted(pr, fixes)) {
    plan.waiting.set(entry.task, 'checks-pending');
    return true;
  }
  // taskProgress marks the task failed once the fixes are used up; a failed fix waits its delay.
  const retryAt = fixes.at(-1)?.result?.status === 'failed' ? entry.verdict.retryAt : null;
  if (retryAt !== null && Date.parse(retryAt) > now.getTime()) {
    plan.waiting.set(entry.task, 'fix-retry-later');
    plan.recheckAt = plan.recheckAt === null || retryAt < plan.recheckAt ? retryAt : plan.recheckAt;
    return true;
  }
  plan.followUps.push({ task: entry.task, kind: 'fix', pr });
  plan.waiting.set(entry.task, 'fixing');
  return true;
}

function earliest(current: string | null, now: Date, delayMs: number): string {
  const at = new Date(now.getTime() + delayMs).toISOString();
  return current === null || at < current ? at : current;
}
