/** Shared setup for simulator tests: a silent Octokit and a branch written with the Git Data API. */
import { Octokit } from '@octokit/rest';
import type { Simulator } from '../../simulator/index.js';

export const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

export function octokitFor(sim: Simulator, token: string): Octokit {
  return new Octokit({ baseUrl: sim.baseUrl, auth: token, log: quietLog });
}

/** Commits `files` on top of `base` (a branch) and points `branch` at the commit; returns its sha. */
export async function writeBranch(
  kit: Octokit,
  repo: { owner: string; repo: string },
  branch: string,
  files: Record<string, string>,
  base = 'main',
): Promise<string> {
  const { data: head } = await kit.rest.git.getRef({ ...repo, ref: `heads/${base}` });
  const { data: parent } = await kit.rest.git.getCommit({ ...repo, commit_sha: head.object.sha });
  const { data: tree } = await kit.rest.git.createTree({
    ...repo,
    base_tree: parent.tree.sha,
    tree: Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      content,
    })),
  });
  const { data: commit } = await kit.rest.git.createCommit({
    ...repo,
    message: `Write ${branch}`,
    tree: tree.sha,
    parents: [parent.sha],
  });
  await kit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  return commit.sha;
}
