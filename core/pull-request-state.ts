/**
 * A task's pull request as the merge policy sees it. Field values follow GitHub's GraphQL enums
 * (MergeStateStatus, StatusState, PullRequestReviewDecision), lower-cased.
 */

/** GitHub computes mergeability in the background: `unknown` until it has (REST `mergeable: null`). */
export type MergeState =
  'clean' | 'has_hooks' | 'blocked' | 'unstable' | 'behind' | 'dirty' | 'draft' | 'unknown';

/** The rollup of every check and commit status on the head commit; `none` when there are none. */
export type ChecksState = 'success' | 'failure' | 'pending' | 'none';

export type ReviewDecision = 'approved' | 'changes_requested' | 'review_required' | null;

export interface TaskPullRequest {
  number: number;
  nodeId: string;
  url: string;
  state: 'open' | 'closed' | 'merged';
  headRef: string;
  headSha: string;
  baseRef: string;
  mergeState: MergeState;
  checks: ChecksState;
  autoMergeEnabled: boolean;
  reviewDecision: ReviewDecision;
  /** Why the PR must wait for a person (protected paths, mode changes), from Drover's marker in its body. */
  holdReason: string | null;
  /** The head commit's checks and statuses that failed (name and conclusion), where read. */
  failedChecks?: readonly FailedCheck[];
}

export interface FailedCheck {
  name: string;
  /** GitHub's conclusion (failure, timed_out, cancelled, action_required…) or status state (failure, error), lower-cased. */
  conclusion: string;
}

const MERGE_STATES: ReadonlySet<string> = new Set([
  'clean',
  'has_hooks',
  'blocked',
  'unstable',
  'behind',
  'dirty',
  'draft',
  'unknown',
]);

/** REST `mergeable_state` / GraphQL `mergeStateStatus`, any case; anything else is `unknown`. */
export function toMergeState(value: string | null | undefined): MergeState {
  const lower = (value ?? 'unknown').toLowerCase();
  return MERGE_STATES.has(lower) ? (lower as MergeState) : 'unknown';
}

/** GraphQL `StatusState` (SUCCESS, FAILURE, ERROR, PENDING, EXPECTED) or null. */
export function toChecksState(value: string | null | undefined): ChecksState {
  switch ((value ?? '').toUpperCase()) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
    case 'ERROR':
      return 'failure';
    case 'PENDING':
    case 'EXPECTED':
      return 'pending';
    default:
      return 'none';
  }
}
