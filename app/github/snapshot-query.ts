/**
 * The one GraphQL query a reconcile reads its task issues with (github-api.md §8: validated
 * against GitHub's live schema, ~3 points per page of 50 issues), plus the follow-up queries
 * for inner connections longer than one page.
 */
export const ISSUE_REF_FRAGMENT = `fragment IssueRef on Issue { id fullDatabaseId number title state stateReason url repository { nameWithOwner } }`;

export const DROVER_ISSUES_QUERY = `
query DroverIssues($owner: String!, $name: String!, $label: String!, $after: String) {
  rateLimit { cost limit remaining used resetAt nodeCount }
  repository(owner: $owner, name: $name) {
    id
    nameWithOwner
    issues(first: 50, after: $after, states: [OPEN], labels: [$label], orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        fullDatabaseId
        number title body state stateReason url createdAt updatedAt
        author { login }
        labels(first: 20) { totalCount nodes { name } }
        parent { ...IssueRef }
        subIssues(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueRef } }
        blockedBy(first: 25) { totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueRef } }
        closedByPullRequestsReferences(first: 10, includeClosedPrs: true) {
          totalCount
          nodes { id number url state merged mergedAt headRefName mergeStateStatus repository { nameWithOwner } }
        }
      }
    }
  }
}
${ISSUE_REF_FRAGMENT}`;

/** Follow-up for an issue whose sub-issues or blockers did not fit in the first page. */
export function innerConnectionQuery(connection: 'subIssues' | 'blockedBy'): string {
  const size = connection === 'subIssues' ? 50 : 25;
  return `
query DroverInner($id: ID!, $after: String) {
  rateLimit { cost }
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

export interface GqlPullRequestRef {
  id: string;
  number: number;
  url: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  merged: boolean;
  mergedAt: string | null;
  headRefName: string;
  mergeStateStatus: string | null;
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
  closedByPullRequestsReferences: { nodes: GqlPullRequestRef[] } | null;
}

export interface DroverIssuesResult {
  rateLimit: { cost: number; remaining: number } | null;
  repository: { issues: GqlConnection<GqlIssue> } | null;
}

export interface InnerConnectionResult {
  rateLimit: { cost: number } | null;
  node: { subIssues?: GqlConnection<GqlIssueRef>; blockedBy?: GqlConnection<GqlIssueRef> } | null;
}
