/**
 * The `Mutation` root: the mutations Drover performs. Any other mutation of GitHub's schema
 * validates but fails naming itself as not implemented (see field-resolver.ts).
 */
import { addProjectV2ItemById, updateProjectV2ItemFieldValue } from './mutations/projects.js';
import { createCommitOnBranch } from './mutations/commit-on-branch.js';
import { disablePullRequestAutoMerge, enablePullRequestAutoMerge } from './mutations/auto-merge.js';
import { mergePullRequest, updatePullRequestBranch } from './mutations/merge.js';
import {
  addBlockedBy,
  addLabelsToLabelable,
  addSubIssue,
  removeBlockedBy,
  removeSubIssue,
  reprioritizeSubIssue,
} from './mutations/issue-graph.js';

export const mutationRoot = {
  addSubIssue,
  removeSubIssue,
  reprioritizeSubIssue,
  addBlockedBy,
  removeBlockedBy,
  addLabelsToLabelable,
  enablePullRequestAutoMerge,
  disablePullRequestAutoMerge,
  mergePullRequest,
  updatePullRequestBranch,
  addProjectV2ItemById,
  updateProjectV2ItemFieldValue,
  createCommitOnBranch,
};
