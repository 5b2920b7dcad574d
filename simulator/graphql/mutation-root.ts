/** The `Mutation` root: the mutations Drover performs. Others answer GitHub's "not implemented" way. */
import { addProjectV2ItemById, updateProjectV2ItemFieldValue } from './mutations/projects.js';
import { disablePullRequestAutoMerge, enablePullRequestAutoMerge } from './mutations/auto-merge.js';
import {
  addBlockedBy,
  addLabelsToLabelable,
  addSubIssue,
  removeBlockedBy,
  removeSubIssue,
} from './mutations/issue-graph.js';

export const mutationRoot = {
  addSubIssue,
  removeSubIssue,
  addBlockedBy,
  removeBlockedBy,
  addLabelsToLabelable,
  enablePullRequestAutoMerge,
  disablePullRequestAutoMerge,
  addProjectV2ItemById,
  updateProjectV2ItemFieldValue,
};
