import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphqlResponseError } from '@octokit/graphql';
import { openPullRequest, startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

let fixture: GraphqlFixture;

async function createIssue(title: string): Promise<{ number: number; id: number; nodeId: string }> {
  const { data } = await fixture.rest.rest.issues.create({ owner: fixture.owner, repo: fixture.repo, title });
  return { number: data.number, id: data.id, nodeId: data.node_id };
}

/** The GitHub errors of a refused GraphQL call. */
async function errorsOf(call: Promise<unknown>): Promise<Array<{ type?: string; message: string }>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphqlResponseError)
      return error.errors as Array<{ type?: string; message: string }>;
    throw error;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  fixture = await startGraphqlFixture();
});

afterAll(async () => {
  await fixture.sim.close();
});

describe('task graph mutations', () => {
  it('adds a sub-issue, seen by REST', async () => {
    const parent = await createIssue('epic');
    const child = await createIssue('child');
    const result = await fixture.gql<{
      addSubIssue: { issue: { number: number }; subIssue: { parent: { number: number } } };
    }>(
      `mutation($parent: ID!, $child: ID!) {
        addSubIssue(input: { issueId: $parent, subIssueId: $child }) { issue { number } subIssue { parent { number } } }
      }`,
      { parent: parent.nodeId, child: child.nodeId },
    );
    expect(result.addSubIssue).toEqual({
      issue: { number: parent.number },
      subIssue: { parent: { number: parent.number } },
    });
    const rest = await fixture.rest.rest.issues.listSubIssues({
      owner: 'alice',
      repo: 'tasks',
      issue_number: parent.number,
    });
    expect(rest.data.map((issue) => issue.id)).toEqual([child.id]);
  });

  it('adds a sub-issue by URL, and refuses a second parent with the store reason', async () => {
    const parent = await createIssue('epic 2');
    const other = await createIssue('epic 3');
    const child = await createIssue('child 2');
    const url = `${fixture.sim.serverUrl}/alice/tasks/issues/${child.number}`;
    await fixture.gql(
      'mutation($p: ID!, $u: String!) { addSubIssue(input: { issueId: $p, subIssueUrl: $u }) { clientMutationId } }',
      {
        p: parent.nodeId,
        u: url,
      },
    );
    const errors = await errorsOf(
      fixture.gql(
        'mutation($p: ID!, $c: ID!) { addSubIssue(input: { issueId: $p, subIssueId: $c }) { clientMutationId } }',
        {
          p: other.nodeId,
          c: child.nodeId,
        },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        type: 'UNPROCESSABLE',
        message: expect.stringMatching(/already has a parent/),
      }),
    ]);
  });

  it('reorders sub-issues', async () => {
    const parent = await createIssue('epic 5');
    const children = [await createIssue('a'), await createIssue('b'), await createIssue('c')];
    for (const child of children) {
      await fixture.gql(
        'mutation($p: ID!, $c: ID!) { addSubIssue(input: { issueId: $p, subIssueId: $c }) { clientMutationId } }',
        {
          p: parent.nodeId,
          c: child.nodeId,
        },
      );
    }
    const [a, b, c] = children as [typeof parent, typeof parent, typeof parent];
    const result = await fixture.gql<{
      reprioritizeSubIssue: { issue: { subIssues: { nodes: { number: number }[] } } };
    }>(
      `mutation($p: ID!, $c: ID!, $before: ID!) {
        reprioritizeSubIssue(input: { issueId: $p, subIssueId: $c, beforeId: $before }) {
          issue { subIssues(first: 10) { nodes { number } } } } }`,
      { p: parent.nodeId, c: c.nodeId, before: a.nodeId },
    );
    expect(result.reprioritizeSubIssue.issue.subIssues.nodes.map((n) => n.number)).toEqual([
      c.number,
      a.number,
      b.number,
    ]);
  });

  it('adds and removes a blocked-by link', async () => {
    const blocked = await createIssue('blocked');
    const blocker = await createIssue('blocker');
    const added = await fixture.gql<{
      addBlockedBy: { issue: { blockedBy: { nodes: { number: number }[] } } };
    }>(
      `mutation($i: ID!, $b: ID!) { addBlockedBy(input: { issueId: $i, blockingIssueId: $b }) {
        issue { blockedBy(first: 5) { nodes { number } } } blockingIssue { number } } }`,
      { i: blocked.nodeId, b: blocker.nodeId },
    );
    expect(added.addBlockedBy.issue.blockedBy.nodes).toEqual([{ number: blocker.number }]);
    const rest = await fixture.rest.rest.issues.listDependenciesBlockedBy({
      owner: 'alice',
      repo: 'tasks',
      issue_number: blocked.number,
    });
    expect(rest.data.map((issue) => issue.number)).toEqual([blocker.number]);
    await fixture.gql(
      'mutation($i: ID!, $b: ID!) { removeBlockedBy(input: { issueId: $i, blockingIssueId: $b }) { clientMutationId } }',
      {
        i: blocked.nodeId,
        b: blocker.nodeId,
      },
    );
    expect(fixture.sim.state.issues.byId(blocked.id)?.blockedByIds).toEqual([]);
  });

  it('adds labels by node id', async () => {
    const issue = await createIssue('to label');
    const label = await fixture.rest.rest.issues.createLabel({
      owner: 'alice',
      repo: 'tasks',
      name: 'drover',
    });
    const result = await fixture.gql<{
      addLabelsToLabelable: { labelable: { labels: { nodes: { name: string }[] } } };
    }>(
      `mutation($i: ID!, $l: ID!) { addLabelsToLabelable(input: { labelableId: $i, labelIds: [$l] }) {
        labelable { ... on Issue { labels(first: 5) { nodes { name } } } } } }`,
      { i: issue.nodeId, l: label.data.node_id },
    );
    expect(result.addLabelsToLabelable.labelable.labels.nodes).toEqual([{ name: 'drover' }]);
  });

  it('refuses a user without triage rights with FORBIDDEN and changes nothing', async () => {
    const reader = fixture.sim.createUser('reader');
    const parent = await createIssue('epic 4');
    const child = await createIssue('child 4');
    const errors = await errorsOf(
      fixture.gqlAs(reader.token)(
        'mutation($p: ID!, $c: ID!) { addSubIssue(input: { issueId: $p, subIssueId: $c }) { clientMutationId } }',
        {
          p: parent.nodeId,
          c: child.nodeId,
        },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        type: 'FORBIDDEN',
        message: 'reader does not have the correct permissions to execute `AddSubIssue`',
      }),
    ]);
    expect(fixture.sim.state.issues.byId(child.id)?.parentId).toBeNull();
  });

  it('refuses an id that names nothing', async () => {
    const issue = await createIssue('lonely');
    const errors = await errorsOf(
      fixture.gql(
        'mutation($i: ID!) { addBlockedBy(input: { issueId: $i, blockingIssueId: "I_missing" }) { clientMutationId } }',
        {
          i: issue.nodeId,
        },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: "Could not resolve to a node with the global id of 'I_missing'",
      }),
    ]);
  });
});

