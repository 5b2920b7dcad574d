/**
 * The shapes the pure core works on. Nothing here knows about Octokit or HTTP: the app's
 * gateway turns GitHub's answers into these, the planner turns them into a Plan, and the app
 * applies the Plan. Field names follow GitHub's where there is one.
 */

/** `owner/name`, as GitHub's `nameWithOwner`. */
export type RepoFullName = string;

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;

/** A reference to another issue (a blocker, a parent, a sub-issue), possibly in another repo. */
export interface IssueRef {
  number: number;
  repo: RepoFullName;
  /** REST numeric id (GraphQL `fullDatabaseId`): what REST sub-issue/dependency endpoints take. */
  databaseId?: number;
  nodeId?: string;
  title?: string;
  state: IssueState;
  stateReason: StateReason;
}

export interface PullRequestRef {
  number: number;
  state: 'open' | 'closed' | 'merged';
  headRefName: string;
  /** GraphQL `mergeStateStatus` (CLEAN, DIRTY, BLOCKED, BEHIND, UNKNOWN, …). */
  mergeStateStatus?: string;
  mergedAt?: string | null;
  url?: string;
}

/** An issue as loaded from GitHub: the input of the task model. */
export interface IssueInput {
  number: number;
  repo: RepoFullName;
  nodeId?: string;
  databaseId?: number;
  title: string;
  body: string;
  state: IssueState;
  stateReason: StateReason;
  labels: string[];
  /** GitHub's native "blocked by" links. */
  blockedBy: IssueRef[];
  parent: IssueRef | null;
  /** Ordered as GitHub orders them (the sub-issue list's priority order). */
  subIssues: IssueRef[];
  author: string;
  createdAt: string;
  updatedAt: string;
  closingPullRequests?: PullRequestRef[];
}

export type Priority = number; // 1..10, higher first

/** Drover's own lifecycle state of a task, derived from labels and issue state. */
export type TaskStatus = 'todo' | 'running' | 'review' | 'blocked' | 'failed' | 'done' | 'not_planned';

export interface Task {
  number: number;
  title: string;
  epic: string | null;
  priority: Priority;
  /** Issue numbers in the same repository this task waits on (native links + `blocked-by:#N`), deduped, sorted. */
  dependsOn: number[];
  /** Ordered sub-issue numbers (run inside this task's attempt, parent last). */
  children: number[];
  parent: number | null;
  status: TaskStatus;
  /** Estimated duration in abstract units (default 1; from `size:` labels or measured history). */
  estimate: number;
  createdAt: string;
  author: string;
}

/** A typed, human-readable problem with a task's input. Never an exception, never a silent default. */
export interface Problem {
  kind:
    | 'bad-priority'
    | 'bad-blocked-by'
    | 'self-dependency'
    | 'missing-dependency'
    | 'cross-repo-dependency'
    | 'multiple-epics'
    | 'multiple-priorities'
    | 'too-deep'
    | 'cycle'
    | 'not-planned-dependency'
    | 'bad-size'
    | 'config';
  /** The issues the problem is about (for a cycle: its members, in cycle order). */
  issues: number[];
  /** One sentence saying what is wrong and what to do about it. */
  message: string;
}

/** Per-task attempt bookkeeping, kept as a JSON marker in the task's one Drover comment. */
export interface AttemptRecord {
  /** Number of attempts dispatched so far (0 = never). */
  attempt: number;
  runId: number | null;
  dispatchedAt: string | null;
  /** Earliest time the next attempt may be dispatched (after a failure). */
  nextRetryAt: string | null;
  lastOutcome: 'success' | 'failed' | 'blocked' | null;
  reason: string | null;
  /** Wall-clock durations of finished attempts, ms (feeds estimates and the ETA). */
  durationsMs: number[];
  costUsd: number;
  wipBranch: string | null;
}

/** A `/drover run`, recorded in the dashboard issue's marker. */
export interface RunRecord {
  id: string;
  /** null = every task in the repository. */
  epic: string | null;
  workers: number;
  budgetUsd: number | null;
  paused: boolean;
  cancelled: boolean;
  startedBy: string;
  startedAt: string;
  /** Set when nothing in the run's scope could move any more: the run is over. */
  endedAt?: string | null;
  /** How it ended, in one line (`done: 15 tasks`, `stuck: 2 tasks need a person`). */
  verdict?: string | null;
}

