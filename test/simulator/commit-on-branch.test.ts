/**
 * GraphQL `createCommitOnBranch` as GitHub implements it, through the real @octokit/graphql
 * client: the branch by name or by `Ref` id, `expectedHeadOid` as a compare-and-swap with
 * GitHub's STALE_DATA error, additions and deletions, the commit a signed child of the head,
 * and a push like any other (webhook, activity, pull request synchronize). Also which REST Git
 * Data commits GitHub signs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const repo = { owner: 'alice', repo: 'cob' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let sim: Simulator;
let app: Octokit;
let alice: Octokit;
let gql: typeof graphql;
let aliceGql: typeof graphql;

const MUTATION = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    clientMutationId
    commit {
      oid message messageHeadline messageBody
      parents(first: 2) { nodes { oid } }
      author { name email user { login } }
      committer { name email }
      signature { isValid state wasSignedByGitHub }
    }
    ref { name prefix target { ... on Commit { oid } } }
  }
}`;

interface Result {
  createCommitOnBranch: {
    clientMutationId: string | null;
    commit: {
      oid: string;
      message: string;
      messageHeadline: string;
      messageBody: string;
      parents: { nodes: Array<{ oid: string }> };
      author: { name: string; email: string; user: { login: string } | null };
      committer: { name: string; email: string };
      signature: { isValid: boolean; state: string; wasSignedByGitHub: boolean } | null;
    };
    ref: { name: string; prefix: string; target: { oid: string } };
  };
}

async function headOf(branch: string): Promise<string> {
  return (await app.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
}

async function errorsOf(call: Promise<unknown>): Promise<Array<{ type?: string; message: string }>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphqlResponseError)
      return error.errors as Array<{ type?: string; message: string }>;
    throw error;
  }
  throw new Error('the mutation succeeded');
}

beforeAll(async () => {
  sim = await startSimulator();
  const aliceUser = sim.createUser('alice');
  sim.createRepo('alice', 'cob', {
    files: { 'README.md': '# cob\n', 'docs/old.md': 'old\n', 'run.sh': '#!/bin/sh\n' },
  });
  const token = await sim.installationToken(sim.installApp('alice/cob'));
  app = octokitFor(sim, token);
  alice = octokitFor(sim, aliceUser.token);
  gql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${token}` } });
  aliceGql = graphql.defaults({
    baseUrl: sim.baseUrl,
    headers: { authorization: `token ${aliceUser.token}` },
  });
  // An executable file, as a git push would make it.
  const { data: main } = await app.rest.git.getCommit({ ...repo, commit_sha: await headOf('main') });
  const { data: tree } = await alice.rest.git.createTree({
    ...repo,
    base_tree: main.tree.sha,
    tree: [{ path: 'run.sh', mode: '100755', type: 'blob', content: '#!/bin/sh\necho hi\n' }],
  });
  const { data: commit } = await alice.rest.git.createCommit({
    ...repo,
    message: 'Make run.sh executable',
    tree: tree.sha,
    parents: [main.sha],
  });
  await alice.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: commit.sha });
  // The GraphQL schema is built on first use (seconds on a busy machine): not in a test's time.
  await graphql('query { viewer { login } }', {
    baseUrl: sim.baseUrl,
    headers: { authorization: `token ${aliceUser.token}` },
  });
}, 60_000);

afterAll(async () => {
  await sim.close();
});

describe('createCommitOnBranch', () => {
  it('appends a signed commit to a branch named by repository and branch name', async () => {
    const head = await writeBranch(app, repo, 'work', { 'work.txt': 'w\n' });
    const from = sim.webhooks.deliveries.length;
    const result = await gql<Result>(MUTATION, {
      input: {
        clientMutationId: 'c1',
        branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'work' },
        expectedHeadOid: head,
        message: { headline: 'Add notes', body: 'Why:\nbecause.' },
        fileChanges: {
          additions: [
            { path: 'notes/a.md', contents: b64('# a\n') },
            { path: 'README.md', contents: b64('# cob, changed\n') },
          ],
          deletions: [{ path: 'docs/old.md' }],
        },
      },
    });
    const { commit, ref, clientMutationId } = result.createCommitOnBranch;
    expect(clientMutationId).toBe('c1');
    expect(commit).toMatchObject({
      message: 'Add notes\n\nWhy:\nbecause.',
      messageHeadline: 'Add notes',
      messageBody: 'Why:\nbecause.',
      parents: { nodes: [{ oid: head }] },
      author: { name: 'drover-sim[bot]', user: null },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
      signature: { isValid: true, state: 'VALID', wasSignedByGitHub: true },
    });
    expect(ref).toEqual({ name: 'work', prefix: 'refs/heads/', target: { oid: commit.oid } });
    expect(await headOf('work')).toBe(commit.oid);

    // REST sees the same commit, verified, with the tree the changes describe.
    const { data: rest } = await app.rest.git.getCommit({ ...repo, commit_sha: commit.oid });
    expect(rest.verification).toMatchObject({ verified: true, reason: 'valid' });
    const { data: tree } = await app.rest.git.getTree({
      ...repo,
      tree_sha: rest.tree.sha,
      recursive: 'true',
    });
    const files = tree.tree.filter((entry) => entry.type === 'blob').map((entry) => entry.path);
    expect(files).toEqual(expect.arrayContaining(['notes/a.md', 'README.md', 'work.txt', 'run.sh']));
    expect(files).not.toContain('docs/old.md');
    const { data: readme } = await app.rest.repos.getContent({ ...repo, path: 'README.md', ref: 'work' });
    expect(Buffer.from((readme as { content: string }).content, 'base64').toString()).toBe(
      '# cob, changed\n',
    );

    // It is a push: one push webhook with the commit and its files, and push activity.
    await sim.webhooks.settled();
    const pushes = sim.webhooks.deliveries.slice(from).filter((d) => d.event === 'push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.payload).toMatchObject({
      ref: 'refs/heads/work',
      before: head,
      after: commit.oid,
      created: false,
      forced: false,
      pusher: { name: 'drover-sim[bot]' },
    });
    expect(pushes[0]?.payload.commits).toEqual([
      expect.objectContaining({
        id: commit.oid,
        added: ['notes/a.md'],
        removed: ['docs/old.md'],
        modified: ['README.md'],
      }),
    ]);
    expect(sim.state.activity.list('alice/cob', { ref: 'work' })[0]).toMatchObject({
      activityType: 'push',
      before: head,
      after: commit.oid,
      actor: 'drover-sim[bot]',
    });
  });

  it('takes the branch by its Ref id, and keeps an executable file executable', async () => {
    const query = await gql<{ repository: { ref: { id: string; target: { oid: string } } } }>(
      `query { repository(owner: "alice", name: "cob") { ref(qualifiedName: "main") { id target { ... on Commit { oid } } } } }`,
    );
    const { id, target } = query.repository.ref;
    const result = await gql<Result>(MUTATION, {
      input: {
        branch: { id },
        expectedHeadOid: target.oid,
        message: { headline: 'Edit run.sh' },
        fileChanges: {
          additions: [
            { path: 'run.sh', contents: b64('#!/bin/sh\necho bye\n') },
            { path: 'new.sh', contents: b64('#!/bin/sh\n') },
          ],
        },
      },
    });
    const oid = result.createCommitOnBranch.commit.oid;
    expect(result.createCommitOnBranch.commit.messageBody).toBe('');
    const { data: commit } = await app.rest.git.getCommit({ ...repo, commit_sha: oid });
    const { data: tree } = await app.rest.git.getTree({ ...repo, tree_sha: commit.tree.sha });
    expect(tree.tree.find((entry) => entry.path === 'run.sh')?.mode).toBe('100755');
    expect(tree.tree.find((entry) => entry.path === 'new.sh')?.mode).toBe('100644');
  });

  it('is a compare-and-swap: a moved head answers STALE_DATA with GitHub words, and nothing moves', async () => {
    const stale = await writeBranch(app, repo, 'raced', { 'r.txt': 'r\n' });
    const input = (expectedHeadOid: string, headline: string) => ({
      input: {
        branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'refs/heads/raced' },
        expectedHeadOid,
        message: { headline },
        fileChanges: { additions: [{ path: `${headline}.txt`, contents: b64(headline) }] },
      },
    });
    const winner = await gql<Result>(MUTATION, input(stale, 'first'));
    const errors = await errorsOf(gql(MUTATION, input(stale, 'second')));
    expect(errors).toEqual([
      expect.objectContaining({
        type: 'STALE_DATA',
        message: `Expected branch to point to "${stale}" but it did not.  Pull and try again.`,
      }),
    ]);
    expect(await headOf('raced')).toBe(winner.createCommitOnBranch.commit.oid);
  });

  it('answers GitHub NOT_FOUND errors for a missing branch, repository, node, head commit or deleted path', async () => {
    const head = await headOf('main');
    const call = (branch: object, extra: object = {}) =>
      errorsOf(
        gql(MUTATION, {
          input: { branch, expectedHeadOid: head, message: { headline: 'x' }, ...extra },
        }),
      );
    expect(await call({ repositoryNameWithOwner: 'alice/cob', branchName: 'nope' })).toEqual([
      expect.objectContaining({ type: 'NOT_FOUND', message: 'Branch not found' }),
    ]);
    expect(await call({ repositoryNameWithOwner: 'alice/none', branchName: 'main' })).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: "Could not resolve to a Repository with the name 'alice/none'.",
      }),
    ]);
    expect(await call({ id: 'REF_kwDObm9uc2Vuc2U' })).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: "Could not resolve to a node with the global id of 'REF_kwDObm9uc2Vuc2U'",
      }),
    ]);
    const missing = 'a'.repeat(40);
    expect(
      await errorsOf(
        gql(MUTATION, {
          input: {
            branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'main' },
            expectedHeadOid: missing,
            message: { headline: 'x' },
          },
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: `No commit exists with specified expectedHeadOid '${missing}'.`,
      }),
    ]);
    expect(
      await call(
        { repositoryNameWithOwner: 'alice/cob', branchName: 'main' },
        { fileChanges: { deletions: [{ path: 'never/was.txt' }] } },
      ),
    ).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
      }),
    ]);
    expect(await headOf('main')).toBe(head);
  });

  it('refuses malformed paths, like the trees API', async () => {
    const head = await headOf('main');
    for (const path of [
      '.git/hooks/pre-commit',
      '.gi\u200dt/config',
      '../escape',
      'a//b',
      '/abs',
      'a\nb',
      'a\\b',
    ]) {
      const errors = await errorsOf(
        gql(MUTATION, {
          input: {
            branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'main' },
            expectedHeadOid: head,
            message: { headline: 'hostile' },
            fileChanges: { additions: [{ path, contents: b64('x') }] },
          },
        }),
      );
      expect(errors).toEqual([
        expect.objectContaining({
          type: 'UNPROCESSABLE',
          message: 'tree.path contains a malformed path component',
        }),
      ]);
    }
    expect(await headOf('main')).toBe(head);
  });

  it('needs contents: write, and a user needs write access', async () => {
    const readOnly = sim.host.mintJobToken('alice/cob', { contents: 'read' });
    const jobGql = graphql.defaults({
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${readOnly}` },
    });
    const head = await headOf('main');
    const input = {
      input: {
        branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'main' },
        expectedHeadOid: head,
        message: { headline: 'x' },
      },
    };
    expect(await errorsOf(jobGql(MUTATION, input))).toEqual([
      expect.objectContaining({ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }),
    ]);
    sim.setPermission('alice/cob', 'bob', 'read');
    const bob = sim.state.tokens.mintUser('bob');
    const bobGql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${bob}` } });
    expect(await errorsOf(bobGql(MUTATION, input))).toEqual([
      expect.objectContaining({
        type: 'FORBIDDEN',
        message: 'bob does not have the correct permissions to execute `CreateCommitOnBranch`',
      }),
    ]);
    // A person with write access commits as themself; GitHub signs it too.
    const result = await aliceGql<Result>(MUTATION, input);
    expect(result.createCommitOnBranch.commit).toMatchObject({
      author: { name: 'alice', user: { login: 'alice' } },
      signature: { wasSignedByGitHub: true },
    });
  });

  it('is a push for an open pull request on the branch: synchronize', async () => {
    const head = await writeBranch(app, repo, 'pr-branch', { 'pr.txt': 'p\n' });
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'PR',
      head: 'pr-branch',
      base: 'main',
    });
    const from = sim.webhooks.deliveries.length;
    const result = await gql<Result>(MUTATION, {
      input: {
        branch: { repositoryNameWithOwner: 'alice/cob', branchName: 'pr-branch' },
        expectedHeadOid: head,
        message: { headline: 'More' },
        fileChanges: { additions: [{ path: 'pr2.txt', contents: b64('2') }] },
      },
    });
    await sim.webhooks.settled();
    const sync = sim.webhooks.deliveries
      .slice(from)
      .find((d) => d.event === 'pull_request' && d.action === 'synchronize');
    expect(sync?.payload).toMatchObject({
      number: pr.number,
      before: head,
      after: result.createCommitOnBranch.commit.oid,
    });
  });
});

describe('which REST Git Data commits GitHub signs', () => {
  const commit = async (kit: Octokit, extra: object) => {
    const head = await headOf('main');
    const { data: parent } = await kit.rest.git.getCommit({ ...repo, commit_sha: head });
    const { data } = await kit.rest.git.createCommit({
      ...repo,
      message: 'signed?',
      tree: parent.tree.sha,
      parents: [head],
      ...extra,
    });
    return data;
  };

  it('an app commit with neither author nor committer: committed by GitHub, verified', async () => {
    const data = await commit(app, {});
    expect(data.verification).toMatchObject({ verified: true, reason: 'valid' });
    expect(data.committer).toMatchObject({ name: 'GitHub', email: 'noreply@github.com' });
    expect(data.author.name).toBe('drover-sim[bot]');
  });

  it('an Actions (job token) commit is signed the same way', async () => {
    const job = octokitFor(sim, sim.host.mintJobToken('alice/cob', { contents: 'write' }));
    expect((await commit(job, {})).verification).toMatchObject({ verified: true });
  });

  it('a custom author or committer, or a person, leaves it unsigned', async () => {
    const someone = { name: 'Someone', email: 'someone@example.com' };
    expect((await commit(app, { author: someone })).verification).toMatchObject({
      verified: false,
      reason: 'unsigned',
    });
    expect((await commit(app, { committer: someone })).verification).toMatchObject({ verified: false });
    const byAlice = await commit(alice, {});
    expect(byAlice.verification).toMatchObject({ verified: false });
    expect(byAlice.committer.name).toBe('alice');
  });
});
