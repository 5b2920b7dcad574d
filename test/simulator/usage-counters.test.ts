import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import { Octokit } from '@octokit/rest';
import { ProbotOctokit } from 'probot';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor, quietLog } from './sim-helpers.js';

const ACTION_DIR = fileURLToPath(new URL('./actions/fixtures/upload-action', import.meta.url));

const WORKFLOW = `name: Usage
on: workflow_dispatch
permissions:
  contents: read
  issues: read
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: drover/test-action@v1
        with:
          task: "1"
      - run: |
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues', { headers: { authorization: 'Bearer ' + process.env.GITHUB_TOKEN } }).then((r) => console.log('issues ' + r.status))"
`;

describe('simulator: usage counters per token kind', () => {
  let sim: Simulator;
  let installationId: number;
  let app: Octokit;
  let alice: { token: string };
  const repo = { owner: 'alice', repo: 'usage' };

  beforeAll(async () => {
    sim = await startSimulator({ actions: { actionPaths: { 'drover/test-action@v1': ACTION_DIR } } });
    alice = sim.createUser('alice');
    sim.createRepo('alice', 'usage', {
      files: { 'README.md': '# usage\n', '.github/workflows/usage.yml': WORKFLOW },
    });
    installationId = sim.installApp('alice/usage');
    app = octokitFor(sim, await sim.installationToken(installationId));
  });
  beforeEach(() => sim.counters.reset());
  afterAll(async () => {
    await sim.close();
  });

  it('bills REST answers (errors too) and counts writes per kind, per token and per route', async () => {
    await app.rest.issues.create({ ...repo, title: 'one' });
    await app.rest.issues.listForRepo(repo);
    await expect(app.rest.issues.get({ ...repo, issue_number: 999 })).rejects.toMatchObject({ status: 404 });
    await octokitFor(sim, alice.token).rest.repos.get(repo);
    await new Octokit({ baseUrl: sim.baseUrl, log: quietLog }).rest.users.getByUsername({
      username: 'alice',
    });
    const { usage } = sim.counters.snapshot();
    expect(usage.byKind.installation).toMatchObject({ rest: 3, writes: 1, notModified: 0 });
    expect(usage.byKind.user).toMatchObject({ rest: 1, writes: 0 });
    expect(usage.byKind.anonymous).toMatchObject({ rest: 1 });
    expect(usage.byToken[`installation:${installationId}`]).toMatchObject({ kind: 'installation', rest: 3 });
    expect(usage.byToken.alice).toMatchObject({ kind: 'user', rest: 1 });
    expect(usage.total.rest).toBe(5);
    expect(usage.routes['POST /repos/{owner}/{repo}/issues']).toEqual({
      billed: 1,
      notModified: 0,
      free: 0,
      byKind: { installation: 1 },
    });
    expect(usage.routes['GET /repos/{owner}/{repo}/issues/{issue_number}']?.billed).toBe(1);
  });

  it('counts a bad token as an anonymous request and GET /rate_limit as free', async () => {
    await expect(octokitFor(sim, 'ghs_not_a_token').rest.repos.get(repo)).rejects.toMatchObject({
      status: 401,
    });
    await app.rest.rateLimit.get();
    const { usage } = sim.counters.snapshot();
    expect(usage.byKind.anonymous.rest).toBe(1);
    expect(usage.byKind.installation).toMatchObject({ rest: 0, freeRest: 1 });
    expect(usage.routes['GET /rate_limit']).toMatchObject({ billed: 0, free: 1 });
  });

  it('counts the app JWT as its own kind', async () => {
    const asApp = new ProbotOctokit({
      auth: { appId: sim.app.id, privateKey: sim.app.privateKey },
      baseUrl: sim.baseUrl,
      log: quietLog,
    });
    await asApp.rest.apps.getRepoInstallation(repo);
    expect(sim.counters.snapshot().usage.byKind.app.rest).toBe(1);
  });

  it('counts GraphQL queries, mutations (as writes) and points apart from REST', async () => {
    const gql = graphql.defaults({
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${await sim.installationToken(installationId)}` },
    });
    const { repository } = await gql<{ repository: { id: string; issue: { id: string } } }>(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id issue(number: 1) { id } } }`,
      { owner: 'alice', name: 'usage' },
    );
    const { data: label } = await app.rest.issues.createLabel({ ...repo, name: 'gql' });
    await gql(
      `mutation($id: ID!, $labels: [ID!]!) { addLabelsToLabelable(input: { labelableId: $id, labelIds: $labels }) { clientMutationId } }`,
      { id: repository.issue.id, labels: [label.node_id] },
    );
    const { usage } = sim.counters.snapshot();
    expect(usage.byKind.installation).toMatchObject({
      graphql: 2,
      graphqlMutations: 1,
      graphqlPoints: 2,
      rest: 1,
      writes: 2,
    });
    expect(usage.routes['POST /graphql']).toBeUndefined();
  });

  it('keeps git smart HTTP and the artifact service out of the billed count; a job token is kind `job`', async () => {
    await app.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'usage.yml', ref: 'main' });
    await sim.actions.idle();
    const [run] = sim.actions.runs();
    expect(run?.conclusion === 'success' ? 'success' : sim.actions.runLog(run?.id ?? 0)).toBe('success');
    const { usage } = sim.counters.snapshot();
    expect(usage.byKind.job).toMatchObject({ rest: 1, writes: 0 });
    expect(usage.byToken['job:alice/usage']).toMatchObject({ kind: 'job', rest: 1 });
    expect(usage.unbilled.git).toBeGreaterThan(0);
    expect(usage.unbilled.byRoute['PUT /_sim/artifacts/blobs/{artifact_id}']).toBeGreaterThan(0);
    expect(usage.unbilled.other).toBeGreaterThan(0);
    const billedRoutes = Object.entries(usage.routes).filter(([, route]) => route.billed > 0);
    expect(
      billedRoutes.map(([route]) => route).filter((route) => /\/_sim\/|\/twirp\/|\.git/.test(route)),
    ).toEqual([]);
    expect(billedRoutes.reduce((sum, [, route]) => sum + route.billed, 0)).toBe(usage.total.rest);
    expect(usage.byKind.installation.rest).toBe(1);
    expect(usage.byKind.anonymous.rest).toBe(0);
  });
});
