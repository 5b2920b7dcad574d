/** An issue as GitHub's `issue` schema (REST responses and webhook payloads). */
import type { SimStore } from '../state/store.js';
import type { IssueRecord } from '../state/types.js';
import { presentIntegration } from './app.js';
import { presentLabel } from './label.js';
import { presentReactionRollup } from './reactions.js';
import { presentSimpleUser } from './user.js';

export function presentIssue(store: SimStore, issue: IssueRecord): Record<string, unknown> {
  const { api, web } = store.urls;
  const repo = store.repos.require(issue.repo);
  const url = `${api}/repos/${repo.fullName}/issues/${issue.number}`;
  const user = (login: string) => presentSimpleUser(store.urls, store.users.require(login));
  const assignees = issue.assignees.map(user);
  const payload: Record<string, unknown> = {
    id: issue.id,
    node_id: issue.nodeId,
    url,
    repository_url: `${api}/repos/${repo.fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${web}/${repo.fullName}/${issue.pullNumber ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: user(issue.user),
    labels: issue.labels.map((name) =>
      presentLabel(store.urls, repo, store.labels.require(repo.fullName, name)),
    ),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: issue.commentCount,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? user(issue.closedBy) : null,
    author_association: store.repos.authorAssociation(repo, issue.user),
    reactions: presentReactionRollup(`${url}/reactions`),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: issue.viaApp ? presentIntegration(store) : null,
    sub_issues_summary: store.issues.subIssuesSummary(issue),
    issue_dependencies_summary: store.issues.dependenciesSummary(issue),
  };
  if (issue.parentId !== null) {
    const parent = store.issues.byId(issue.parentId);
    if (parent) payload.parent_issue_url = `${api}/repos/${parent.repo}/issues/${parent.number}`;
  }
  if (issue.pullNumber !== null) {
    const pull = store.pulls.require(issue.repo, issue.pullNumber);
    payload.draft = pull.draft;
    payload.pull_request = {
      url: `${api}/repos/${repo.fullName}/pulls/${issue.number}`,
      html_url: `${web}/${repo.fullName}/pull/${issue.number}`,
      diff_url: `${web}/${repo.fullName}/pull/${issue.number}.diff`,
      patch_url: `${web}/${repo.fullName}/pull/${issue.number}.patch`,
      merged_at: pull.mergedAt,
    };
  }
  return payload;
}
