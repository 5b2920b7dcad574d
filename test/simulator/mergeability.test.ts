/**
 * Mergeability computed in the background and auto-merge, as GitHub behaves, through the real
 * Octokit REST and GraphQL clients: `mergeable` null / `unknown` until the computation runs (no
 * webhook announces its end), merges while unknown, conflicts, and every refusal of
 * `enablePullRequestAutoMerge` with GitHub's message. The delay is long and the computation is
 * finished on demand (`flushMergeability`), so nothing here depends on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { validateWebhook, webhookKey } from './openapi-validator.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const ENABLE = `mutation($id: ID!, $mergeMethod: PullRequestMergeMethod) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
    pullRequest { autoMergeRequest { mergeMethod enabledBy { login } } }
  }
}`;
const DISABLE = `mutation($id: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $id }) { pullRequest { autoMergeRequest { mergeMethod } } }
}`;
const STATE = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { mergeable mergeStateStatus } }
}`;

async function refusal(call: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphqlResponseError) return error.errors![0] as { type?: string; message: string };
    throw error;
  }
  throw new Error('the mutation succeeded');
}

describe('simulator: background mergeability and auto-merge', () => {
  let sim: Simulator;
  let app: Octokit;
  let gql: typeof graphql;
  const checked = { owner: 'acme', repo: 'checked' };
  const open = { owner: 'acme', repo: 'open' };

  const openPull = async (
    repo: { owner: string; repo: string },
    branch: string,
    files: Record<string, string>,
    draft = false,
  ) => {
    const sha = await writeBranch(app, repo, branch, files);
    const { data } = await app.rest.pulls.create({
      ...repo,
      title: branch,
      head: branch,
      base: 'main',
      draft,
    });
    return { number: data.number, nodeId: data.node_id, sha };
  };
  const pullOf = async (repo: { owner: string; repo: string }, number: number) =>
    (await app.rest.pulls.get({ ...repo, pull_number: number })).data;

  beforeAll(async () => {
    // Long enough that nothing computes by itself while a test looks: tests flush it.
    sim = await startSimulator({ mergeabilityDelayMs: 60_000 });
    sim.createUser('acme', { type: 'Organization' });
    sim.createRepo('acme', 'checked', { requiredChecks: ['ci'] });
    sim.createRepo('acme', 'open');
    sim.createRepo('acme', 'locked', { allowAutoMerge: false, requiredChecks: ['ci'] });
    const token = await sim.installationToken(sim.installApp('acme'));
    app = octokitFor(sim, token);
    gql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${token}` } });
  });
  afterAll(async () => sim.close());

  it('reports null / unknown until the background computation runs, and no webhook announces its end', async () => {
    const pr = await openPull(checked, 'computing', { 'a.txt': 'a\n' });
    expect(await pullOf(checked, pr.number)).toMatchObject({ mergeable: null, mergeable_state: 'unknown' });
    const state = await gql(STATE, { owner: 'acme', name: 'checked', number: pr.number });
    expect(state).toEqual({
      repository: { pullRequest: { mergeable: 'UNKNOWN', mergeStateStatus: 'UNKNOWN' } },
    });
    await sim.webhooks.settled();
    const before = sim.webhooks.deliveries.length;
    sim.flushMergeability();
    await sim.webhooks.settled();
    expect(sim.webhooks.deliveries.length).toBe(before);
    expect(await pullOf(checked, pr.number)).toMatchObject({ mergeable: true, mergeable_state: 'blocked' });

    // A new head: synchronize, and unknown again until computed.
    await app.rest.repos.createCommitStatus({ ...checked, sha: pr.sha, state: 'success', context: 'ci' });
    expect((await pullOf(checked, pr.number)).mergeable_state).toBe('clean');
    const { data: head } = await app.rest.git.getCommit({ ...checked, commit_sha: pr.sha });
    const { data: tree } = await app.rest.git.createTree({
      ...checked,
      base_tree: head.tree.sha,
      tree: [{ path: 'a2.txt', mode: '100644', type: 'blob', content: 'a2\n' }],
    });
    const { data: next } = await app.rest.git.createCommit({
      ...checked,
      message: 'more',
      tree: tree.sha,
      parents: [pr.sha],
    });
    await app.rest.git.updateRef({ ...checked, ref: 'heads/computing', sha: next.sha });
    expect(await pullOf(checked, pr.number)).toMatchObject({ mergeable: null, mergeable_state: 'unknown' });
    sim.flushMergeability();
    expect(await pullOf(checked, pr.number)).toMatchObject({ mergeable: true, mergeable_state: 'blocked' });
    await sim.webhooks.settled();
    const actions = sim.webhooks.deliveries
      .filter((d) => d.event === 'pull_request' && d.payload.number === pr.number)
      .map((d) => d.action);
    expect(actions).toEqual(['opened', 'synchronize']);
  });

  it('merges a pull request whose mergeability is still unknown (the merge makes the test merge itself)', async () => {
    const pr = await openPull(open, 'eager', { 'e.txt': 'e\n' });
    expect((await pullOf(open, pr.number)).mergeable_state).toBe('unknown');
    const { data } = await app.rest.pulls.merge({ ...open, pull_number: pr.number });
    expect(data.merged).toBe(true);
  });

  it('refuses a conflicting pull request everywhere: merge 405, auto-merge, update-branch 422', async () => {
    const left = await openPull(open, 'left', { 'same.txt': 'left\n' });
    const right = await openPull(open, 'right', { 'same.txt': 'right\n' });
    await app.rest.pulls.merge({ ...open, pull_number: left.number });
    sim.flushMergeability();
    expect(await pullOf(open, right.number)).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    await expect(app.rest.pulls.merge({ ...open, pull_number: right.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
    expect(await refusal(gql(ENABLE, { id: right.nodeId }))).toEqual(
      expect.objectContaining({
        type: 'UNPROCESSABLE',
        message: 'Pull request Pull request is in dirty status',
      }),
    );
    await expect(app.rest.pulls.updateBranch({ ...open, pull_number: right.number })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('refuses auto-merge where GitHub does, with its messages', async () => {
    const locked = await openPull({ owner: 'acme', repo: 'locked' }, 'locked', { 'l.txt': 'l\n' });
    expect(await refusal(gql(ENABLE, { id: locked.nodeId }))).toMatchObject({
      type: 'UNPROCESSABLE',
      message: 'Auto merge is not allowed for this repository',
    });

    const clean = await openPull(open, 'clean', { 'c.txt': 'c\n' });
    sim.flushMergeability();
    expect(await refusal(gql(ENABLE, { id: clean.nodeId }))).toMatchObject({
      message: 'Pull request Pull request is in clean status',
    });

    const unstable = await openPull(open, 'unstable', { 'u.txt': 'u\n' });
    await app.rest.repos.createCommitStatus({
      ...open,
      sha: unstable.sha,
      state: 'pending',
      context: 'slow',
    });
    sim.flushMergeability();
    expect((await pullOf(open, unstable.number)).mergeable_state).toBe('unstable');
    expect(await refusal(gql(ENABLE, { id: unstable.nodeId }))).toMatchObject({
      message: 'Pull request Pull request is in unstable status',
    });

    const draft = await openPull(checked, 'draft', { 'd.txt': 'd\n' }, true);
    sim.flushMergeability();
    expect((await pullOf(checked, draft.number)).mergeable_state).toBe('draft');
    expect(await refusal(gql(ENABLE, { id: draft.nodeId }))).toMatchObject({
      message: 'Pull request Pull request is a draft',
    });
    await expect(app.rest.pulls.merge({ ...checked, pull_number: draft.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is still a draft' } },
    });
  });

  it('arms auto-merge on a blocked (or still unknown) pull request and merges once the required check passes', async () => {
    const blocked = await openPull(checked, 'armed', { 'b.txt': 'b\n' });
    sim.flushMergeability();
    const enabled = await gql<{ enablePullRequestAutoMerge: { pullRequest: unknown } }>(ENABLE, {
      id: blocked.nodeId,
      mergeMethod: 'SQUASH',
    });
    expect(enabled.enablePullRequestAutoMerge.pullRequest).toEqual({
      autoMergeRequest: { mergeMethod: 'SQUASH', enabledBy: { login: 'drover-sim' } },
    });
    expect((await pullOf(checked, blocked.number)).auto_merge).toMatchObject({ merge_method: 'squash' });
    expect(await refusal(gql(ENABLE, { id: blocked.nodeId }))).toMatchObject({
      message: 'Pull request Auto merge is already enabled',
    });
    await app.rest.repos.createCommitStatus({
      ...checked,
      sha: blocked.sha,
      state: 'success',
      context: 'ci',
    });
    expect(await pullOf(checked, blocked.number)).toMatchObject({ merged: true, state: 'closed' });

    // Still computing: accepted; it merges when the computation finds it mergeable and green.
    const early = await openPull(checked, 'early', { 'f.txt': 'f\n' });
    await app.rest.repos.createCommitStatus({ ...checked, sha: early.sha, state: 'success', context: 'ci' });
    expect((await pullOf(checked, early.number)).mergeable_state).toBe('unknown');
    await gql(ENABLE, { id: early.nodeId });
    expect((await pullOf(checked, early.number)).merged).toBe(false);
    sim.flushMergeability();
    expect((await pullOf(checked, early.number)).merged).toBe(true);

    const disarmed = await openPull(checked, 'disarmed', { 'g.txt': 'g\n' });
    sim.flushMergeability();
    await gql(ENABLE, { id: disarmed.nodeId });
    const after = await gql<{ disablePullRequestAutoMerge: { pullRequest: unknown } }>(DISABLE, {
      id: disarmed.nodeId,
    });
    expect(after.disablePullRequestAutoMerge.pullRequest).toEqual({ autoMergeRequest: null });

    await sim.webhooks.settled();
    const events = sim.webhooks.deliveries.filter(
      (d) =>
        d.event === 'pull_request' &&
        (d.payload.repository as { name: string }).name === 'checked' &&
        [blocked.number, disarmed.number].includes(Number(d.payload.number)),
    );
    expect(events.map((d) => `${String(d.payload.number)}:${d.action}`)).toEqual([
      `${blocked.number}:opened`,
      `${blocked.number}:auto_merge_enabled`,
      `${blocked.number}:closed`,
      `${disarmed.number}:opened`,
      `${disarmed.number}:auto_merge_enabled`,
      `${disarmed.number}:auto_merge_disabled`,
    ]);
    const problems = events.flatMap((d) => validateWebhook(webhookKey(d.event, d.action), d.payload));
    expect(problems).toEqual([]);
  });
});
