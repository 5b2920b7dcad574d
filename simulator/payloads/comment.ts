/** An issue comment as GitHub's `issue-comment` schema. */
import type { SimStore } from '../state/store.js';
import type { CommentRecord } from '../state/types.js';
import { presentIntegration } from './app.js';
import { presentReactionRollup } from './reactions.js';
import { presentSimpleUser } from './user.js';

export function presentComment(store: SimStore, comment: CommentRecord): Record<string, unknown> {
  const { api, web } = store.urls;
  const repo = store.repos.require(comment.repo);
  const url = `${api}/repos/${repo.fullName}/issues/comments/${comment.id}`;
  const issue = store.issues.require(repo.fullName, comment.issueNumber);
  const kind = issue.pullNumber ? 'pull' : 'issues';
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url,
    html_url: `${web}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: presentSimpleUser(store.urls, store.users.require(comment.user)),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    author_association: store.repos.authorAssociation(repo, comment.user),
    performed_via_github_app: comment.viaApp ? presentIntegration(store) : null,
    reactions: presentReactionRollup(`${url}/reactions`, comment.reactions),
  };
}
