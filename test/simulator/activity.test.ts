/**
 * The Repository Activity API (`GET /repos/{owner}/{repo}/activity`) through the real
 * @octokit/rest client: every path that moves a branch leaves an entry with its time and
 * actor (refs API, createCommitOnBranch, git push, a pull request merge), the filters and the
 * cursor pagination work as documented, and the answers validate against @octokit/openapi.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { cloneRepo } from './git-client.js';
import { validateResponse } from './openapi-validator.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const repo = { owner: 'alice', repo: 'act' };
const DAY = 24 * 60 * 60 * 1000;

let sim: Simulator;
let app: Octokit;
let alice: Octokit;
let aliceToken: string;

type Entry = Awaited<ReturnType<Octokit['rest']['repos']['listActivities']>>['data'][number];
const brief = (entry: Entry) => [entry.activity_type, entry.ref, entry.actor?.login];

beforeAll(async () => {
  sim = await startSimulator();
  aliceToken = sim.createUser('alice').token;
  sim.createRepo('alice', 'act', { files: { 'README.md': '# act\n' } });
  app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/act')));
  alice = octokitFor(sim, aliceToken);
  // The GraphQL schema is built on first use (seconds on a busy machine): not in a test's time.
  await graphql('query { viewer { login } }', {
    baseUrl: sim.baseUrl,
    headers: { authorization: `token ${aliceToken}` },
  });
}, 60_000);

afterAll(async () => {
  await sim.close();
});

describe('what is recorded', () => {
  it('records branch creation, pushes, force pushes and deletion through the refs API, with time and actor', async () => {
    const before = new Date(sim.host.now().getTime() - 1000).toISOString();
    const first = await writeBranch(app, repo, 'claim', { 'a.txt': 'a\n' });
    const second = await writeBranch(app, repo, 'tmp', { 'b.txt': 'b\n' }, 'claim');
    await app.rest.git.updateRef({ ...repo, ref: 'heads/claim', sha: second });
    const main = (await app.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await alice.rest.git.updateRef({ ...repo, ref: 'heads/claim', sha: main, force: true });
    await alice.rest.git.deleteRef({ ...repo, ref: 'heads/claim' });

    const { data, status } = await app.rest.repos.listActivities({ ...repo, ref: 'claim' });
    expect(status).toBe(200);
    expect(validateResponse('GET', '/repos/{owner}/{repo}/activity', 200, data)).toEqual([]);
    expect(data.map(brief)).toEqual([
      ['branch_deletion', 'refs/heads/claim', 'alice'],
      ['force_push', 'refs/heads/claim', 'alice'],
      ['push', 'refs/heads/claim', 'drover-sim[bot]'],
      ['branch_creation', 'refs/heads/claim', 'drover-sim[bot]'],
    ]);
    expect(data[3]).toMatchObject({ before: '0'.repeat(40), after: first });
    expect(data[2]).toMatchObject({ before: first, after: second });
    expect(data[1]).toMatchObject({ before: second, after: main });
    expect(data[0]).toMatchObject({ before: main, after: '0'.repeat(40) });
    for (const entry of data) {
      expect(entry.timestamp >= before.replace(/\.\d{3}Z$/, 'Z')).toBe(true);
      expect(entry.node_id).toEqual(expect.any(String));
    }
    // `refs/heads/claim` and `claim` name the same branch.
    const full = await app.rest.repos.listActivities({ ...repo, ref: 'refs/heads/claim' });
    expect(full.data.map((e) => e.id)).toEqual(data.map((e) => e.id));
  });

  it('records createCommitOnBranch, a git push, and a pull request merge (pr_merge)', async () => {
    const head = await writeBranch(app, repo, 'feature', { 'f.txt': 'f\n' });
    const gql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${aliceToken}` } });
    await gql(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: 'alice/act', branchName: 'feature' },
          expectedHeadOid: head,
          message: { headline: 'more' },
          fileChanges: { additions: [{ path: 'g.txt', contents: Buffer.from('g').toString('base64') }] },
        },
      },
    );
    const client = await cloneRepo(sim.host.cloneUrl('alice', 'act'), aliceToken);
    try {
      await client.git('checkout', '-q', '-b', 'pushed', 'origin/feature');
      writeFileSync(path.join(client.dir, 'p.txt'), 'p\n');
      await client.git('add', '.');
      await client.git('commit', '-q', '-m', 'pushed');
      await client.git('push', '-q', 'origin', 'HEAD:refs/heads/feature');
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
    const { data: pr } = await app.rest.pulls.create({ ...repo, title: 'F', head: 'feature', base: 'main' });
    const merged = await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'merge' });

    const feature = await app.rest.repos.listActivities({ ...repo, ref: 'feature', direction: 'asc' });
    expect(feature.data.map(brief)).toEqual([
      ['branch_creation', 'refs/heads/feature', 'drover-sim[bot]'],
      ['push', 'refs/heads/feature', 'alice'],
      ['push', 'refs/heads/feature', 'alice'],
    ]);
    const main = await app.rest.repos.listActivities({ ...repo, ref: 'main', activity_type: 'pr_merge' });
    expect(main.data).toHaveLength(1);
    expect(main.data[0]).toMatchObject({
      activity_type: 'pr_merge',
      after: merged.data.sha,
      actor: { login: 'drover-sim[bot]' },
    });
  });

  it('records no tags and no refs outside refs/heads', async () => {
    const main = (await app.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    const count = (await app.rest.repos.listActivities({ ...repo, per_page: 100 })).data.length;
    await app.rest.git.createRef({ ...repo, ref: 'refs/tags/v1', sha: main });
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/1/attempt-1', sha: main });
    expect((await app.rest.repos.listActivities({ ...repo, per_page: 100 })).data).toHaveLength(count);
  });
});

describe('filters and pages', () => {
  it('filters by actor, activity_type and time_period', async () => {
    const byAlice = await app.rest.repos.listActivities({ ...repo, actor: 'ALICE', per_page: 100 });
    expect(byAlice.data.length).toBeGreaterThan(0);
    expect(byAlice.data.every((e) => e.actor?.login === 'alice')).toBe(true);
    const creations = await app.rest.repos.listActivities({ ...repo, activity_type: 'branch_creation' });
    expect(creations.data.every((e) => e.activity_type === 'branch_creation')).toBe(true);

    const all = (await app.rest.repos.listActivities({ ...repo, per_page: 100 })).data.length;
    sim.advanceClock(2 * DAY);
    await writeBranch(app, repo, 'late', { 'late.txt': 'l\n' });
    expect((await app.rest.repos.listActivities({ ...repo, time_period: 'day' })).data.map(brief)).toEqual([
      ['branch_creation', 'refs/heads/late', 'drover-sim[bot]'],
    ]);
    expect(
      (await app.rest.repos.listActivities({ ...repo, time_period: 'week', per_page: 100 })).data,
    ).toHaveLength(all + 1);
  });

  it('pages with after/before cursors in the Link header, newest first by default', async () => {
    const everything = (await app.rest.repos.listActivities({ ...repo, per_page: 100 })).data;
    expect(everything.length).toBeGreaterThan(5);
    const times = everything.map((e) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);

    const first = await app.rest.repos.listActivities({ ...repo, per_page: 2 });
    expect(first.data.map((e) => e.id)).toEqual(everything.slice(0, 2).map((e) => e.id));
    expect(first.headers.link).toMatch(/<[^>]*after=[^>]*>; rel="next"/);
    expect(first.headers.link).not.toMatch(/rel="prev"/);

    const paged = await app.paginate(app.rest.repos.listActivities, { ...repo, per_page: 2 });
    expect(paged.map((e) => e.id)).toEqual(everything.map((e) => e.id));

    const after = /[?&]after=([^&>]+)/.exec(first.headers.link ?? '')?.[1] as string;
    const second = await app.rest.repos.listActivities({ ...repo, per_page: 2, after });
    expect(second.data.map((e) => e.id)).toEqual(everything.slice(2, 4).map((e) => e.id));
    const before = /[?&]before=([^&>]+)/.exec(second.headers.link ?? '')?.[1] as string;
    const back = await app.rest.repos.listActivities({ ...repo, per_page: 2, before });
    expect(back.data.map((e) => e.id)).toEqual(everything.slice(0, 2).map((e) => e.id));
  });

  it('answers 422 for a value outside the documented enums', async () => {
    for (const query of [{ activity_type: 'merge' }, { time_period: 'decade' }, { direction: 'up' }]) {
      await expect(
        app.request('GET /repos/{owner}/{repo}/activity', { ...repo, ...query } as never),
      ).rejects.toMatchObject({ status: 422 });
    }
  });
});
