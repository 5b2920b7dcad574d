/**
 * A pull request's checks in GraphQL (`statusCheckRollup` on the pull request and on its last
 * commit), through @octokit/graphql: EXPECTED while a required context has not reported, then
 * PENDING, FAILURE, SUCCESS as check runs and statuses arrive, with each context typed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { octokitFor } from '../sim-helpers.js';
import { openPullRequest, startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

const ROLLUP = `query($n: Int!) { repository(owner: "alice", name: "tasks") { pullRequest(number: $n) {
  mergeStateStatus
  statusCheckRollup { state }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state contexts(first: 10) {
    totalCount checkRunCount statusContextCount
    nodes {
      __typename
      ... on CheckRun { name status conclusion isRequired(pullRequestNumber: $n) checkSuite { app { slug } } }
      ... on StatusContext { context state isRequired(pullRequestNumber: $n) }
    }
  } } } } }
} } }`;

interface RollupAnswer {
  repository: {
    pullRequest: {
      mergeStateStatus: string;
      statusCheckRollup: { state: string } | null;
      commits: {
        nodes: Array<{ commit: { oid: string; statusCheckRollup: Record<string, unknown> | null } }>;
      };
    };
  };
}

describe('statusCheckRollup', () => {
  let fixture: GraphqlFixture;
  let job: Octokit;
  const repo = { owner: 'alice', repo: 'tasks' };

  beforeAll(async () => {
    fixture = await startGraphqlFixture({ requiredChecks: ['ci'] });
    job = octokitFor(
      fixture.sim,
      fixture.sim.host.mintJobToken('alice/tasks', { checks: 'write', statuses: 'write' }),
    );
  });
  afterAll(async () => fixture.sim.close());

  it('follows the checks of the head commit, typed and marked required', async () => {
    const pull = await openPullRequest(fixture, 'rollup', 'Work.');
    const read = async () =>
      (await fixture.gql<RollupAnswer>(ROLLUP, { n: pull.number })).repository.pullRequest;
    const head = fixture.sim.state.pulls.byId(pull.id)!.headSha;

    const expected = await read();
    expect(expected.statusCheckRollup).toEqual({ state: 'EXPECTED' });
    expect(expected.commits.nodes[0]!.commit.oid).toBe(head);

    const { data: run } = await job.rest.checks.create({
      ...repo,
      name: 'ci',
      head_sha: head,
      status: 'in_progress',
    });
    await job.rest.repos.createCommitStatus({ ...repo, sha: head, state: 'failure', context: 'lint' });
    const failing = await read();
    expect(failing.statusCheckRollup).toEqual({ state: 'FAILURE' });
    expect(failing.commits.nodes[0]!.commit.statusCheckRollup).toEqual({
      state: 'FAILURE',
      contexts: {
        totalCount: 2,
        checkRunCount: 1,
        statusContextCount: 1,
        nodes: [
          { __typename: 'StatusContext', context: 'lint', state: 'FAILURE', isRequired: false },
          {
            __typename: 'CheckRun',
            name: 'ci',
            status: 'IN_PROGRESS',
            conclusion: null,
            isRequired: true,
            checkSuite: { app: { slug: 'github-actions' } },
          },
        ],
      },
    });
    expect(failing.mergeStateStatus).toBe('BLOCKED');

    await job.rest.repos.createCommitStatus({ ...repo, sha: head, state: 'success', context: 'lint' });
    expect((await read()).statusCheckRollup).toEqual({ state: 'PENDING' });
    await job.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: 'success' });
    const green = await read();
    expect(green.statusCheckRollup).toEqual({ state: 'SUCCESS' });
    expect(green.mergeStateStatus).toBe('CLEAN');
  });
});
