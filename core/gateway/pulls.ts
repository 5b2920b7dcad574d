/** Pull requests: open, read, merge, auto-merge, update branch. */
import type { TaskPullRequest } from '../pull-request-state.js';

export type OpenPullRequestResult = { kind: 'opened'; pr: TaskPullRequest } | { kind: 'exists' };

export type MergeResult =
  | { kind: 'merged'; sha: string }
  /** GitHub refused: not mergeable now (405), or the head moved (409). */
  | { kind: 'refused'; reason: string };

export type AutoMergeResult =
  | { kind: 'enabled' }
  /** The PR can merge now (GitHub: "Pull request is in clean status"): merge it directly. */
  | { kind: 'already-mergeable' }
  /** The repository does not allow auto-merge: merge directly when it is mergeable. */
  | { kind: 'not-allowed' }
  | { kind: 'refused'; reason: string };

export type UpdateBranchResult =
  { kind: 'updated' } | { kind: 'conflict' } | { kind: 'refused'; reason: string };

export interface PullsGateway {
  get(number: number): Promise<TaskPullRequest>;
  /** Several pull requests by node id, in one read (GitHub takes up to 100 ids a query). */
  getMany(nodeIds: string[]): Promise<TaskPullRequest[]>;
  /** The newest pull request from a head branch of this repository, open or not. */
  findByHead(branch: string): Promise<TaskPullRequest | null>;
  open(p: { head: string; base: string; title: string; body: string }): Promise<OpenPullRequestResult>;
  merge(number: number, method: 'merge' | 'squash' | 'rebase', sha: string): Promise<MergeResult>;
  enableAutoMerge(
    nodeId: string,
    method: 'merge' | 'squash' | 'rebase',
    expectedHeadSha: string,
  ): Promise<AutoMergeResult>;
  updateBranch(number: number, expectedHeadSha: string): Promise<UpdateBranchResult>;
}
