/**
 * The Git refs API as GitHub answers it (through the real @octokit/rest client): any fully
 * qualified ref under refs/ with three components, create-if-absent and fast-forward-only
 * updates as compare-and-swaps, GitHub's messages, and what a ref outside refs/heads and
 * refs/tags is (kept, listed, fetched when asked) and is not (a branch, an event).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { cloneRepo, gitEnvFor } from './git-client.js';
import { octokitFor } from './sim-helpers.js';

const run = promisify(execFile);
const repo = { owner: 'alice', repo: 'refs' };

let sim: Simulator;
let app: Octokit;
let aliceToken: string;
let mainSha: string;

/** A new commit on top of `parent` (one file), through the Git Data API. */
async function commitOn(parent: string, file: string, content = `${file}\n`): Promise<string> {
  const { data: base } = await app.rest.git.getCommit({ ...repo, commit_sha: parent });
  const { data: tree } = await app.rest.git.createTree({
    ...repo,
    base_tree: base.tree.sha,
    tree: [{ path: file, mode: '100644', type: 'blob', content }],
  });
  const { data: commit } = await app.rest.git.createCommit({
    ...repo,
    message: `Add ${file}`,
    tree: tree.sha,
    parents: [parent],
  });
  return commit.sha;
}

/** The status and message of a refused request. */
async function refusal(request: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await request;
  } catch (error) {
    const failed = error as { status: number; response?: { data?: { message?: string } } };
    return { status: failed.status, message: failed.response?.data?.message ?? '' };
  }
  throw new Error('the request succeeded');
}

/** Deliveries of these events since `from`, as [event, ref] pairs. */
async function refEventsSince(from: number): Promise<Array<[string, unknown]>> {
  await sim.webhooks.settled();
  return sim.webhooks.deliveries
    .slice(from)
    .filter((d) => ['push', 'create', 'delete'].includes(d.event))
    .map((d) => [d.event, d.payload.ref]);
}

beforeAll(async () => {
  sim = await startSimulator();
  aliceToken = sim.createUser('alice').token;
  sim.createRepo('alice', 'refs', { files: { 'README.md': '# refs\n' } });
  app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/refs')));
  mainSha = (await app.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
});

afterAll(async () => {
  await sim.close();
});

describe('creating refs', () => {
  it('creates a branch, and a second create of the same name is 422 "Reference already exists"', async () => {
    const ref = 'refs/heads/drover/7/attempt-1';
    const { data, status } = await app.rest.git.createRef({ ...repo, ref, sha: mainSha });
    expect(status).toBe(201);
    expect(data).toMatchObject({ ref, object: { sha: mainSha, type: 'commit' } });
    expect(await refusal(app.rest.git.createRef({ ...repo, ref, sha: mainSha }))).toEqual({
      status: 422,
      message: 'Reference already exists',
    });
    const other = await commitOn(mainSha, 'other.txt');
    expect(await refusal(app.rest.git.createRef({ ...repo, ref, sha: other }))).toEqual({
      status: 422,
      message: 'Reference already exists',
    });
    expect((await app.rest.git.getRef({ ...repo, ref: 'heads/drover/7/attempt-1' })).data.object.sha).toBe(
      mainSha,
    );
  });

  it('creates refs in any namespace under refs/, tags included', async () => {
    for (const ref of ['refs/drover/7/attempt-2', 'refs/drover/state', 'refs/tags/v0.1']) {
      await app.rest.git.createRef({ ...repo, ref, sha: mainSha });
      expect((await app.rest.git.getRef({ ...repo, ref: ref.slice('refs/'.length) })).data.ref).toBe(ref);
    }
    const { data } = await app.rest.git.listMatchingRefs({ ...repo, ref: 'drover/' });
    expect(data.map((r) => r.ref)).toEqual(['refs/drover/7/attempt-2', 'refs/drover/state']);
  });

  it('refuses bad names with GitHub messages, and changes nothing', async () => {
    const cases: Array<[string, string]> = [
      ['refs/heads/', 'refs/heads/ is not a valid ref name.'],
      ['refs/heads/a..b', 'refs/heads/a..b is not a valid ref name.'],
      ['refs/heads/x.lock', 'refs/heads/x.lock is not a valid ref name.'],
      ['refs/heads/a b', 'refs/heads/a b is not a valid ref name.'],
      ['refs/heads/.x', 'refs/heads/.x is not a valid ref name.'],
      ['refs/heads/a~1', 'refs/heads/a~1 is not a valid ref name.'],
      ['refs/heads/a@{0}', 'refs/heads/a@{0} is not a valid ref name.'],
      ['refs/heads/a\\b', 'refs/heads/a\\b is not a valid ref name.'],
      ['heads/feature', "Reference name must start with 'refs/'."],
      ['refs/feature', 'Reference name must contain at least three slash-separated components.'],
      ['refs/pull/1/head', 'refs/pull/* is read-only.'],
      ['refs/__gh__/x/y', 'refs/__gh__/* is reserved for internal use.'],
    ];
    const before = sim.state.repos.bare(sim.state.repos.require('alice/refs')).listRefs();
    for (const [ref, message] of cases) {
      expect(await refusal(app.rest.git.createRef({ ...repo, ref, sha: mainSha }))).toEqual({
        status: 422,
        message,
      });
    }
    expect(sim.state.repos.bare(sim.state.repos.require('alice/refs')).listRefs()).toEqual(before);
  });

  it('refuses a missing object, a branch on a non-commit, and a name that is a directory of another', async () => {
    expect(
      await refusal(app.rest.git.createRef({ ...repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) })),
    ).toEqual({
      status: 422,
      message: 'Object does not exist',
    });
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: 'blob' });
    expect(await refusal(app.rest.git.createRef({ ...repo, ref: 'refs/heads/blob', sha: blob.sha }))).toEqual(
      {
        status: 422,
        message: 'Reference update failed',
      },
    );
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/dir/leaf', sha: mainSha });
    expect(await refusal(app.rest.git.createRef({ ...repo, ref: 'refs/heads/dir', sha: mainSha }))).toEqual({
      status: 422,
      message: 'Reference update failed',
    });
  });
});