describe('pull requests', () => {
  const PR_QUERY = `query($n: Int!) { repository(owner: "alice", name: "tasks") { pullRequest(number: $n) {
    id number state merged mergeable mergeStateStatus autoMergeRequest { mergeMethod enabledBy { login } }
    closingIssuesReferences(first: 5) { nodes { number } } } } }`;

  it('finds a pull request by number and by node id, with the issues it closes', async () => {
    const issue = await createIssue('to close');
    const pull = await openPullRequest(fixture, 'pr-lookup', `Fixes #${issue.number}`);
    const byNumber = await fixture.gql<{ repository: { pullRequest: Record<string, unknown> } }>(PR_QUERY, {
      n: pull.number,
    });
    expect(byNumber.repository.pullRequest).toMatchObject({
      id: pull.nodeId,
      state: 'OPEN',
      mergeable: 'MERGEABLE',
      mergeStateStatus: 'CLEAN',
      autoMergeRequest: null,
      closingIssuesReferences: { nodes: [{ number: issue.number }] },
    });
    const byNode = await fixture.gql<{ node: { number: number; __typename: string } }>(
      'query($id: ID!) { node(id: $id) { __typename ... on PullRequest { number } } }',
      { id: pull.nodeId },
    );
    expect(byNode.node).toEqual({ __typename: 'PullRequest', number: pull.number });
  });

  it('refuses auto-merge on a clean pull request when the repository requires no checks', async () => {
    const pull = await openPullRequest(fixture, 'pr-clean', 'clean');
    const errors = await errorsOf(
      fixture.gql(
        'mutation($id: ID!) { enablePullRequestAutoMerge(input: { pullRequestId: $id }) { clientMutationId } }',
        { id: pull.nodeId },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        type: 'UNPROCESSABLE',
        message: 'Pull request Pull request is in clean status',
      }),
    ]);
    expect(fixture.sim.state.pulls.byId(pull.id)?.autoMerge).toBeNull();
  });
});

