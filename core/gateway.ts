/**
 * The one door between Drover's logic and GitHub. The core owns this interface; the app
 * implements it over Octokit (`app/github/`), tests implement it with fakes. Everything the
 * app writes goes through here, so idempotency (find-before-create by marker, branch name or
 * run name) is the implementation's job and is tested once, here, not in every caller.
 */
import type { AttemptRecord, RepoFullName, RunRecord, Snapshot } from './types.js';

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface CommentRef {
  id: number;
  body: string;
  url: string;
}

export interface WorkflowRunInfo {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  url: string;
}

export interface CommitToWrite {
  message: string;
  /** Path → new content (base64) with mode, or null to delete. */
  files: Array<{ path: string; mode: '100644' | '100755' | '120000'; contentBase64: string | null }>;
  /** Extra parent (for a merge commit made by a resolve attempt). */
  extraParent?: string;
}

export interface PullRequestInfo {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  headRef: string;
  headSha: string;
  mergeable: boolean | null;
  /** REST `mergeable_state` (clean, dirty, blocked, behind, unstable, unknown). */
  mergeableState: string;
  nodeId: string;
}

export type MergeResult =
  | { kind: 'merged'; sha: string }
  | { kind: 'auto-merge-enabled' }
  | { kind: 'conflict' }
  | { kind: 'not-ready'; reason: string };

export interface ProjectStatusField {
  projectId: string;
  fieldId: string;
  /** Option name → option id. */
  options: Record<string, string>;
}

export interface RepoGateway {
  readonly repo: RepoFullName;

  /** Open task issues, their sub-issues and referenced blockers, attempt markers, in-flight runs and the active run. */
  loadSnapshot(): Promise<Snapshot>;
  /** `.github/drover.yml` from the default branch, or null when absent. */
  loadConfigText(): Promise<string | null>;
  getPermission(login: string): Promise<RepoPermission>;

  /** The active run, kept as a marker on the dashboard issue (created on first write). */
  readRun(): Promise<RunRecord | null>;
  writeRun(run: RunRecord): Promise<void>;
  writeAttempt(task: number, record: AttemptRecord): Promise<void>;

  /** Find our comment carrying `<!-- drover:<key> -->` on the issue and edit it, or create it. */
  upsertComment(issue: number, key: string, body: string): Promise<CommentRef>;
  findComment(issue: number, key: string): Promise<CommentRef | null>;
  /** A plain reply (command answers). */
  reply(issue: number, body: string): Promise<void>;
  setLabels(issue: number, change: { add?: string[]; remove?: string[] }): Promise<void>;

  /** workflow_dispatch; returns the run id (from `return_run_details`, or found by run name). */
  dispatchWorkflow(
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
    runName: string,
  ): Promise<number | null>;
  findRunByName(workflow: string, runName: string): Promise<WorkflowRunInfo | null>;
  getRun(runId: number): Promise<WorkflowRunInfo | null>;
  cancelRun(runId: number): Promise<void>;
  /** The attempt's artifact as zip bytes, or null when the run left none. */
  downloadArtifact(runId: number, name: string): Promise<Buffer | null>;

  defaultBranch(): Promise<{ name: string; sha: string }>;
  getBranchSha(branch: string): Promise<string | null>;
  /** Write commits on top of `baseSha` and point `branch` at the last one (force). Returns the new head sha. */
  writeCommits(branch: string, baseSha: string, commits: CommitToWrite[]): Promise<string>;
  findPullRequest(headBranch: string): Promise<PullRequestInfo | null>;
  openPullRequest(p: { head: string; base: string; title: string; body: string }): Promise<PullRequestInfo>;
  updatePullRequest(number: number, p: { title?: string; body?: string }): Promise<void>;
  getPullRequest(number: number): Promise<PullRequestInfo>;
  mergePullRequest(
    number: number,
    mode: 'auto' | 'direct',
    method: 'merge' | 'squash' | 'rebase',
  ): Promise<MergeResult>;
  /** Merge the base into the PR branch; 'conflict' when GitHub cannot. */
  updatePullRequestBranch(number: number): Promise<'updated' | 'conflict'>;

  findProjectStatusField(owner: string, number: number, field: string): Promise<ProjectStatusField | null>;
  setProjectStatus(field: ProjectStatusField, issueNodeId: string, option: string): Promise<void>;
  /**
   * Optional: each issue's current option name in the field (null when the issue is not on the
   * project or has no value), so unchanged cards cost no write. Without it, the project sync
   * remembers what it wrote last (see app/projects/sync-project.ts).
   */
  readProjectStatuses?(
    field: ProjectStatusField,
    issueNodeIds: string[],
  ): Promise<Map<string, string | null>>;
}
