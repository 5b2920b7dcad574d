/**
 * The `workflows` permission, on every path a ref can move: an app or Actions token without
 * `workflows: write` cannot make any ref point at a commit whose `.github/workflows/` differs
 * (added, changed, deleted, replaced by a file or a symlink) through the refs API,
 * `createCommitOnBranch` or a git push; people, and apps granted the permission, can.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { authedUrl, cloneRepo, type GitClient } from './git-client.js';
import { octokitFor } from './sim-helpers.js';

const CI = 'on: push\njobs: {}\n';
const REFUSED =
  /refusing to allow a GitHub App to create or update workflow `\.github\/workflows\/[^`]+` without `workflows` permission/;

interface World {
  sim: Simulator;
  app: Octokit;
  appToken: string;
  alice: Octokit;
  aliceToken: string;
  repo: { owner: string; repo: string };
}

async function world(options: Parameters<typeof startSimulator>[0] = {}): Promise<World> {
  const sim = await startSimulator(options);
  const alice = sim.createUser('alice');
  sim.createRepo('alice', 'wf', { files: { 'README.md': '# wf\n', '.github/workflows/ci.yml': CI } });
  const appToken = await sim.installationToken(sim.installApp('alice/wf'));
  return {
    sim,
    app: octokitFor(sim, appToken),
    appToken,
    alice: octokitFor(sim, alice.token),
    aliceToken: alice.token,
    repo: { owner: 'alice', repo: 'wf' },
  };
}

/** A commit on `parent` with these tree entries (`null` deletes), made by `kit`. */
async function commitWith(
  w: World,
  kit: Octokit,
  parent: string,
  entries: Array<{ path: string; content?: string; mode?: '100644' | '120000'; delete?: boolean }>,
): Promise<string> {
  const { data: base } = await kit.rest.git.getCommit({ ...w.repo, commit_sha: parent });
  const { data: tree } = await kit.rest.git.createTree({
    ...w.repo,
    base_tree: base.tree.sha,
    tree: entries.map((entry) =>
      entry.delete
        ? { path: entry.path, mode: '100644' as const, type: 'blob' as const, sha: null }
        : {
            path: entry.path,
            mode: entry.mode ?? ('100644' as const),
            type: 'blob' as const,
            content: entry.content ?? '',
          },
    ),
  });
  const { data: commit } = await kit.rest.git.createCommit({
    ...w.repo,
    message: 'change',
    tree: tree.sha,
    parents: [parent],
  });
  return commit.sha;
}

const head = async (w: World, branch = 'main') =>
  (await w.app.rest.git.getRef({ ...w.repo, ref: `heads/${branch}` })).data.object.sha;

