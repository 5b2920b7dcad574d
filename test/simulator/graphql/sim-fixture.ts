/** A running simulator with one repository, its owner, and clients for REST and GraphQL. */
import { graphql } from '@octokit/graphql';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

export interface GraphqlFixture {
  sim: Simulator;
  owner: string;
  repo: string;
  /** REST and GraphQL clients authenticated as the app installation. */
  rest: Octokit;
  gql: typeof graphql;
  /** A GraphQL client for another token. */
  gqlAs(token: string): typeof graphql;
}

export async function startGraphqlFixture(
  repoOptions: { requiredChecks?: string[] } = {},
): Promise<GraphqlFixture> {
  const sim = await startSimulator();
  const owner = 'alice';
  const repo = 'tasks';
  sim.createUser(owner);
  sim.createRepo(owner, repo, { files: { 'README.md': '# tasks\n' }, ...repoOptions });
  const token = await sim.installationToken(sim.installApp(`${owner}/${repo}`));
  const gqlAs = (t: string) =>
    graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${t}` } });
  return {
    sim,
    owner,
    repo,
    rest: new Octokit({ baseUrl: sim.baseUrl, auth: token }),
    gql: gqlAs(token),
    gqlAs,
  };
}

/**
 * Opens a pull request from a new branch with one commit (Git Data API, as Drover's app does),
 * and waits for its mergeability to be computed.
 */
export async function openPullRequest(
  fixture: GraphqlFixture,
  branch: string,
  body: string,
): Promise<{ number: number; nodeId: string; id: number }> {
  const { rest, owner, repo } = fixture;
  const main = await rest.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  const base = await rest.rest.git.getCommit({ owner, repo, commit_sha: main.data.object.sha });
  const tree = await rest.rest.git.createTree({
    owner,
    repo,
    base_tree: base.data.tree.sha,
    tree: [{ path: `${branch}.txt`, mode: '100644', type: 'blob', content: `${branch}\n` }],
  });
  const commit = await rest.rest.git.createCommit({
    owner,
    repo,
    message: branch,
    tree: tree.data.sha,
    parents: [main.data.object.sha],
  });
  await rest.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pull = await rest.rest.pulls.create({ owner, repo, head: branch, base: 'main', title: branch, body });
  // GitHub computes mergeability in the background; these tests look at it once computed.
  await fixture.sim.mergeabilitySettled();
  return { number: pull.data.number, nodeId: pull.data.node_id, id: pull.data.id };
}
