/** A pull request as GitHub's `pull-request` (and `pull-request-simple`) schema. */
import type { SimStore } from '../state/store.js';
import type { PullRecord } from '../state/types.js';
import { presentLabel } from './label.js';
import { presentRepository } from './repository.js';
import { presentSimpleUser } from './user.js';

export function presentPullRequestSimple(store: SimStore, pull: PullRecord): Record<string, unknown> {
  const { api, web } = store.urls;
  const repo = store.repos.require(pull.repo);
  const issue = store.issues.requireById(pull.issueId);
  const owner = store.users.require(repo.owner);
  const url = `${api}/repos/${repo.fullName}/pulls/${pull.number}`;
  const issueUrl = `${api}/repos/${repo.fullName}/issues/${pull.number}`;
  const htmlUrl = `${web}/${repo.fullName}/pull/${pull.number}`;
  const user = (login: string) => presentSimpleUser(store.urls, store.users.require(login));
  const assignees = issue.assignees.map(user);
  const repository = presentRepository(store, repo);
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: presentSimpleUser(store.urls, owner),
    repo: repository,
  });
  const statusesUrl = `${api}/repos/${repo.fullName}/statuses/${pull.headSha}`;
  return {
    url,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${repo.fullName}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: statusesUrl,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: user(issue.user),
    body: issue.body,
    labels: issue.labels.map((name) =>
      presentLabel(store.urls, repo, store.labels.require(repo.fullName, name)),
    ),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/repos/${repo.fullName}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: statusesUrl },
    },
    author_association: store.repos.authorAssociation(repo, issue.user),
    auto_merge: pull.autoMerge
      ? {
          enabled_by: user(pull.autoMerge.enabledBy),
          merge_method: pull.autoMerge.mergeMethod,
          commit_title: pull.autoMerge.commitTitle ?? '',
          commit_message: pull.autoMerge.commitMessage ?? '',
        }
      : null,
    draft: pull.draft,
  };
}

export function presentPullRequest(store: SimStore, pull: PullRecord): Record<string, unknown> {
  const issue = store.issues.requireById(pull.issueId);
  const stats = store.pulls.diffStats(pull);
  return {
    ...presentPullRequestSimple(store, pull),
    merged: pull.merged,
    mergeable: pull.merged || issue.state === 'closed' ? null : pull.mergeable,
    rebaseable: pull.mergeable,
    mergeable_state: pull.mergeableState,
    merged_by: pull.mergedBy ? presentSimpleUser(store.urls, store.users.require(pull.mergedBy)) : null,
    comments: issue.commentCount,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}