describe('merging', () => {
  it('merges a clean pull request with mergePullRequest', async () => {
    const pull = await openPullRequest(fixture, 'pr-merge-now', 'now');
    const result = await fixture.gql<{
      mergePullRequest: { pullRequest: { state: string; mergedAt: string | null } };
    }>(
      'mutation($id: ID!) { mergePullRequest(input: { pullRequestId: $id, mergeMethod: SQUASH }) { pullRequest { state mergedAt } } }',
      { id: pull.nodeId },
    );
    expect(result.mergePullRequest.pullRequest.state).toBe('MERGED');
    expect(result.mergePullRequest.pullRequest.mergedAt).not.toBeNull();
  });

  it('names a mutation the simulator does not implement', async () => {
    const issue = await createIssue('to pin');
    const errors = await errorsOf(
      fixture.gql('mutation($id: ID!) { pinIssue(input: { issueId: $id }) { clientMutationId } }', {
        id: issue.nodeId,
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({ message: 'The GitHub simulator does not implement Mutation.pinIssue.' }),
    ]);
  });
});

describe('auto-merge with required checks', () => {
  let gated: GraphqlFixture;

  beforeAll(async () => {
    gated = await startGraphqlFixture({ requiredChecks: ['ci'] });
  });

  afterAll(async () => {
    await gated.sim.close();
  });

  it('arms auto-merge, then merges and closes the linked issue when the required status passes', async () => {
    const issue = await gated.rest.rest.issues.create({ owner: 'alice', repo: 'tasks', title: 'task' });
    const pull = await openPullRequest(gated, 'drover/1-task', `Closes #${issue.data.number}`);
    const armed = await gated.gql<{ enablePullRequestAutoMerge: { pullRequest: Record<string, unknown> } }>(
      `mutation($id: ID!) { enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) {
        pullRequest { state mergeStateStatus autoMergeRequest { mergeMethod enabledBy { login } } } } }`,
      { id: pull.nodeId },
    );
    expect(armed.enablePullRequestAutoMerge.pullRequest).toEqual({
      state: 'OPEN',
      mergeStateStatus: 'BLOCKED',
      autoMergeRequest: { mergeMethod: 'SQUASH', enabledBy: { login: 'drover-sim' } },
    });
    const head = gated.sim.state.pulls.byId(pull.id)!.headSha;
    await gated.rest.rest.repos.createCommitStatus({
      owner: 'alice',
      repo: 'tasks',
      sha: head,
      state: 'success',
      context: 'ci',
    });
    const after = await gated.gql<{
      repository: { pullRequest: { state: string; merged: boolean }; issue: { state: string } };
    }>(
      `query($n: Int!, $i: Int!) { repository(owner: "alice", name: "tasks") {
        pullRequest(number: $n) { state merged } issue(number: $i) { state } } }`,
      { n: pull.number, i: issue.data.number },
    );
    expect(after.repository).toEqual({
      pullRequest: { state: 'MERGED', merged: true },
      issue: { state: 'CLOSED' },
    });
  });

  it('refuses mergePullRequest while a required check is missing', async () => {
    const pull = await openPullRequest(gated, 'drover/2-task', 'no checks yet');
    const errors = await errorsOf(
      gated.gql(
        'mutation($id: ID!) { mergePullRequest(input: { pullRequestId: $id }) { clientMutationId } }',
        {
          id: pull.nodeId,
        },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({ type: 'UNPROCESSABLE', message: 'Required status check "ci" is expected.' }),
    ]);
    expect(gated.sim.state.pulls.byId(pull.id)?.merged).toBe(false);
  });
});

describe('Projects (v2)', () => {
  it('adds an issue to a project and sets its Status, read back by field name', async () => {
    const project = fixture.sim.state.projects.create('alice', { title: 'Board' });
    const issue = await createIssue('tracked');
    const board = await fixture.gql<{
      user: {
        projectV2: {
          id: string;
          title: string;
          field: { id: string; options: { id: string; name: string }[] };
        };
      };
    }>(
      `{ user(login: "alice") { projectV2(number: ${project.number}) { id title
        field(name: "Status") { ... on ProjectV2SingleSelectField { id options { id name } } } } } }`,
    );
    const { projectV2 } = board.user;
    expect(projectV2.title).toBe('Board');
    expect(projectV2.field.options.map((o) => o.name)).toEqual(['Todo', 'In Progress', 'Done']);
    const added = await fixture.gql<{ addProjectV2ItemById: { item: { id: string } } }>(
      'mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }',
      { p: projectV2.id, c: issue.nodeId },
    );
    const inProgress = projectV2.field.options.find((o) => o.name === 'In Progress')!;
    const updated = await fixture.gql<{
      updateProjectV2ItemFieldValue: {
        projectV2Item: { content: { number: number }; status: { name: string; optionId: string } };
      };
    }>(
      `mutation($p: ID!, $i: ID!, $f: ID!, $o: String!) {
        updateProjectV2ItemFieldValue(input: { projectId: $p, itemId: $i, fieldId: $f, value: { singleSelectOptionId: $o } }) {
          projectV2Item { content { ... on Issue { number } }
            status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } } } } }`,
      { p: projectV2.id, i: added.addProjectV2ItemById.item.id, f: projectV2.field.id, o: inProgress.id },
    );
    expect(updated.updateProjectV2ItemFieldValue.projectV2Item).toEqual({
      content: { number: issue.number },
      status: { name: 'In Progress', optionId: inProgress.id },
    });
    const items = await fixture.gql<{ node: { projectItems: { nodes: { project: { title: string } }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on Issue { projectItems(first: 5) { nodes { project { title } } } } } }',
      { id: issue.nodeId },
    );
    expect(items.node.projectItems.nodes).toEqual([{ project: { title: 'Board' } }]);
  });
});
