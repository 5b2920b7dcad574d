/** What approval is judged from (core/approval.ts): a task's timeline, edits and approved text. */
import type { ApprovalFacts } from '../approval.js';

/** A task whose approval facts are wanted. */
export interface ApprovalFactsRequest {
  task: number;
  /**
   * How many sub-issues (open or closed) the task had when last read: the read is sized to it.
   * A task found with more is read again with the full page, so a stale count costs a request,
   * never a fact.
   */
  subIssues: number;
}

export interface ApprovalFactsRead {
  /** Each task's facts, each read in one piece (tasks that do not exist are absent). */
  facts: Map<number, ApprovalFacts>;
  /** Tasks whose read failed; the others stand. */
  errors: Array<{ task: number; error: unknown }>;
}

export interface ApprovalsGateway {
  /** Our own app's bot login (`slug[bot]`): what it did, it did on a trusted person's command. */
  readonly ownLogin: string | null;
  /** Several tasks' facts, many tasks per GraphQL request. */
  approvalFacts(tasks: readonly ApprovalFactsRequest[]): Promise<ApprovalFactsRead>;
}
