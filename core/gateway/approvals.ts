/** What approval is judged from (core/approval.ts): a task's timeline, edits and approved text. */
import type { ApprovalFacts } from '../approval.js';

export interface ApprovalsGateway {
  /** Our own app's bot login (`slug[bot]`): what it did, it did on a trusted person's command. */
  readonly ownLogin: string | null;
  /** One task's facts (one GraphQL query), or null when the issue does not exist. */
  approvalFacts(task: number, taskLabel: string): Promise<ApprovalFacts | null>;
}
