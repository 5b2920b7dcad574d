/** The Actions state: workflow ids, runs, their jobs and logs. */
import type { CommitSummary } from './git-repository.js';

/**
 * A run's status: `queued` (waiting for a runner), `pending` (held by its concurrency group),
 * `in_progress`, `completed`. (`requested` and `waiting` are GitHub's too: the first is only
 * the webhook's action here, the second needs environments, which the simulator does not have.)
 */
export type RunStatus = 'requested' | 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed';
export type RunConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface WorkflowRecord {
  id: number;
  repo: string;
  path: string;
  name: string;
  createdAt: string;
}

export interface StepRecord {
  number: number;
  name: string;
  status: RunStatus;
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface JobRecord {
  id: number;
  /** The job's id in the runtime token's `scp` claim. */
  backendId: string;
  name: string;
  /** `runs-on` labels. */
  labels: string[];
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  runnerName: string | null;
  steps: StepRecord[];
  /** This job's part of the run log. */
  log: string[];
  /** `<owner/name>:<group>` of the job's evaluated `concurrency.group`, or null. */
  concurrencyGroup: string | null;
}

/** A pull request a run was triggered for (`pull_requests` of the run and its check suite). */
export interface RunPullRequest {
  id: number;
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
}

export interface RunRecord {
  id: number;
  /** `owner/name` */
  repo: string;
  owner: string;
  name: string;
  workflowId: number;
  workflowName: string;
  workflowPath: string;
  displayTitle: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  headBranch: string;
  /** The commit the run is for (its check suite's head): a pull request's head for `pull_request`. */
  headSha: string;
  /** GITHUB_SHA: the head, or a pull request's test merge commit. */
  githubSha: string;
  /** GITHUB_REF: `refs/heads/<branch>`, `refs/tags/<tag>` or `refs/pull/<n>/merge`. */
  githubRef: string;
  pullRequests: RunPullRequest[];
  /** The run's own check suite (GitHub Actions makes one per run). */
  checkSuiteId: number;
  /** What the job's GITHUB_EVENT_PATH holds: the triggering event's payload. */
  eventPayload: Record<string, unknown>;
  headCommit: CommitSummary;
  actor: string;
  inputs: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  /** Backend ids the artifact service knows the run by (the runtime token's `scp` claim). */
  backendId: string;
  jobs: JobRecord[];
  log: string[];
  /** What the steps wrote to GITHUB_STEP_SUMMARY (markdown). */
  summary: string;
  cancelRequested: boolean;
  /** `<owner/name>:<group>` of the workflow's evaluated `concurrency.group`, or null. */
  concurrencyGroup: string | null;
}

export interface RunFilter {
  repo: string;
  workflowId?: number;
  /** A status or a conclusion, as GitHub's `status` query parameter. */
  status?: string;
  event?: string;
  actor?: string;
  branch?: string;
  headSha?: string;
  checkSuiteId?: number;
  /** `created` as a predicate on the run's creation time (see date-range.ts). */
  created?: (createdAt: string) => boolean;
}

export class RunStore {
  private readonly workflows = new Map<string, WorkflowRecord>();
  private readonly runs = new Map<number, RunRecord>();
  private readonly runNumbers = new Map<number, number>();

  /** The workflow's record, created with a fresh id the first time the path is seen. */
  workflow(repo: string, path: string, name: string, makeId: () => number, now: string): WorkflowRecord {
    const key = `${repo.toLowerCase()}:${path}`;
    const existing = this.workflows.get(key);
    if (existing) {
      existing.name = name;
      return existing;
    }
    const record = { id: makeId(), repo, path, name, createdAt: now };
    this.workflows.set(key, record);
    return record;
  }

  workflowById(repo: string, id: number): WorkflowRecord | undefined {
    return [...this.workflows.values()].find(
      (w) => w.id === id && w.repo.toLowerCase() === repo.toLowerCase(),
    );
  }

  nextRunNumber(workflowId: number): number {
    const next = (this.runNumbers.get(workflowId) ?? 0) + 1;
    this.runNumbers.set(workflowId, next);
    return next;
  }

  add(run: RunRecord): void {
    this.runs.set(run.id, run);
  }

  get(repo: string, id: number): RunRecord | undefined {
    const run = this.runs.get(id);
    return run && run.repo.toLowerCase() === repo.toLowerCase() ? run : undefined;
  }

  byBackendId(backendId: string): RunRecord | undefined {
    return [...this.runs.values()].find((run) => run.backendId === backendId);
  }

  /** Newest first, as GitHub lists runs. */
  list(filter: RunFilter): RunRecord[] {
    return [...this.runs.values()]
      .filter((run) => run.repo.toLowerCase() === filter.repo.toLowerCase())
      .filter((run) => filter.workflowId === undefined || run.workflowId === filter.workflowId)
      .filter(
        (run) =>
          filter.status === undefined || run.status === filter.status || run.conclusion === filter.status,
      )
      .filter((run) => filter.event === undefined || run.event === filter.event)
      .filter((run) => filter.actor === undefined || run.actor === filter.actor)
      .filter((run) => filter.branch === undefined || run.headBranch === filter.branch)
      .filter((run) => filter.headSha === undefined || run.headSha === filter.headSha)
      .filter((run) => filter.checkSuiteId === undefined || run.checkSuiteId === filter.checkSuiteId)
      .filter((run) => filter.created === undefined || filter.created(run.createdAt))
      .sort((a, b) => b.id - a.id);
  }

  all(): RunRecord[] {
    return [...this.runs.values()];
  }
}
