/** Task issues: the snapshot, labels, and the dashboard issue. */
import type { ApprovalFacts } from '../approval.js';
import type { TaskPullRequest } from '../pull-request-state.js';
import type { IssueInput, IssueRef } from '../types.js';

export interface TaskIssues {
  /** Task issues (labelled) and their sub-issues; with `since`, only those updated since then. */
  issues: IssueInput[];
  /** Issues referenced as blockers or parents that are not tasks (closed ones included). */
  referenced: IssueRef[];
  /** Each task's pull requests from Drover branches, by task number. */
  pulls: Map<number, TaskPullRequest[]>;
  /** The latest `updatedAt` seen: the next incremental read starts there. */
  watermark: string | null;
  /**
   * Approval facts read with the issues, each as of its issue's `updatedAt`: for every issue
   * whose facts the read holds whole (no open sub-issue); the others need an approval read.
   */
  approvalFacts?: ReadonlyMap<number, ApprovalFacts>;
}

export interface IssuesGateway {
  /**
   * The task issues. `since: null` reads every open task; a time reads tasks (open or closed)
   * updated since then: the incremental pass (docs/control-loop.md §3).
   */
  loadTasks(taskLabel: string, since: string | null): Promise<TaskIssues>;
  /** Specific issues by number (blockers named by labels, tasks a webhook named). */
  loadIssues(numbers: number[]): Promise<IssueInput[]>;
  /** The same read with what comes with it (approval facts; no pull requests, no watermark). */
  loadNamedIssues(numbers: number[]): Promise<TaskIssues>;
  addLabels(issue: number, labels: string[]): Promise<void>;
  /** Removes a label; one that is not there is not an error. */
  removeLabel(issue: number, label: string): Promise<void>;
  create(p: { title: string; body: string; labels: string[] }): Promise<number>;
}
