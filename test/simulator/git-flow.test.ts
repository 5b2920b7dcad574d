import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { authedUrl, cloneRepo, type GitClient } from './git-client.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('simulator: git over smart HTTP, pull requests and merges', () => {
  let sim: Simulator;
  let app: Octokit;
  let aliceToken: string;
  const repo = { owner: 'alice', repo: 'demo' };
  let shared: GitClient;

  /**
   * The one working copy every test uses (a clone per test costs seconds on a busy machine):
   * origin's URL switched to `token`'s credentials, fetched, and reset to origin's main.
   */
  const checkout = async (token?: string) => {
    await shared.git('remote', 'set-url', 'origin', authedUrl(sim.host.cloneUrl('alice', 'demo'), token));
    await shared.git('fetch', '-q', 'origin');
    await shared.git('checkout', '-q', '-B', 'main', 'origin/main');
    return shared;
  };
  const commitFile = async (client: GitClient, file: string, content: string, message: string) => {
    writeFileSync(path.join(client.dir, file), content);
    await client.git('add', file);
    await client.git('commit', '-q', '-m', message);
  };

  beforeAll(async () => {
    sim = await startSimulator();
    aliceToken = sim.createUser('alice').token;
    sim.createRepo('alice', 'demo', { files: { 'README.md': '# demo\n', 'src/a.txt': 'one\ntwo\nthree\n' } });
    app = new Octokit({
      baseUrl: sim.baseUrl,
      auth: await sim.installationToken(sim.installApp('alice/demo')),
      log: quiet,
    });
    shared = await cloneRepo(sim.host.cloneUrl('alice', 'demo'), aliceToken);
  });
  afterAll(async () => {
    await sim.close();
    if (shared) rmSync(path.dirname(shared.dir), { recursive: true, force: true });
  });

  it('opens a PR from a pushed branch and merging it closes the referenced issue', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'Add feature' });
    const client = await checkout(aliceToken);
    await client.git('checkout', '-q', '-b', 'feature');
    await commitFile(client, 'feature.txt', 'hello\n', 'Add feature');
    await client.git('push', '-q', 'origin', 'feature');
    expect(sim.state.repos.require('alice/demo').branches.has('feature')).toBe(true);

    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'Feature',
      head: 'feature',
      base: 'main',
      body: `Closes #${issue.number}`,
    });
    expect(pr).toMatchObject({ state: 'open', head: { ref: 'feature' }, base: { ref: 'main' } });
    await sim.mergeabilitySettled();
    const { data: fresh } = await app.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(fresh).toMatchObject({ mergeable: true, mergeable_state: 'clean' });

    const { data: merge } = await app.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      merge_method: 'squash',
    });
    expect(merge.merged).toBe(true);
    const { data: closed } = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'completed' });
    const { data: main } = await app.rest.repos.getBranch({ ...repo, branch: 'main' });
    expect(main.commit.sha).toBe(merge.sha);
    expect(main.commit.commit.message).toBe(`Feature (#${pr.number})\n\n* Add feature`);
  });

  it('reports conflicting PRs as dirty and refuses to merge them with 405', async () => {
    const client = await checkout(aliceToken);
    await client.git('checkout', '-q', '-b', 'left');
    await commitFile(client, 'src/a.txt', 'one\nLEFT\nthree\n', 'left');
    await client.git('checkout', '-q', 'main');
    await client.git('checkout', '-q', '-b', 'right');
    await commitFile(client, 'src/a.txt', 'one\nRIGHT\nthree\n', 'right');
    await client.git('push', '-q', 'origin', 'left', 'right');
    const { data: left } = await app.rest.pulls.create({
      ...repo,
      title: 'Left',
      head: 'left',
      base: 'main',
    });
    const { data: right } = await app.rest.pulls.create({
      ...repo,
      title: 'Right',
      head: 'right',
      base: 'main',
    });
    await app.rest.pulls.merge({ ...repo, pull_number: left.number, merge_method: 'merge' });
    await sim.mergeabilitySettled();

    const { data: dirty } = await app.rest.pulls.get({ ...repo, pull_number: right.number });
    expect(dirty).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    await expect(app.rest.pulls.merge({ ...repo, pull_number: right.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
    await expect(app.rest.pulls.updateBranch({ ...repo, pull_number: right.number })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('answers 409 when the head sha does not match, and updates a branch that is behind', async () => {
    const client = await checkout(aliceToken);
    await client.git('checkout', '-q', '-b', 'behind');
    await commitFile(client, 'behind.txt', 'b\n', 'behind');
    await client.git('push', '-q', 'origin', 'behind');
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'Behind',
      head: 'behind',
      base: 'main',
    });
    await expect(
      app.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: '0'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });

    await client.git('checkout', '-q', 'main');
    await client.git('pull', '-q', 'origin', 'main');
    await commitFile(client, 'main-moves.txt', 'm\n', 'main moves');
    await client.git('push', '-q', 'origin', 'main');
    const update = await app.rest.pulls.updateBranch({ ...repo, pull_number: pr.number });
    expect(update.status).toBe(202);
    const { data: after } = await app.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(after.head.sha).not.toBe(pr.head.sha);
    const synchronize = sim.webhooks.deliveries.find(
      (d) => d.event === 'pull_request' && d.action === 'synchronize' && d.payload.number === pr.number,
    );
    expect(synchronize?.payload).toMatchObject({ before: pr.head.sha, after: after.head.sha });
    const rebased = await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'merge' });
    expect(rebased.data.merged).toBe(true);
  });

  it('rebase-merges a PR by replaying its commits on the base', async () => {
    const client = await checkout(aliceToken);
    await client.git('checkout', '-q', '-b', 'rebase-me');
    await commitFile(client, 'r1.txt', '1\n', 'r1');
    await commitFile(client, 'r2.txt', '2\n', 'r2');
    await client.git('push', '-q', 'origin', 'rebase-me');
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'Rebase',
      head: 'rebase-me',
      base: 'main',
    });
    const { data: merge } = await app.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      merge_method: 'rebase',
    });
    const { data: commit } = await app.rest.git.getCommit({ ...repo, commit_sha: merge.sha });
    expect(commit.message).toBe('r2');
    expect(commit.verification?.verified).toBe(true);
  });

  it('writes a branch with the Git Data API that git fetch then sees', async () => {
    const { data: main } = await app.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await app.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data: blob } = await app.rest.git.createBlob({
      ...repo,
      content: Buffer.from('binary\0data').toString('base64'),
      encoding: 'base64',
    });
    const { data: tree } = await app.rest.git.createTree({
      ...repo,
      base_tree: base.tree.sha,
      tree: [
        { path: 'docs/deep/new.md', mode: '100644', type: 'blob', content: '# new\n' },
        { path: 'bin.dat', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const { data: commit } = await app.rest.git.createCommit({
      ...repo,
      message: 'Drover: task',
      tree: tree.sha,
      parents: [main.object.sha],
    });
    expect(commit.verification?.verified).toBe(true);
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/drover/1-task', sha: commit.sha });

    const client = await checkout();
    await client.git('fetch', '-q', 'origin', 'drover/1-task');
    const files = (await client.git('ls-tree', '-r', '--name-only', 'FETCH_HEAD'))
      .split('\n')
      .filter(Boolean);
    expect(files).toContain('docs/deep/new.md');
    expect(files).toContain('bin.dat');
    expect(files).not.toContain('README.md');
    expect(await client.git('show', 'FETCH_HEAD:docs/deep/new.md')).toBe('# new\n');

    await expect(
      app.rest.git.updateRef({ ...repo, ref: 'heads/drover/1-task', sha: main.object.sha }),
    ).rejects.toMatchObject({ status: 422 });
    await app.rest.git.updateRef({ ...repo, ref: 'heads/drover/1-task', sha: main.object.sha, force: true });
    const matching = await app.rest.git.listMatchingRefs({ ...repo, ref: 'heads/drover/' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/heads/drover/1-task']);
    await app.rest.git.deleteRef({ ...repo, ref: 'heads/drover/1-task' });
    await expect(app.rest.git.getRef({ ...repo, ref: 'heads/drover/1-task' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses a push with a contents: read job token (403) and accepts contents: write', async () => {
    const readToken = sim.host.mintJobToken('alice/demo', { contents: 'read' });
    const client = await checkout(readToken);
    await commitFile(client, 'job.txt', 'job\n', 'job');
    await expect(client.git('push', '-q', 'origin', 'HEAD:refs/heads/job')).rejects.toThrow(/403/);
    const readOnly = new Octokit({ baseUrl: sim.baseUrl, auth: readToken, log: quiet });
    await expect(readOnly.rest.issues.create({ ...repo, title: 'no' })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
    const writeToken = sim.host.mintJobToken('alice/demo', { contents: 'write' });
    await client.git(
      'remote',
      'set-url',
      'origin',
      authedUrl(sim.host.cloneUrl('alice', 'demo'), writeToken),
    );
    await client.git('push', '-q', 'origin', 'HEAD:refs/heads/job');
    expect(sim.state.repos.require('alice/demo').branches.has('job')).toBe(true);
  });

  it('serves contents (404 when missing) and the raw media type', async () => {
    const { data } = await app.rest.repos.getContent({ ...repo, path: 'src/a.txt' });
    expect(Array.isArray(data)).toBe(false);
    await expect(app.rest.repos.getContent({ ...repo, path: '.github/drover.yml' })).rejects.toMatchObject({
      status: 404,
    });
    const raw = await app.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...repo,
      path: 'README.md',
      mediaType: { format: 'raw' },
    });
    expect(String(raw.data)).toBe('# demo\n');
  });
});