/** A workflow run Drover dispatched and that is not completed yet. */
export interface InFlightRun {
  runId: number;
  task: number;
  attempt: number;
  status: 'queued' | 'in_progress' | 'waiting' | 'pending' | 'requested';
  createdAt: string;
}

/** Everything the planner needs, loaded from GitHub in one reconcile. */
export interface Snapshot {
  repo: RepoFullName;
  /** Open `drover` issues and their sub-issues. */
  issues: IssueInput[];
  /** Other issues referenced as blockers/parents (closed ones included), by number. */
  referenced: IssueRef[];
  attempts: Record<number, AttemptRecord>;
  inFlight: InFlightRun[];
  run: RunRecord | null;
  /**
   * Each open task's status as the controller derived it from its attempts and pull requests
   * (core/plan/task-progress.ts). Without it (the CLI, older callers) state labels are read.
   */
  statuses?: Record<number, TaskStatus>;
  /** Tasks that wait for a person's approval (core/approval.ts): never ready. */
  awaitingApproval?: ReadonlySet<number>;
}

export interface Dispatch {
  task: number;
  /** The attempt number this dispatch is (1-based). */
  attempt: number;
  /** Children run inside this attempt, in order (parent last, implied). */
  children: number[];
}

export interface Waiting {
  task: number;
  why:
    | 'blocker-open'
    | 'blocker-failed'
    | 'blocker-blocked'
    | 'out-of-scope-blocker'
    | 'not-planned-blocker'
    | 'retry-later'
    | 'cycle'
    | 'invalid'
    | 'no-worker'
    /** No one with the trust level approved the task, or its text changed since (core/approval.ts). */
    | 'awaiting-approval';
  /** The issues it waits on, where that applies. */
  on: number[];
  /** For `retry-later`: when. */
  until?: string;
}

export interface Plan {
  /** Tasks to start now, in dispatch order (at most the free worker slots). */
  dispatch: Dispatch[];
  /** Tasks whose attempts are exhausted: label `drover:failed` with the reason. */
  fail: Array<{ task: number; reason: string }>;
  /** Ready tasks in the order Drover would start them (dispatch is a prefix of this). */
  readyOrder: number[];
  waiting: Waiting[];
  problems: Problem[];
  /**
   * The longest chain by estimate through the work that can still run in the run's scope (see
   * Forecast), task numbers from first to last; empty when nothing can run.
   */
  criticalPath: number[];
  /** Earliest time a retry becomes due, so the app can schedule a resync then. */
  nextWakeAt: string | null;
  /** The planner's forecast of the rest of the run (what the ETA shows). */
  forecast?: Forecast;
}

/**
 * The rest of the run as the planner forecasts it, within the run's scope (the run's epic, or
 * every task), over the tasks that can still run: those under way, ready, waiting for a retry
 * time, or waiting only on blockers that can still run. Times are estimate units (1 unit =
 * ESTIMATE_UNIT_MS of wall clock, core/estimate.ts); estimates come from measured attempt
 * durations when there are any.
 */
export interface Forecast {
  /** From now until the last task that can still run would finish, list-scheduled in the planner's order on `workers`; 0 when nothing can run. */
  makespan: number;
  /** The length of `Plan.criticalPath` (attempts under way count what is left of them): no number of workers finishes sooner. */
  criticalLength: number;
  workers: number;
  /** How many dispatch units can still run. */
  runnable: number;
  /** Open tasks (dispatch units) that cannot run until a person acts, by number: failed, blocked, on a cycle, with an input problem, or waiting on such a task, on a task outside the scope, or on an issue closed as not planned or that Drover does not run. */
  stuck: number[];
  /** Measured milliseconds per nominal size unit (ESTIMATE_UNIT_MS when no attempt has finished). */
  msPerUnit: number;
  /** Finished attempts measured (0: nominal sizes are assumed). */
  samples: number;
}
