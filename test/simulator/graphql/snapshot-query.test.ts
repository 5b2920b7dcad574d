import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DROVER_SNAPSHOT_QUERY } from './fixtures/drover-snapshot-query.js';
import { openPullRequest, startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

interface IssueRef {
  id: string;
  fullDatabaseId: string;
  number: number;
  title: string;
  state: string;
  stateReason: string | null;
  repository: { nameWithOwner: string };
}

interface SnapshotIssue extends IssueRef {
  url: string;
  labels: { totalCount: number; nodes: { name: string }[] };
  assignees: { totalCount: number; nodes: { login: string }[] };
  parent: IssueRef | null;
  subIssuesSummary: { total: number; completed: number; percentCompleted: number };
  subIssues: { totalCount: number; nodes: IssueRef[] };
  issueDependenciesSummary: {
    blockedBy: number;
    totalBlockedBy: number;
    blocking: number;
    totalBlocking: number;
  };
  blockedBy: { totalCount: number; nodes: IssueRef[] };
  closedByPullRequestsReferences: {
    totalCount: number;
    nodes: {
      number: number;
      state: string;
      merged: boolean;
      headRefName: string;
      mergeStateStatus: string;
    }[];
  };
}

interface SnapshotPage {
  rateLimit: { cost: number; nodeCount: number; remaining: number; used: number; limit: number };
  repository: {
    nameWithOwner: string;
    issues: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: SnapshotIssue[];
    };
  };
}

const TASKS = 57;
let fixture: GraphqlFixture;
/** REST view of the tasks by number. */
const restIds = new Map<number, number>();
/** REST `html_url` by number. */
const restUrls = new Map<number, string>();
const pages: SnapshotPage[] = [];

async function snapshot(after: string | null): Promise<SnapshotPage> {
  return fixture.gql<SnapshotPage>(DROVER_SNAPSHOT_QUERY, {
    owner: fixture.owner,
    name: fixture.repo,
    after,
  });
}

function issueByNumber(number: number): SnapshotIssue {
  const found = pages.flatMap((p) => p.repository.issues.nodes).find((issue) => issue.number === number);
  if (!found) throw new Error(`issue #${number} is not in the snapshot`);
  return found;
}

beforeAll(async () => {
  fixture = await startGraphqlFixture();
  const { rest, owner, repo } = fixture;
  for (let i = 1; i <= TASKS; i += 1) {
    const created = await rest.rest.issues.create({ owner, repo, title: `task ${i}`, labels: ['drover'] });
    restIds.set(created.data.number, created.data.id);
    restUrls.set(created.data.number, created.data.html_url);
  }
  await rest.rest.issues.update({
    owner,
    repo,
    issue_number: 7,
    assignees: ['alice'],
    labels: ['drover', 'priority:high'],
  });
  // Noise the filters must drop: an unlabelled issue and a closed task.
  await rest.rest.issues.create({ owner, repo, title: 'not a task' });
  const closed = await rest.rest.issues.create({ owner, repo, title: 'done task', labels: ['drover'] });
  await rest.rest.issues.update({ owner, repo, issue_number: closed.data.number, state: 'closed' });

  // #1 is an epic with children #2, #3, #4, reordered to #4, #2, #3; #2 is closed as completed.
  for (const child of [2, 3, 4]) {
    await rest.rest.issues.addSubIssue({ owner, repo, issue_number: 1, sub_issue_id: restIds.get(child)! });
  }
  await rest.rest.issues.reprioritizeSubIssue({
    owner,
    repo,
    issue_number: 1,
    sub_issue_id: restIds.get(4)!,
    before_id: restIds.get(2)!,
  });
  // #10 is blocked by #5 then #6; #6 is closed.
  for (const blocker of [5, 6]) {
    await rest.rest.issues.addBlockedByDependency({
      owner,
      repo,
      issue_number: 10,
      issue_id: restIds.get(blocker)!,
    });
  }
  await rest.rest.issues.update({ owner, repo, issue_number: 6, state: 'closed', state_reason: 'completed' });
  // #20 has an open PR that closes it, #21 a PR that mentions it without a closing keyword.
  await openPullRequest(fixture, 'drover/20-work', 'Some work.\n\nCloses #20');
  await openPullRequest(fixture, 'drover/21-work', 'Related to #21');

  let after: string | null = null;
  for (;;) {
    const page = await snapshot(after);
    pages.push(page);
    if (!page.repository.issues.pageInfo.hasNextPage) break;
    after = page.repository.issues.pageInfo.endCursor;
  }
});

afterAll(async () => {
  await fixture.sim.close();
});