describe('an app without workflows: write', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
    // The GraphQL schema is built on first use (seconds on a busy machine): not in a test's time.
    await graphql('query { viewer { login } }', {
      baseUrl: w.sim.baseUrl,
      headers: { authorization: `token ${w.aliceToken}` },
    });
  }, 60_000);
  afterAll(async () => {
    await w.sim.close();
  });

  const hostileChanges: Array<[string, Parameters<typeof commitWith>[3]]> = [
    ['adds a workflow', [{ path: '.github/workflows/evil.yml', content: CI }]],
    ['changes a workflow', [{ path: '.github/workflows/ci.yml', content: `${CI}# changed\n` }]],
    ['deletes a workflow', [{ path: '.github/workflows/ci.yml', delete: true }]],
    ['puts a file at .github/workflows', [{ path: '.github/workflows', content: 'x' }]],
    ['makes .github a symlink', [{ path: '.github', content: '/etc', mode: '120000' }]],
  ];

  it.each(hostileChanges)(
    'cannot create or update a ref to a commit that %s (403), in any namespace',
    async (_name, change) => {
      const main = await head(w);
      const commit = await commitWith(w, w.app, main, change);
      for (const ref of ['refs/heads/hostile', 'refs/drover/hostile', 'refs/tags/hostile']) {
        await expect(w.app.rest.git.createRef({ ...w.repo, ref, sha: commit })).rejects.toMatchObject({
          status: 403,
          response: { data: { message: 'Resource not accessible by integration' } },
        });
      }
      await w.app.rest.git
        .createRef({ ...w.repo, ref: 'refs/heads/innocent', sha: main })
        .catch(() => undefined);
      await expect(
        w.app.rest.git.updateRef({ ...w.repo, ref: 'heads/innocent', sha: commit, force: true }),
      ).rejects.toMatchObject({ status: 403 });
      expect(await head(w, 'innocent')).toBe(main);
    },
  );

  it('can write everything else, and delete refs', async () => {
    const main = await head(w);
    const commit = await commitWith(w, w.app, main, [
      { path: 'src/ok.ts', content: 'ok\n' },
      { path: '.github/other.yml', content: 'x' },
    ]);
    await w.app.rest.git.createRef({ ...w.repo, ref: 'refs/heads/fine', sha: commit });
    await w.app.rest.git.createRef({ ...w.repo, ref: 'refs/drover/fine', sha: commit });
    await w.app.rest.git.deleteRef({ ...w.repo, ref: 'drover/fine' });
  });

  it('is compared with the default branch by the refs API, so an old base is refused once main changed its workflows', async () => {
    const old = await head(w);
    await w.app.rest.git.createRef({ ...w.repo, ref: 'refs/heads/old-base', sha: old });
    // A person changes the workflows on main.
    const newMain = await commitWith(w, w.alice, old, [
      { path: '.github/workflows/ci.yml', content: `${CI}# v2\n` },
    ]);
    await w.alice.rest.git.updateRef({ ...w.repo, ref: 'heads/main', sha: newMain });
    // The app's commit on the old base touches no workflow, yet its workflows differ from main's.
    const patch = await commitWith(w, w.app, old, [{ path: 'feature.txt', content: 'f\n' }]);
    await expect(
      w.app.rest.git.updateRef({ ...w.repo, ref: 'heads/old-base', sha: patch }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      w.app.rest.git.createRef({ ...w.repo, ref: 'refs/heads/old-2', sha: old }),
    ).rejects.toMatchObject({
      status: 403,
    });
    // On top of the new main it is fine.
    const rebased = await commitWith(w, w.app, newMain, [{ path: 'feature.txt', content: 'f\n' }]);
    await w.app.rest.git.createRef({ ...w.repo, ref: 'refs/heads/new-base', sha: rebased });
  });

  describe('createCommitOnBranch', () => {
    const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`;
    const run = async (token: string, fileChanges: object) => {
      const gql = graphql.defaults({ baseUrl: w.sim.baseUrl, headers: { authorization: `token ${token}` } });
      const expectedHeadOid = await head(w);
      return gql(mutation, {
        input: {
          branch: { repositoryNameWithOwner: 'alice/wf', branchName: 'main' },
          expectedHeadOid,
          message: { headline: 'workflows' },
          fileChanges,
        },
      });
    };
    const errorsOf = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (error) {
        if (error instanceof GraphqlResponseError) return error.errors;
        throw error;
      }
      throw new Error('the mutation succeeded');
    };
    const b64 = (text: string) => Buffer.from(text).toString('base64');

    it('refuses adding or changing a workflow ("Resource not accessible by integration") and deleting one', async () => {
      const before = await head(w);
      for (const path of ['.github/workflows/new.yml', '.github/workflows/ci.yml', '.github/workflows']) {
        expect(await errorsOf(run(w.appToken, { additions: [{ path, contents: b64('x') }] }))).toEqual([
          expect.objectContaining({ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }),
        ]);
      }
      const deletion = await errorsOf(run(w.appToken, { deletions: [{ path: '.github/workflows/ci.yml' }] }));
      expect(deletion).toEqual([
        expect.objectContaining({ type: 'FORBIDDEN', message: expect.stringMatching(REFUSED) }),
      ]);
      const job = w.sim.host.mintJobToken('alice/wf', { contents: 'write' });
      expect(
        await errorsOf(run(job, { additions: [{ path: '.github/workflows/x.yml', contents: b64('x') }] })),
      ).toEqual([expect.objectContaining({ type: 'FORBIDDEN' })]);
      expect(await head(w)).toBe(before);
      // Writing the same content a workflow already has changes nothing, and is allowed.
      const ci = await w.app.rest.repos.getContent({ ...w.repo, path: '.github/workflows/ci.yml' });
      const same = (ci.data as { content: string }).content.replace(/\n/g, '');
      await run(w.appToken, { additions: [{ path: '.github/workflows/ci.yml', contents: same }] });
      // A person may.
      await run(w.aliceToken, { additions: [{ path: '.github/workflows/by-alice.yml', contents: b64(CI) }] });
    }, 60_000);
  });

  describe('git push', () => {
    let client: GitClient;
    beforeAll(async () => {
      client = await cloneRepo(w.sim.host.cloneUrl('alice', 'wf'), w.aliceToken);
    });
    afterAll(() => {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    });

    const pushAs = (token: string, refspec: string) =>
      client.git('push', authedUrl(w.sim.host.cloneUrl('alice', 'wf'), token), refspec);

    it('refuses an app or Actions push that changes .github/workflows/, with GitHub words', async () => {
      await client.git('fetch', '-q', 'origin');
      await client.git('checkout', '-q', '-B', 'hostile', 'origin/main');
      mkdirSync(path.join(client.dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(client.dir, '.github', 'workflows', 'pushed.yml'), CI);
      await client.git('add', '.');
      await client.git('commit', '-q', '-m', 'workflow');
      const job = w.sim.host.mintJobToken('alice/wf', { contents: 'write' });
      for (const token of [w.appToken, job]) {
        for (const target of ['refs/heads/hostile', 'refs/drover/hostile', 'refs/heads/main']) {
          await expect(pushAs(token, `HEAD:${target}`)).rejects.toThrow(REFUSED);
        }
      }
      expect(w.sim.state.repos.require('alice/wf').branches.has('hostile')).toBe(false);
      // A person's token may push it.
      await pushAs(w.aliceToken, 'HEAD:refs/heads/hostile');
      expect(w.sim.state.repos.require('alice/wf').branches.has('hostile')).toBe(true);
    });

    it('lets an app push anything else', async () => {
      await client.git('fetch', '-q', 'origin');
      await client.git('checkout', '-q', '-B', 'plain', 'origin/main');
      writeFileSync(path.join(client.dir, 'plain.txt'), 'plain\n');
      await client.git('add', '.');
      await client.git('commit', '-q', '-m', 'plain');
      await pushAs(w.appToken, 'HEAD:refs/heads/plain');
      expect(w.sim.state.repos.require('alice/wf').branches.has('plain')).toBe(true);
    });
  });
});

describe('an app granted workflows: write', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ appPermissions: { workflows: 'write' } });
  });
  afterAll(async () => {
    await w.sim.close();
  });

  it('may change workflows through the refs API, createCommitOnBranch and git push', async () => {
    const main = await head(w);
    const commit = await commitWith(w, w.app, main, [{ path: '.github/workflows/new.yml', content: CI }]);
    await w.app.rest.git.createRef({ ...w.repo, ref: 'refs/heads/allowed', sha: commit });
    const gql = graphql.defaults({
      baseUrl: w.sim.baseUrl,
      headers: { authorization: `token ${w.appToken}` },
    });
    await gql(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: 'alice/wf', branchName: 'allowed' },
          expectedHeadOid: commit,
          message: { headline: 'more' },
          fileChanges: { deletions: [{ path: '.github/workflows/ci.yml' }] },
        },
      },
    );
    const client = await cloneRepo(w.sim.host.cloneUrl('alice', 'wf'), w.appToken);
    try {
      mkdirSync(path.join(client.dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(client.dir, '.github', 'workflows', 'pushed.yml'), CI);
      await client.git('add', '.');
      await client.git('commit', '-q', '-m', 'workflow');
      await client.git('push', '-q', 'origin', 'HEAD:refs/heads/pushed');
      expect(w.sim.state.repos.require('alice/wf').branches.has('pushed')).toBe(true);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });
});
