/**
 * The repository setting `delete_branch_on_merge` (REST `PATCH /repos/{owner}/{repo}`, read
 * back by GET and GraphQL): once a pull request from a branch of the same repository merges,
 * GitHub deletes its head branch, with the `delete` and `push` webhooks and a
 * `branch_deletion` activity; never the default branch, and nothing when the setting is off.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const repo = { owner: 'alice', repo: 'dbom' };

let sim: Simulator;
let app: Octokit;
let alice: Octokit;

async function mergedPull(branch: string, base = 'main'): Promise<number> {
  await writeBranch(app, repo, branch, { [`${branch}.txt`]: `${branch}\n` }, base);
  const { data: pr } = await app.rest.pulls.create({ ...repo, title: branch, head: branch, base });
  await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'squash' });
  return pr.number;
}

const hasBranch = (name: string) => sim.state.repos.require('alice/dbom').branches.has(name);

beforeAll(async () => {
  sim = await startSimulator();
  const aliceUser = sim.createUser('alice');
  sim.createRepo('alice', 'dbom', { files: { 'README.md': '# dbom\n' } });
  app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/dbom')));
  alice = octokitFor(sim, aliceUser.token);
});

afterAll(async () => {
  await sim.close();
});

describe('delete_branch_on_merge', () => {
  it('is off by default: a merged head branch stays', async () => {
    expect((await app.rest.repos.get(repo)).data.delete_branch_on_merge).toBe(false);
    await mergedPull('kept');
    expect(hasBranch('kept')).toBe(true);
  });

  it('is set by an admin through PATCH /repos, and read back by REST and GraphQL', async () => {
    await expect(app.rest.repos.update({ ...repo, delete_branch_on_merge: true })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
    sim.setPermission('alice/dbom', 'wendy', 'write');
    const wendy = octokitFor(sim, sim.state.tokens.mintUser('wendy'));
    await expect(wendy.rest.repos.update({ ...repo, delete_branch_on_merge: true })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      alice.request('PATCH /repos/{owner}/{repo}', { ...repo, delete_branch_on_merge: 'yes' } as never),
    ).rejects.toMatchObject({ status: 422 });
    const { data } = await alice.rest.repos.update({ ...repo, delete_branch_on_merge: true });
    expect(data.delete_branch_on_merge).toBe(true);
    expect((await app.rest.repos.get(repo)).data.delete_branch_on_merge).toBe(true);
    const gql = graphql.defaults({
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${sim.state.tokens.mintUser('alice')}` },
    });
    const read = await gql<{ repository: { deleteBranchOnMerge: boolean } }>(
      `query { repository(owner: "alice", name: "dbom") { deleteBranchOnMerge } }`,
    );
    expect(read.repository.deleteBranchOnMerge).toBe(true);
  });

  it('deletes the head branch of a merged pull request, with delete and push webhooks and activity', async () => {
    const from = sim.webhooks.deliveries.length;
    await mergedPull('gone');
    expect(hasBranch('gone')).toBe(false);
    await expect(app.rest.git.getRef({ ...repo, ref: 'heads/gone' })).rejects.toMatchObject({ status: 404 });
    await sim.webhooks.settled();
    const delivered = sim.webhooks.deliveries.slice(from);
    expect(delivered.find((d) => d.event === 'delete')?.payload).toMatchObject({
      ref: 'gone',
      ref_type: 'branch',
      sender: { login: 'drover-sim[bot]' },
    });
    expect(
      delivered.find((d) => d.event === 'push' && d.payload.ref === 'refs/heads/gone' && d.payload.deleted),
    ).toBeDefined();
    const { data: activity } = await app.rest.repos.listActivities({ ...repo, ref: 'gone' });
    expect(activity.map((e) => e.activity_type)).toEqual(['branch_deletion', 'branch_creation']);
    // The merge itself is recorded on the base branch.
    const { data: merges } = await app.rest.repos.listActivities({
      ...repo,
      ref: 'main',
      activity_type: 'pr_merge',
    });
    expect(merges.length).toBeGreaterThanOrEqual(1);
  });

  it('never deletes the default branch', async () => {
    await writeBranch(app, repo, 'release', { 'r.txt': 'r\n' });
    await writeBranch(app, repo, 'main-change', { 'm.txt': 'm\n' });
    await app.rest.git.updateRef({
      ...repo,
      ref: 'heads/main',
      sha: (await app.rest.git.getRef({ ...repo, ref: 'heads/main-change' })).data.object.sha,
    });
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'back',
      head: 'main',
      base: 'release',
    });
    await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'merge' });
    expect(hasBranch('main')).toBe(true);
  });

  it('turned off again, leaves merged branches alone', async () => {
    await alice.rest.repos.update({ ...repo, delete_branch_on_merge: false });
    await mergedPull('stays');
    expect(hasBranch('stays')).toBe(true);
  });
});