describe('Drover snapshot query', () => {
  it('pages through open drover issues oldest first with a real endCursor', () => {
    expect(pages).toHaveLength(2);
    const [first, second] = pages as [SnapshotPage, SnapshotPage];
    expect(first.repository.issues.nodes).toHaveLength(50);
    expect(first.repository.issues.pageInfo.hasNextPage).toBe(true);
    expect(first.repository.issues.pageInfo.endCursor).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(second.repository.issues.pageInfo.hasNextPage).toBe(false);
    const numbers = pages.flatMap((p) => p.repository.issues.nodes.map((issue) => issue.number));
    const expected = [...restIds.keys()].filter((n) => n !== 6);
    expect(numbers).toEqual(expected);
    expect(first.repository.issues.totalCount).toBe(expected.length);
    expect(first.repository.nameWithOwner).toBe('alice/tasks');
  });

  it('gives fullDatabaseId equal to the REST id', () => {
    for (const page of pages) {
      for (const issue of page.repository.issues.nodes) {
        expect(issue.fullDatabaseId).toBe(String(restIds.get(issue.number)));
      }
    }
  });

  it('lists sub-issues in the REST order, with the parent on each child and a summary', async () => {
    const { rest, owner, repo } = fixture;
    await rest.rest.issues.update({
      owner,
      repo,
      issue_number: 2,
      state: 'closed',
      state_reason: 'completed',
    });
    const fresh = await snapshot(null);
    const epic = fresh.repository.issues.nodes.find((issue) => issue.number === 1)!;
    const restOrder = await rest.rest.issues.listSubIssues({ owner, repo, issue_number: 1 });
    expect(epic.subIssues.nodes.map((child) => child.number)).toEqual(
      restOrder.data.map((child) => child.number),
    );
    expect(epic.subIssues.nodes.map((child) => child.number)).toEqual([4, 2, 3]);
    expect(epic.subIssues.nodes[1]).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
    expect(epic.subIssuesSummary).toEqual({ total: 3, completed: 1, percentCompleted: 33 });
    const child = fresh.repository.issues.nodes.find((issue) => issue.number === 3)!;
    expect(child.parent).toMatchObject({ number: 1, fullDatabaseId: String(restIds.get(1)) });
    expect(child.parent?.repository.nameWithOwner).toBe('alice/tasks');
  });

  it('lists blockers newest link first and summarises open ones', () => {
    const blocked = issueByNumber(10);
    expect(blocked.blockedBy.nodes.map((blocker) => blocker.number)).toEqual([6, 5]);
    expect(blocked.blockedBy.nodes[0]).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
    expect(blocked.issueDependenciesSummary).toEqual({
      blockedBy: 1,
      totalBlockedBy: 2,
      blocking: 0,
      totalBlocking: 0,
    });
    expect(issueByNumber(5).issueDependenciesSummary).toMatchObject({ blocking: 1, totalBlocking: 1 });
  });

  it('links pull requests whose body says "Closes #N"', () => {
    expect(issueByNumber(20).closedByPullRequestsReferences).toEqual({
      totalCount: 1,
      nodes: [
        expect.objectContaining({
          state: 'OPEN',
          merged: false,
          headRefName: 'drover/20-work',
          mergeStateStatus: 'CLEAN',
        }),
      ],
    });
    expect(issueByNumber(21).closedByPullRequestsReferences.totalCount).toBe(0);
  });

  it('gives the same web url as REST', () => {
    expect(issueByNumber(9).url).toBe(restUrls.get(9));
  });

  it('gives labels and assignees with a total', () => {
    expect(issueByNumber(7).labels).toEqual({
      totalCount: 2,
      nodes: [{ name: 'drover' }, { name: 'priority:high' }],
    });
    expect(issueByNumber(7).assignees).toEqual({ totalCount: 1, nodes: [{ login: 'alice' }] });
    expect(issueByNumber(8).assignees).toEqual({ totalCount: 0, nodes: [] });
  });

  it('reports the documented cost and node count', () => {
    expect(pages[0]?.rateLimit).toMatchObject({ cost: 3, nodeCount: 5_800, limit: 5_000 });
  });
});

describe('other reads over the same repository', () => {
  const ISSUES = `query($last: Int, $first: Int, $before: String, $direction: OrderDirection!) {
    repository(owner: "alice", name: "tasks") {
      issues(first: $first, last: $last, before: $before, labels: ["drover"], states: [OPEN],
             orderBy: { field: CREATED_AT, direction: $direction }) {
        pageInfo { hasPreviousPage hasNextPage startCursor } nodes { number } } } }`;
  type IssuesPage = {
    repository: {
      issues: {
        pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string };
        nodes: { number: number }[];
      };
    };
  };

  it('pages backward with last/before and orders newest first on DESC', async () => {
    const open = pages.flatMap((p) => p.repository.issues.nodes.map((issue) => issue.number));
    const tail = await fixture.gql<IssuesPage>(ISSUES, { last: 5, direction: 'ASC' });
    expect(tail.repository.issues.nodes.map((n) => n.number)).toEqual(open.slice(-5));
    expect(tail.repository.issues.pageInfo.hasPreviousPage).toBe(true);
    const before = await fixture.gql<IssuesPage>(ISSUES, {
      last: 5,
      before: tail.repository.issues.pageInfo.startCursor,
      direction: 'ASC',
    });
    expect(before.repository.issues.nodes.map((n) => n.number)).toEqual(open.slice(-10, -5));
    const newest = await fixture.gql<IssuesPage>(ISSUES, { first: 3, direction: 'DESC' });
    expect(newest.repository.issues.nodes.map((n) => n.number)).toEqual(open.slice(-3).reverse());
  });

  it('resolves nodes by id, null for ids that name nothing', async () => {
    const epic = issueByNumber(1);
    const result = await fixture.gql<{ nodes: ({ number: number } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Issue { number } } }',
      { ids: [epic.id, 'I_nothing'] },
    );
    expect(result.nodes).toEqual([{ number: 1 }, null]);
  });

  it('lists what an issue blocks', async () => {
    const result = await fixture.gql<{
      repository: { issue: { blocking: { nodes: { number: number }[] } } };
    }>(
      '{ repository(owner: "alice", name: "tasks") { issue(number: 5) { blocking(first: 5) { nodes { number } } } } }',
    );
    expect(result.repository.issue.blocking.nodes).toEqual([{ number: 10 }]);
  });

  it('shows a user token its own login as viewer', async () => {
    const token = fixture.sim.state.tokens.mintUser('alice');
    const result = await fixture.gqlAs(token)<{ viewer: { login: string; url: string } }>(
      '{ viewer { login url } }',
    );
    expect(result.viewer).toEqual({ login: 'alice', url: `${fixture.sim.serverUrl}/alice` });
  });
});
