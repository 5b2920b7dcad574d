/**
 * Every path that moves a branch is a push, as on GitHub: the refs API, GraphQL
 * `createCommitOnBranch`, a git push over smart HTTP, a pull request merge and update-branch all
 * start the `on: push` workflows, and when the branch is a pull request's head also
 * `pull_request.synchronize` workflows; a pull request whose head or base moved has its
 * mergeability computed again. A deletion, and refs outside `refs/heads/` and `refs/tags/`
 * (`refs/drover/state`), start nothing.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { cloneRepo } from '../git-client.js';
import { octokitFor, writeBranch } from '../sim-helpers.js';

const PUSHED = `name: Pushed
on:
  push:
  pull_request:
jobs:
  note:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$GITHUB_EVENT_NAME $GITHUB_REF"
`;

describe('Actions: every push path starts workflows and moves pull requests', () => {
  let sim: Simulator;
  let app: Octokit;
  let aliceToken: string;
  let appToken: string;
  const repo = { owner: 'acme', repo: 'paths' };
  let seen = 0;

  /** Runs started since the last call, as `[event, head_branch, head_sha]`. */
  const newRuns = async () => {
    await sim.actions.idle();
    const all = sim.actions.runs();
    const fresh = all.slice(seen).map((run) => [run.event, run.headBranch, run.headSha]);
    seen = all.length;
    return fresh.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  };

  const headOf = async (branch: string) =>
    (await app.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;

  const commitOnBranch = async (token: string, branch: string, file: string, contents: string) => {
    const gql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${token}` } });
    const result = await gql<{ createCommitOnBranch: { commit: { oid: string } } }>(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: 'acme/paths', branchName: branch },
          expectedHeadOid: await headOf(branch),
          message: { headline: `Write ${file}` },
          fileChanges: { additions: [{ path: file, contents: Buffer.from(contents).toString('base64') }] },
        },
      },
    );
    return result.createCommitOnBranch.commit.oid;
  };

  const pull = async (number: number) => (await app.rest.pulls.get({ ...repo, pull_number: number })).data;

  beforeAll(async () => {
    // Mergeability waits for flushMergeability(): whether it was recomputed is then visible.
    sim = await startSimulator({ mergeabilityDelayMs: 600_000 });
    sim.createUser('acme', { type: 'Organization' });
    aliceToken = sim.createUser('alice').token;
    sim.createRepo('acme', 'paths', {
      files: { 'README.md': '# paths\n', '.github/workflows/pushed.yml': PUSHED },
      deleteBranchOnMerge: true,
    });
    sim.setPermission('acme/paths', 'alice', 'write');
    appToken = await sim.installationToken(sim.installApp('acme'));
    app = octokitFor(sim, appToken);
    // The GraphQL schema is built on first use (seconds on a busy machine): not in a test's time.
    await graphql('query { viewer { login } }', {
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${aliceToken}` },
    });
  }, 60_000);
  afterAll(async () => sim.close());

  test('refs API, createCommitOnBranch, git push, update-branch and merge all start push and synchronize runs', async () => {
    // The refs API: a new branch is a push.
    const created = await writeBranch(app, repo, 'feature', { 'feature.txt': '1\n' });
    expect(await newRuns()).toEqual([['push', 'feature', created]]);
    const { data: pr } = await app.rest.pulls.create({ ...repo, title: 'F', head: 'feature', base: 'main' });
    expect(await newRuns()).toEqual([['pull_request', 'feature', created]]);
    sim.flushMergeability();
    expect((await pull(pr.number)).mergeable_state).toBe('clean');

    // createCommitOnBranch on the head: push + synchronize, mergeability computed again.
    const viaGraphql = await commitOnBranch(appToken, 'feature', 'feature.txt', '2\n');
    expect(await newRuns()).toEqual([
      ['pull_request', 'feature', viaGraphql],
      ['push', 'feature', viaGraphql],
    ]);
    expect(await pull(pr.number)).toMatchObject({ head: { sha: viaGraphql }, mergeable: null });
    sim.flushMergeability();
    expect((await pull(pr.number)).mergeable_state).toBe('clean');

    // A git push over smart HTTP, by a person.
    const client = await cloneRepo(sim.host.cloneUrl('acme', 'paths'), aliceToken);
    let viaGit: string;
    try {
      await client.git('checkout', '-q', 'feature');
      writeFileSync(path.join(client.dir, 'feature.txt'), '3\n');
      await client.git('commit', '-q', '-am', 'By git');
      await client.git('push', '-q', 'origin', 'feature');
      viaGit = (await client.git('rev-parse', 'HEAD')).trim();
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
    expect(await newRuns()).toEqual([
      ['pull_request', 'feature', viaGit],
      ['push', 'feature', viaGit],
    ]);
    expect((await pull(pr.number)).mergeable).toBeNull();

    // The base moves with a conflicting createCommitOnBranch: a push on main; the pull request is dirty.
    const mainBefore = await headOf('main');
    const conflicting = await commitOnBranch(aliceToken, 'main', 'feature.txt', 'main\n');
    expect(await newRuns()).toEqual([['push', 'main', conflicting]]);
    expect((await pull(pr.number)).mergeable).toBeNull();
    sim.flushMergeability();
    expect(await pull(pr.number)).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });

    // The refs API moves main back (a force push): clean again.
    await app.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: mainBefore, force: true });
    expect(await newRuns()).toEqual([['push', 'main', mainBefore]]);
    sim.flushMergeability();
    expect((await pull(pr.number)).mergeable_state).toBe('clean');

    // main moves on; update-branch merges it into the head: a push and a synchronize.
    const other = await commitOnBranch(aliceToken, 'main', 'other.txt', 'o\n');
    expect(await newRuns()).toEqual([['push', 'main', other]]);
    await app.rest.pulls.updateBranch({ ...repo, pull_number: pr.number });
    const updated = await headOf('feature');
    expect(await newRuns()).toEqual([
      ['pull_request', 'feature', updated],
      ['push', 'feature', updated],
    ]);

    // The merge is a push on main; the head branch's deletion (delete_branch_on_merge) starts nothing.
    sim.flushMergeability();
    const { data: merged } = await app.rest.pulls.merge({ ...repo, pull_number: pr.number });
    expect(await newRuns()).toEqual([['push', 'main', merged.sha]]);
    expect(sim.state.repos.require('acme/paths').branches.has('feature')).toBe(false);
  });

  test('a tag is a push; a ref outside refs/heads and refs/tags is not', async () => {
    const main = await headOf('main');
    await app.rest.git.createRef({ ...repo, ref: 'refs/tags/v1', sha: main });
    expect(await newRuns()).toEqual([['push', 'v1', main]]);
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/state', sha: main });
    await app.rest.git.deleteRef({ ...repo, ref: 'tags/v1' });
    expect(await newRuns()).toEqual([]);
  });
});
