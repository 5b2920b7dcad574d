/**
 * One GraphQL `Commit` wherever it is reached (`createCommitOnBranch`, `Ref.target`,
 * `PullRequest.commits`): the same id as REST's `node_id`, GitHub's signature, tree, parents and
 * git actors, and its checks (`status`, `statusCheckRollup`, with the base's required contexts
 * only when reached through the pull request).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { octokitFor } from '../sim-helpers.js';
import { openPullRequest, startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

const COMMIT_FIELDS = `id oid messageHeadline committedViaWeb
  signature { isValid wasSignedByGitHub }
  tree { oid }
  parents(first: 2) { nodes { oid } }
  committer { name email }
  status { state }
  statusCheckRollup { state }`;

const CREATE = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { ${COMMIT_FIELDS} } }
}`;

const READ = `query($n: Int!) { repository(owner: "alice", name: "tasks") {
  ref(qualifiedName: "unified") { target { ... on Commit { ${COMMIT_FIELDS} } } }
  pullRequest(number: $n) { commits(last: 1) { nodes { commit { ${COMMIT_FIELDS} } } } }
} }`;

interface CommitFields {
  id: string;
  oid: string;
  messageHeadline: string;
  committedViaWeb: boolean;
  signature: { isValid: boolean; wasSignedByGitHub: boolean } | null;
  tree: { oid: string };
  parents: { nodes: Array<{ oid: string }> };
  committer: { name: string; email: string };
  status: { state: string } | null;
  statusCheckRollup: { state: string } | null;
}

interface ReadAnswer {
  repository: {
    ref: { target: CommitFields };
    pullRequest: { commits: { nodes: Array<{ commit: CommitFields }> } };
  };
}

describe('GraphQL Commit', () => {
  let fixture: GraphqlFixture;
  let job: Octokit;
  const repo = { owner: 'alice', repo: 'tasks' };

  beforeAll(async () => {
    fixture = await startGraphqlFixture({ requiredChecks: ['ci'] });
    job = octokitFor(fixture.sim, fixture.sim.host.mintJobToken('alice/tasks', { statuses: 'write' }));
  });
  afterAll(async () => fixture.sim.close());

  it('is one object with git fields and checks, whichever way it is reached', async () => {
    const pull = await openPullRequest(fixture, 'unified', 'Work.');
    const parent = fixture.sim.state.pulls.byId(pull.id)!.headSha;
    const { createCommitOnBranch } = await fixture.gql<{ createCommitOnBranch: { commit: CommitFields } }>(
      CREATE,
      {
        input: {
          branch: { repositoryNameWithOwner: 'alice/tasks', branchName: 'unified' },
          expectedHeadOid: parent,
          message: { headline: 'More work' },
          fileChanges: {
            additions: [{ path: 'more.txt', contents: Buffer.from('more\n').toString('base64') }],
          },
        },
      },
    );
    const created = createCommitOnBranch.commit;
    const { data: rest } = await fixture.rest.rest.repos.getCommit({ ...repo, ref: created.oid });
    expect(created).toEqual({
      id: rest.node_id,
      oid: rest.sha,
      messageHeadline: 'More work',
      committedViaWeb: true,
      signature: { isValid: true, wasSignedByGitHub: true },
      tree: { oid: rest.commit.tree.sha },
      parents: { nodes: [{ oid: parent }] },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
      status: null,
      statusCheckRollup: null,
    });

    // Through the pull request the base's required context is EXPECTED; through the ref it is not.
    const before = (await fixture.gql<ReadAnswer>(READ, { n: pull.number })).repository;
    const viaPull = before.pullRequest.commits.nodes[0]!.commit;
    expect(before.ref.target).toEqual(created);
    expect(viaPull).toEqual({ ...created, statusCheckRollup: { state: 'EXPECTED' } });

    await job.rest.repos.createCommitStatus({ ...repo, sha: created.oid, state: 'success', context: 'ci' });
    const after = (await fixture.gql<ReadAnswer>(READ, { n: pull.number })).repository;
    const green = { ...created, status: { state: 'SUCCESS' }, statusCheckRollup: { state: 'SUCCESS' } };
    expect(after.ref.target).toEqual(green);
    expect(after.pullRequest.commits.nodes[0]!.commit).toEqual(green);
  });
});
