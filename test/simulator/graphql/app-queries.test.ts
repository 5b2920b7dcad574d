/**
 * The queries Drover's app actually sends (app/github, app/projects) run against the simulator
 * without errors: the server side keeps up with what the client side asks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_STATUSES_QUERY } from '../../../app/projects/read-project-statuses.js';
import {
  DROVER_ISSUES_QUERY,
  innerConnectionQuery,
  type DroverIssuesResult,
  type InnerConnectionResult,
} from '../../../app/github/snapshot-query.js';
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
  it('snapshot query', async () => {
    const result = await fixture.gql<DroverIssuesResult>(DROVER_ISSUES_QUERY, {
      owner: fixture.owner,
      name: fixture.repo,
      label: 'drover',
      after: null,
    });
    const epic = result.repository?.issues.nodes.find((issue) => issue.id === parentNodeId);
    expect(epic?.subIssues.nodes.map((child) => child.number)).toEqual(childNumbers);
    expect(epic?.author).toEqual({ login: 'drover-sim' });
  });

  it('inner connection follow-up', async () => {
    const result = await fixture.gql<InnerConnectionResult>(innerConnectionQuery('subIssues'), {
      id: parentNodeId,
      after: null,
    });
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
