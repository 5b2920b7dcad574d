/**
 * The queries Drover's app actually sends (app/github, app/projects) run against the simulator
 * without errors: the server side keeps up with what the client side asks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_STATUSES_QUERY } from '../../../app/projects/read-project-statuses.js';
import {
  CHANGED_ISSUES_QUERY,
  innerConnectionQuery,
  issuesByNumberQuery,
  OPEN_TASKS_QUERY,
  type GqlConnection,
  type GqlIssueRef,
  type IssuesPage,
} from '../../../app/github/task-issues-query.js';
import { startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

let fixture: GraphqlFixture;
let parentNodeId: string;
let childNumbers: number[];

beforeAll(async () => {
  fixture = await startGraphqlFixture();
  const { rest, owner, repo } = fixture;
  const parent = await rest.rest.issues.create({ owner, repo, title: 'epic', labels: ['drover'] });
  parentNodeId = parent.data.node_id;
  childNumbers = [];
  for (const title of ['a', 'b']) {
    const child = await rest.rest.issues.create({ owner, repo, title, labels: ['drover'] });
    await rest.rest.issues.addSubIssue({
      owner,
      repo,
      issue_number: parent.data.number,
      sub_issue_id: child.data.id,
    });
    childNumbers.push(child.data.number);
  }
});

afterAll(async () => {
  await fixture.sim.close();
});

describe("Drover app's GraphQL queries", () => {
  it('the full read of open tasks', async () => {
    const result = await fixture.gql<IssuesPage>(OPEN_TASKS_QUERY, {
      owner: fixture.owner,
      name: fixture.repo,
      label: 'drover',
      after: null,
    });
    const epic = result.repository?.issues.nodes.find((issue) => issue.id === parentNodeId);
    expect(epic?.subIssues.nodes.map((child) => child.number)).toEqual(childNumbers);
    expect(epic?.author).toEqual({ login: 'drover-sim' });
  });

  it('the incremental read: every issue updated since a time', async () => {
    const result = await fixture.gql<IssuesPage>(CHANGED_ISSUES_QUERY, {
      owner: fixture.owner,
      name: fixture.repo,
      since: '2000-01-01T00:00:00Z',
      after: null,
      first: 10,
    });
    expect(result.repository?.issues.nodes.map((issue) => issue.id)).toContain(parentNodeId);
  });

  it('issues by number', async () => {
    const result = await fixture.gql<{ repository: Record<string, { number: number } | null> }>(
      issuesByNumberQuery(childNumbers),
      { owner: fixture.owner, name: fixture.repo },
    );
    expect(Object.values(result.repository).map((issue) => issue?.number)).toEqual(childNumbers);
  });

  it('inner connection follow-up', async () => {
    const result = await fixture.gql<{ node: { subIssues?: GqlConnection<GqlIssueRef> } | null }>(
      innerConnectionQuery('subIssues'),
      { id: parentNodeId, after: null },
    );
    expect(result.node?.subIssues?.nodes.map((child) => child.number)).toEqual(childNumbers);
  });

  it('project statuses', async () => {
    const project = fixture.sim.state.projects.create('alice');
    fixture.sim.state.projects.addItem(project.nodeId, parentNodeId, 'alice');
    const result = await fixture.gql<{
      nodes: Array<{ projectItems: { nodes: Array<{ project: { id: string } }> } }>;
    }>(PROJECT_STATUSES_QUERY, { ids: [parentNodeId] });
    expect(result.nodes[0]?.projectItems.nodes).toEqual([
      expect.objectContaining({ project: { id: project.nodeId } }),
    ]);
  });
});
