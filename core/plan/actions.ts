/**
 * Every write a reconcile may make, as data. The planner returns the list; the apply step
 * (app/reconcile/apply.ts) performs each through the gateway and nothing else writes. Each action
 * names the task it is for, so a failure is reported against that task and no other.
 */
import type { AttemptKind } from '../attempt-names.js';
import type { SpecRequest } from '../control-record.js';
import type { CommitToWrite } from '../gateway/commits.js';
import type { SpecResult } from '../spec-attempt.js';

interface ForTask {
  /** The task this write is for (0 for repository-wide writes such as the status comment). */
  task: number;
}

/** Claim attempt `attempt` of `task` (create `claimRef` at `pinnedSha`), then dispatch its run. */
export interface DispatchAction extends ForTask {
  kind: 'dispatch';
  attempt: number;
  attemptKind: AttemptKind;
  slot: number;
  claimRef: string;
  pinnedSha: string;
  /** The ref the workflow runs on: the attempt branch (implement) or the default branch. */
  workflowRef: string;
  inputs: Record<string, string>;
  runName: string;
}

/** Write a successful attempt's commits on its branch (a compare-and-swap from `expectedHead`). */
export interface PublishAction extends ForTask {
  kind: 'publish';
  attempt: number;
  branch: string;
  expectedHead: string;
  commits: CommitToWrite[];
  /** Partial work of a failed or blocked attempt: kept on its branch, no pull request follows. */
  partial: boolean;
}

export interface OpenPullRequestAction extends ForTask {
  kind: 'open-pull-request';
  attempt: number;
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface MergeAction extends ForTask {
  kind: 'merge';
  pullRequest: number;
  method: 'merge' | 'squash' | 'rebase';
  /** The head the decision was made for: GitHub refuses (409) if it moved. */
  sha: string;
}

export interface EnableAutoMergeAction extends ForTask {
  kind: 'enable-auto-merge';
  pullRequest: number;
  nodeId: string;
  method: 'merge' | 'squash' | 'rebase';
  sha: string;
}

export interface UpdateBranchAction extends ForTask {
  kind: 'update-branch';
  pullRequest: number;
  sha: string;
}

export interface CancelRunAction extends ForTask {
  kind: 'cancel-run';
  runId: number;
}

export interface LabelAction extends ForTask {
  kind: 'label';
  add: string[];
  remove: string[];
}

/** Drover's one note on a task: written when the task cannot move, removed (null) when it can. */
export interface NoteAction extends ForTask {
  kind: 'note';
  body: string | null;
}

/** The run's status comment (and the ledger it carries) on the dashboard issue. */
export interface StatusAction extends ForTask {
  kind: 'status';
  body: string;
  /** What the body says without what drifts (kept in the comment to compare with next time). */
  signature: string;
  /** The run ended with this verdict (one line): the control record closes the run too. */
  ended: string | null;
}

/** Refs of a finished task's attempts that nothing needs any more. */
export interface DeleteRefAction extends ForTask {
  kind: 'delete-ref';
  ref: string;
}

/** The task's card on the Projects board moves to `option` (added to the board if missing). */
export interface ProjectStatusAction extends ForTask {
  kind: 'project-status';
  nodeId: string;
  option: string;
}

/**
 * Start the spec attempt of a `/drover spec` (comment `spec`): claim `claimRef` at the default
 * branch's head, then dispatch its run on the default branch. `task` is the command's issue.
 */
export interface DispatchSpecAction extends ForTask {
  kind: 'dispatch-spec';
  spec: number;
  claimRef: string;
  pinnedSha: string;
  workflowRef: string;
  inputs: Record<string, string>;
  runName: string;
}

/**
 * A spec attempt is over: import its backlog (when it succeeded), answer the command with the
 * tree and the plan (or why not), close the request and drop its claim.
 */
export interface FinishSpecAction extends ForTask {
  kind: 'finish-spec';
  spec: number;
  claimRef: string;
  request: SpecRequest;
  result: SpecResult;
}

/**
 * A revision request is over: its revise attempt pushed a commit (`sha`), failed or blocked
 * (`reason`), or the pull request closed before one ran. The request leaves the control record
 * and the person who asked is answered on the pull request.
 */
export interface FinishRevisionAction extends ForTask {
  kind: 'finish-revision';
  key: string;
  pullRequest: number;
  by: string;
  outcome: 'revised' | 'failed' | 'dropped';
  sha: string | null;
  reason: string | null;
}

export type Action =
  | DispatchAction
  | PublishAction
  | OpenPullRequestAction
  | MergeAction
  | EnableAutoMergeAction
  | UpdateBranchAction
  | CancelRunAction
  | LabelAction
  | NoteAction
  | StatusAction
  | DeleteRefAction
  | ProjectStatusAction
  | DispatchSpecAction
  | FinishSpecAction
  | FinishRevisionAction;

export type ActionKind = Action['kind'];
