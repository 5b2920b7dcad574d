/**
 * The one merge policy: given a task's open pull request and the config, what to do now.
 * GitHub's merge states (docs: GraphQL `MergeStateStatus`): CLEAN and HAS_HOOKS can merge;
 * BLOCKED waits on required checks or reviews; UNSTABLE is mergeable with a failing check;
 * BEHIND must be updated first (the branch protection requires it); DIRTY conflicts; UNKNOWN
 * means GitHub is still computing. A PR is never merged red unless `merge.checks: required`
 * (then a failing check that is not required does not hold it).
 */
import type { DroverConfig } from './config.js';
import type { TaskPullRequest } from './pull-request-state.js';

export type WaitReason =
  | 'computing'
  | 'checks-pending'
  | 'checks-failed'
  | 'review-required'
  | 'auto-merge-armed'
  | 'manual'
  | 'person'
  | 'draft';

export type MergeDecision =
  | { kind: 'merge'; method: DroverConfig['merge']['method']; sha: string }
  | { kind: 'enable-auto-merge'; method: DroverConfig['merge']['method']; sha: string }
  | { kind: 'update-branch'; sha: string }
  | { kind: 'resolve' }
  | { kind: 'wait'; why: WaitReason };

export interface MergeContext {
  /** false once GitHub refused auto-merge because the repository does not allow it. */
  autoMergeAllowed: boolean;
}

const wait = (why: WaitReason): MergeDecision => ({ kind: 'wait', why });

export function decideMerge(
  pr: TaskPullRequest,
  merge: DroverConfig['merge'],
  context: MergeContext,
): MergeDecision | null {
  if (pr.state !== 'open') return null;
  if (merge.mode === 'manual') return wait('manual');
  if (pr.holdReason !== null) return wait('person');
  switch (pr.mergeState) {
    case 'unknown':
      return wait('computing');
    case 'draft':
      return wait('draft');
    case 'dirty':
      return { kind: 'resolve' };
    case 'behind':
      return { kind: 'update-branch', sha: pr.headSha };
    case 'unstable':
      // Mergeable, but a check (not a required one) failed or is still running.
      if (merge.checks === 'required') return mergeNow(pr, merge);
      return wait(pr.checks === 'pending' ? 'checks-pending' : 'checks-failed');
    case 'blocked':
      return whenBlocked(pr, merge, context);
    case 'clean':
    case 'has_hooks':
      return whenMergeable(pr, merge);
  }
}

function mergeNow(pr: TaskPullRequest, merge: DroverConfig['merge']): MergeDecision {
  return { kind: 'merge', method: merge.method, sha: pr.headSha };
}

/** Required checks or reviews have not passed: let GitHub merge when they do (auto), or wait. */
function whenBlocked(
  pr: TaskPullRequest,
  merge: DroverConfig['merge'],
  context: MergeContext,
): MergeDecision {
  if (pr.checks === 'failure') return wait('checks-failed');
  if (pr.reviewDecision === 'review_required' || pr.reviewDecision === 'changes_requested')
    return wait('review-required');
  // GitHub's auto-merge also merges a PR whose non-required checks failed (`unstable`): it is
  // armed only when the required checks are all that count; otherwise Drover merges it itself
  // once every check is green (it reacts to the check events).
  if (merge.mode !== 'auto' || merge.checks !== 'required' || !context.autoMergeAllowed)
    return wait('checks-pending');
  if (pr.autoMergeEnabled) return wait('auto-merge-armed');
  return { kind: 'enable-auto-merge', method: merge.method, sha: pr.headSha };
}

/** Required checks passed; with `merge.checks: all` the others must have finished green too. */
function whenMergeable(pr: TaskPullRequest, merge: DroverConfig['merge']): MergeDecision {
  if (merge.checks === 'all' && pr.checks === 'pending') return wait('checks-pending');
  if (merge.checks === 'all' && pr.checks === 'failure') return wait('checks-failed');
  return mergeNow(pr, merge);
}

/**
 * Does the policy hold this PR because checks failed, with nothing else to do first (a conflict
 * or an out-of-date branch is handled before, GitHub must have computed the state)? That is when
 * a fix attempt is due. With `merge.checks: required`, a failing check that is not required does
 * not hold a mergeable PR (`unstable`, `clean`), so it needs no fix.
 */
export function checksHoldMerge(pr: TaskPullRequest, merge: DroverConfig['merge']): boolean {
  if (pr.state !== 'open' || pr.checks !== 'failure') return false;
  switch (pr.mergeState) {
    case 'blocked':
      return true;
    case 'unstable':
    case 'clean':
    case 'has_hooks':
      return merge.checks === 'all';
    default:
      return false;
  }
}