describe('updating and deleting refs', () => {
  it('is a compare-and-swap: only a descendant without force, 422 "Update is not a fast forward" otherwise', async () => {
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/cas', sha: mainSha });
    const first = await commitOn(mainSha, 'state-1.json');
    const rival = await commitOn(mainSha, 'state-rival.json');
    await app.rest.git.updateRef({ ...repo, ref: 'drover/cas', sha: first });
    // A writer that read the old state loses: its commit does not descend from the new one.
    expect(await refusal(app.rest.git.updateRef({ ...repo, ref: 'drover/cas', sha: rival }))).toEqual({
      status: 422,
      message: 'Update is not a fast forward',
    });
    expect(
      await refusal(app.rest.git.updateRef({ ...repo, ref: 'drover/cas', sha: mainSha, force: false })),
    ).toEqual({
      status: 422,
      message: 'Update is not a fast forward',
    });
    const next = await commitOn(first, 'state-2.json');
    await app.rest.git.updateRef({ ...repo, ref: 'drover/cas', sha: next });
    // Force moves anywhere.
    const { data } = await app.rest.git.updateRef({ ...repo, ref: 'drover/cas', sha: rival, force: true });
    expect(data.object.sha).toBe(rival);
  });

  it('answers 422 for missing refs and objects, and reads "refs/…" in the path as a name under refs/refs', async () => {
    expect(await refusal(app.rest.git.updateRef({ ...repo, ref: 'heads/nope', sha: mainSha }))).toEqual({
      status: 422,
      message: 'Reference does not exist',
    });
    expect(await refusal(app.rest.git.updateRef({ ...repo, ref: 'refs/heads/main', sha: mainSha }))).toEqual({
      status: 422,
      message: 'Reference does not exist',
    });
    await expect(app.rest.git.getRef({ ...repo, ref: 'refs/heads/main' })).rejects.toMatchObject({
      status: 404,
    });
    expect(
      await refusal(app.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: 'e'.repeat(40) })),
    ).toEqual({
      status: 422,
      message: 'Object does not exist',
    });
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: 'x' });
    expect(
      await refusal(app.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: blob.sha, force: true })),
    ).toEqual({
      status: 422,
      message: 'Object is not a commit',
    });
    expect(await refusal(app.rest.git.deleteRef({ ...repo, ref: 'heads/nope' }))).toEqual({
      status: 422,
      message: 'Reference does not exist',
    });
    expect(await refusal(app.rest.git.deleteRef({ ...repo, ref: 'pull/1/head' }))).toEqual({
      status: 422,
      message: 'refs/pull/* is read-only.',
    });
  });

  it('deletes a ref in any namespace', async () => {
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/gone', sha: mainSha });
    await app.rest.git.deleteRef({ ...repo, ref: 'drover/gone' });
    await expect(app.rest.git.getRef({ ...repo, ref: 'drover/gone' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('refs outside refs/heads and refs/tags', () => {
  it('are not branches, send no webhooks and leave no activity, but git can fetch them', async () => {
    const from = sim.webhooks.deliveries.length;
    const activity = sim.state.activity.list('alice/refs').length;
    const commit = await commitOn(mainSha, 'claim.json');
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/9/attempt-1', sha: commit });
    await app.rest.git.updateRef({ ...repo, ref: 'drover/9/attempt-1', sha: mainSha, force: true });
    await app.rest.git.deleteRef({ ...repo, ref: 'drover/9/attempt-1' });
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/9/attempt-2', sha: commit });
    expect(await refEventsSince(from)).toEqual([]);
    expect(sim.state.activity.list('alice/refs')).toHaveLength(activity);

    const { data: branches } = await app.rest.repos.listBranches({ ...repo, per_page: 100 });
    expect(branches.map((b) => b.name).some((name) => name.includes('attempt-2'))).toBe(false);
    await expect(app.rest.repos.getBranch({ ...repo, branch: 'drover/9/attempt-2' })).rejects.toMatchObject({
      status: 404,
    });

    const client = await cloneRepo(sim.host.cloneUrl('alice', 'refs'), aliceToken);
    try {
      // A clone's default refspec takes branches (and tags), not other refs ...
      expect(await client.git('for-each-ref', '--format=%(refname)')).not.toContain('drover/9');
      // ... but the server advertises the ref and hands it out when asked.
      const remote = await client.git('ls-remote', 'origin');
      expect(remote).toContain(`${commit}\trefs/drover/9/attempt-2`);
      await client.git('fetch', '-q', 'origin', 'refs/drover/9/attempt-2');
      expect((await client.git('rev-parse', 'FETCH_HEAD')).trim()).toBe(commit);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });
});

describe('push, create and delete webhooks', () => {
  it('a branch made, moved and removed through the refs API sends create+push, push, delete+push', async () => {
    const from = sim.webhooks.deliveries.length;
    const next = await commitOn(mainSha, 'feature.txt');
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/feature', sha: mainSha });
    await app.rest.git.updateRef({ ...repo, ref: 'heads/feature', sha: next });
    await app.rest.git.deleteRef({ ...repo, ref: 'heads/feature' });
    expect(await refEventsSince(from)).toEqual([
      ['push', 'refs/heads/feature'],
      ['create', 'feature'],
      ['push', 'refs/heads/feature'],
      ['push', 'refs/heads/feature'],
      ['delete', 'feature'],
    ]);
    const events = sim.webhooks.deliveries.slice(from).filter((d) => d.event === 'push');
    expect(events.map((d) => [d.payload.created, d.payload.deleted, d.payload.forced])).toEqual([
      [true, false, false],
      [false, false, false],
      [false, true, false],
    ]);
    expect(events[1]?.payload).toMatchObject({ before: mainSha, after: next });
    expect(events[1]?.payload.commits).toEqual([
      expect.objectContaining({ id: next, added: ['feature.txt'], removed: [], modified: [] }),
    ]);
    const create = sim.webhooks.deliveries.slice(from).find((d) => d.event === 'create');
    expect(create?.payload).toMatchObject({
      ref: 'feature',
      ref_type: 'branch',
      master_branch: 'main',
      pusher_type: 'user',
      sender: { login: 'drover-sim[bot]' },
    });
  });

  it('a force update is a push with forced: true; a tag sends create with ref_type tag', async () => {
    const a = await commitOn(mainSha, 'a.txt');
    const b = await commitOn(mainSha, 'b.txt');
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/forced', sha: a });
    const from = sim.webhooks.deliveries.length;
    await app.rest.git.updateRef({ ...repo, ref: 'heads/forced', sha: b, force: true });
    await app.rest.git.createRef({ ...repo, ref: 'refs/tags/v2', sha: b });
    await sim.webhooks.settled();
    const delivered = sim.webhooks.deliveries.slice(from);
    expect(
      delivered.find((d) => d.event === 'push' && d.payload.ref === 'refs/heads/forced')?.payload,
    ).toMatchObject({ forced: true, before: a, after: b });
    expect(delivered.find((d) => d.event === 'create')?.payload).toMatchObject({
      ref: 'v2',
      ref_type: 'tag',
    });
    expect(
      delivered.find((d) => d.event === 'push' && d.payload.ref === 'refs/tags/v2')?.payload,
    ).toMatchObject({
      created: true,
      commits: [],
    });
  });

  it('a git push sends the same events for branches and tags, and none for other refs', async () => {
    const client = await cloneRepo(sim.host.cloneUrl('alice', 'refs'), aliceToken);
    try {
      await client.git('commit', '-q', '--allow-empty', '-m', 'pushed');
      const from = sim.webhooks.deliveries.length;
      await client.git(
        'push',
        '-q',
        'origin',
        'HEAD:refs/heads/pushed',
        'HEAD:refs/tags/pushed-tag',
        'HEAD:refs/drover/pushed',
      );
      expect(await refEventsSince(from)).toEqual(
        expect.arrayContaining([
          ['push', 'refs/heads/pushed'],
          ['create', 'pushed'],
          ['push', 'refs/tags/pushed-tag'],
          ['create', 'pushed-tag'],
        ]),
      );
      expect(await refEventsSince(from)).toHaveLength(4);
      const deletedFrom = sim.webhooks.deliveries.length;
      await client.git(
        'push',
        '-q',
        'origin',
        ':refs/heads/pushed',
        ':refs/tags/pushed-tag',
        ':refs/drover/pushed',
      );
      expect(await refEventsSince(deletedFrom)).toEqual([
        ['push', 'refs/heads/pushed'],
        ['delete', 'pushed'],
        ['push', 'refs/tags/pushed-tag'],
        ['delete', 'pushed-tag'],
      ]);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });

  it('refuses to delete the default branch over git', async () => {
    const client = await cloneRepo(sim.host.cloneUrl('alice', 'refs'), aliceToken);
    try {
      await expect(client.git('push', 'origin', ':refs/heads/main')).rejects.toThrow(
        /refusing to delete the current branch: refs\/heads\/main/,
      );
      expect(sim.state.repos.require('alice/refs').branches.has('main')).toBe(true);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });
});

describe('pushed objects are checked as GitHub checks them', () => {
  it('refuses a push whose tree has a .git look-alike (fsck), and keeps the branch where it was', async () => {
    const client = await cloneRepo(sim.host.cloneUrl('alice', 'refs'), aliceToken);
    const env = {
      ...gitEnvFor(path.dirname(client.dir)),
      GIT_DIR: path.join(client.dir, '.git'),
    };
    // Plumbing builds the hostile trees: a worktree cannot hold `.git` as an entry.
    const sh = async (script: string, ...args: string[]) =>
      (await run('sh', ['-c', script, 'sh', ...args], { env })).stdout.trim();
    try {
      const blob = await sh('echo hook | git hash-object -w --stdin');
      const inner = await sh(`printf '100644 blob ${blob}\\tconfig\\n' | git mktree`);
      for (const name of ['.git', '.GIT', '.g\u200cit', 'git~1', '.git. ']) {
        const tree = await sh(`printf '040000 tree ${inner}\\t%s\\n' "$1" | git mktree`, name);
        const commit = await sh(`git commit-tree ${tree} -m hostile`);
        await expect(client.git('push', '-q', 'origin', `${commit}:refs/heads/hostile`)).rejects.toThrow(
          /hasDotgit/,
        );
      }
      expect(sim.state.repos.require('alice/refs').branches.has('hostile')).toBe(false);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });
});
