/**
 * What the controller knows about one repository between reconciles: the answers of its
 * conditional reads, the task issues (kept up to date incrementally), each task's attempts and
 * pull requests, and the views it wrote. It is a cache: everything in it can be rebuilt from
 * GitHub (a new process does so with one full read), which is what makes a crash harmless.
 * Reconciles of one repository never run at once (RepoScheduler), so nothing here is shared.
 */
import type { Attempt } from '../../core/attempt-history.js';
import type { DroverConfig } from '../../core/config.js';
import type { ControlRecord } from '../../core/control-record.js';
import type { Approval, ApprovalFacts } from '../../core/approval.js';
import type { ProjectStatusField } from '../../core/gateway/projects.js';
import type { RepoPermission, RepositorySettings } from '../../core/gateway/repository.js';
import type { WorkflowRun } from '../../core/gateway/runs.js';
import { missingFieldText, projectKey } from './observe/read-project.js';
import type { TaskPullRequest } from '../../core/pull-request-state.js';
import type { CheckedPatch, NoteState, ProjectState, RepoState, StatusState } from '../../core/repo-state.js';
import type { SpecAttempt } from '../../core/spec-attempt.js';
import type { IssueInput, IssueRef } from '../../core/types.js';
import { ConditionalCache } from '../github/conditional-cache.js';
import { emptyStats, type RequestStats } from '../github/request-policy.js';

/** The facts a pass reads afresh (all conditional reads: free when unchanged). */
export interface PassFacts {
  webUrl: string;
  defaultBranch: { name: string; sha: string };
  config: DroverConfig;
  configProblems: string[];
  control: ControlRecord;
  /** The sha of the control record's commit (null: no record yet): the compare-and-swap's expected value. */
  controlSha: string | null;
  deletesMergedBranches: boolean;
}

export class RepoSession {
  readonly cache = new ConditionalCache();
  readonly stats: RequestStats = emptyStats();
  /** Open tasks, their sub-issues, and tasks that closed while this session watched. */
  readonly issues = new Map<number, IssueInput>();
  readonly referenced = new Map<number, IssueRef>();
  readonly pulls = new Map<number, TaskPullRequest[]>();
  /** By task, then attempt number. */
  readonly attempts = new Map<number, Map<number, Attempt>>();
  readonly patches = new Map<string, CheckedPatch>();
  /**
   * The paths Drover's commits changed on each task's branch, as this process published them (a
   * new process knows none): which open PRs a merge can make conflict (apply/move-pull-request.ts).
   */
  readonly publishedPaths = new Map<number, Set<string>>();
  readonly notes = new Map<number, NoteState>();
  /** Tasks whose note was looked for (so a missing note is known to be missing). */
  readonly notesKnown = new Set<number>();
  /** Control-record commits by sha (commits never change). */
  readonly commitMessages = new Map<string, string>();
  /** Run payloads webhooks delivered, consumed by the next pass. */
  readonly runHints = new Map<number, WorkflowRun>();
  /** Issues webhooks named as changed, read by number in the next pass. */
  readonly changedIssues = new Set<number>();
  /** Numbers a `blocked-by:#N` label names that GitHub does not know (read once per full read). */
  readonly missingIssues = new Set<number>();
  /** Runs this process asked GitHub to cancel (a cancel is asked once, not on every pass). */
  readonly cancelRequested = new Set<number>();
  /** The spec attempts of the control record's `/drover spec` requests, by comment id (app/spec/read-specs.ts). */
  readonly specs = new Map<string, SpecAttempt>();
  /** When this process first saw a claim it did not make and that has no run (claim ref → time). */
  readonly claimsFirstSeen = new Map<string, string>();
  /** Spend of attempts forgotten after their task was done, by task (RepoState.settledSpend). */
  readonly settledSpend = new Map<number, number>();
  /** Each open task's approval facts, as read at the task's `updatedAt` (observe/read-approvals.ts). */
  readonly approvalFacts = new Map<number, { updatedAt: string; facts: ApprovalFacts }>();
  /** People's permissions, with when they were read (ms). */
  readonly permissions = new Map<string, { permission: RepoPermission; at: number }>();
  /** This pass's approval of each open task. */
  approvals: ReadonlyMap<number, Approval> = new Map();
  status: StatusState = { commentId: null, body: null, signature: null, writtenAt: null };
  /** The last incremental read's watermark (null: the next pass reads everything). */
  watermark: string | null = null;
  lastFullReadAt: number | null = null;
  autoMergeAllowed = true;
  /** Until when `/drover` comments were looked for by a resync (ISO time). */
  commandsScannedAt: string | null = null;
  /** `/drover` comments this process is handling (queued or under way), by comment id. */
  readonly commandsInHand = new Set<number>();
  /** The repository's settings as the last full read found them. */
  repoSettings: RepositorySettings | null = null;
  /** Set by a webhook or an error: the next pass reads everything. */
  fullReadWanted = true;
  /** The Projects board, for the `project:` configuration it was read for (`owner/number/field`). */
  project: { key: string; field: ProjectStatusField | null; statuses: Map<string, string | null> } | null =
    null;

  constructor(readonly repo: string) {}

  attemptsOf(task: number): Map<number, Attempt> {
    let byNumber = this.attempts.get(task);
    if (byNumber === undefined) {
      byNumber = new Map();
      this.attempts.set(task, byNumber);
    }
    return byNumber;
  }

  putAttempt(task: number, attempt: Attempt): void {
    this.attemptsOf(task).set(attempt.number, attempt);
  }

  /** Records a task's pull request as just read or written (newest first). */
  putPull(task: number, pr: TaskPullRequest): void {
    const others = (this.pulls.get(task) ?? []).filter((known) => known.number !== pr.number);
    this.pulls.set(task, [pr, ...others]);
  }

  private projectState(facts: PassFacts): ProjectState | null {
    const project = facts.config.project;
    if (project === null || this.project?.key !== projectKey(project)) return null;
    const field = this.project.field;
    return {
      field,
      problem: field === null ? missingFieldText(project) : null,
      statuses: this.project.statuses,
    };
  }

  /** The state the planner reads, from what this session knows and the pass's fresh facts. */
  state(facts: PassFacts, unknownTasks: ReadonlySet<number> = new Set()): RepoState {
    return {
      repo: this.repo,
      webUrl: facts.webUrl,
      defaultBranch: facts.defaultBranch,
      config: facts.config,
      configProblems: facts.configProblems,
      control: facts.control,
      issues: [...this.issues.values()],
      referenced: [...this.referenced.values()],
      attempts: new Map(
        [...this.attempts].map(([task, byNumber]) => [
          task,
          [...byNumber.values()].sort((a, b) => a.number - b.number),
        ]),
      ),
      pulls: this.pulls,
      branchHeads: new Map(),
      patches: this.patches,
      notes: this.notes,
      status: this.status,
      autoMergeAllowed: this.autoMergeAllowed,
      deletesMergedBranches: facts.deletesMergedBranches,
      unknownTasks,
      project: this.projectState(facts),
      specs: this.specs,
      settledSpend: this.settledSpend,
      approvals: this.approvals,
    };
  }
}
