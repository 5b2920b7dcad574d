/**
 * What one reconcile knows about a repository: the input of the pure planner
 * (core/plan/plan-reconcile.ts). The app's observe step builds it from GitHub
 * (app/reconcile/observe.ts); tests build it by hand.
 */
import type { Approval } from './approval.js';
import type { Attempt } from './attempt-history.js';
import type { DroverConfig } from './config.js';
import type { ControlRecord } from './control-record.js';
import type { CommitToWrite } from './gateway/commits.js';
import type { ProjectStatusField } from './gateway/projects.js';
import type { TaskPullRequest } from './pull-request-state.js';
import type { SpecAttempt } from './spec-attempt.js';
import type { IssueInput, IssueRef, RepoFullName } from './types.js';

/** A finished attempt's patch, checked by effect and bound to what was dispatched, ready to write. */
export interface CheckedPatch {
  commits: CommitToWrite[];
  /** Why the result must wait for a person instead of merging by itself (protected paths, modes). */
  holdReasons: string[];
  /** The pull request a successful implement attempt opens (its body neutralised and bounded). */
  pullRequest: { title: string; body: string };
}

export interface NoteState {
  commentId: number;
  body: string;
}

export interface StatusState {
  commentId: number | null;
  /** The body as last written, when known. */
  body: string | null;
  /** The signature of the status last written (RenderedStatus.signature). */
  signature: string | null;
  writtenAt: string | null;
}

/** The Projects (v2) board, when `project:` is configured. */
export interface ProjectState {
  /** The board's Status field, or null when it could not be found. */
  field: ProjectStatusField | null;
  /** What is wrong with the board's configuration, for the status comment (null: nothing). */
  problem: string | null;
  /** Each task issue's current option (by issue node id), as last read or written. */
  statuses: ReadonlyMap<string, string | null>;
}

export interface RepoState {
  repo: RepoFullName;
  /** Base URL of the web UI for links: https://github.com, a GHES host, the simulator. */
  webUrl: string;
  defaultBranch: { name: string; sha: string };
  config: DroverConfig;
  /** What stops the loop: an invalid .github/drover.yml, a missing or unusable attempt workflow. */
  configProblems: string[];
  control: ControlRecord;
  /** Open tasks, their open sub-issues, and tasks closed since the active run started. */
  issues: IssueInput[];
  referenced: IssueRef[];
  /** Each task's attempts, by task number, ascending attempt number. */
  attempts: ReadonlyMap<number, readonly Attempt[]>;
  /** Each task's pull requests from its attempt branches, newest first. */
  pulls: ReadonlyMap<number, readonly TaskPullRequest[]>;
  /** Attempt branch → its head, where read (a head that moved off the pinned commit was published). */
  branchHeads: ReadonlyMap<string, string>;
  /** Checked patches of finished attempts whose work is not written yet, by `task/attempt`. */
  patches: ReadonlyMap<string, CheckedPatch>;
  /** Drover's note on each task that has one. */
  notes: ReadonlyMap<number, NoteState>;
  status: StatusState;
  /** false once GitHub refused auto-merge because the repository does not allow it. */
  autoMergeAllowed: boolean;
  /** The repository deletes a merged PR's head branch itself (`delete_branch_on_merge`). */
  deletesMergedBranches: boolean;
  /** Tasks whose state could not be read this pass: nothing is planned for them. */
  unknownTasks: ReadonlySet<number>;
  /** null when no board is configured. */
  project: ProjectState | null;
  /**
   * Spend of attempts whose refs were deleted once their task was done (their attempts are no
   * longer read), by task: kept for the run's budget and spend, in the status comment's ledger.
   */
  settledSpend?: ReadonlyMap<number, number>;
  /** The spec attempts of the control record's `/drover spec` requests, by comment id (absent: not read). */
  specs?: ReadonlyMap<string, SpecAttempt>;
  /**
   * Each open task's approval (core/approval.ts). The observe step always sets it; a task missing
   * from it is not approved. Absent only in states tests build by hand (no approval gate then).
   */
  approvals?: ReadonlyMap<number, Approval>;
}

export function patchKey(task: number, attempt: number): string {
  return `${task}/${attempt}`;
}
