/**
 * Commits through the Git Data API (https://docs.github.com/rest/git): blobs, a tree on top of
 * the parent's tree, a commit, then the branch ref. Commits made this way by an app are signed
 * by GitHub, and nothing needs a clone.
 */
import type { CommitToWrite } from '../../core/gateway.js';
import type { Octokit } from './octokit.js';

interface RepoParams {
  owner: string;
  repo: string;
}

type TreeEntry = {
  path: string;
  mode: '100644' | '100755' | '120000';
  type: 'blob';
  sha?: string | null;
  content?: string;
};

/** Text that survives a UTF-8 round trip goes inline in the tree; anything else becomes a blob. */
function inlineText(contentBase64: string): string | null {
  const bytes = Buffer.from(contentBase64, 'base64');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

async function treeEntry(
  octokit: Octokit,
  repo: RepoParams,
  file: CommitToWrite['files'][number],
): Promise<TreeEntry> {
  if (file.contentBase64 === null) return { path: file.path, mode: file.mode, type: 'blob', sha: null };
  const text = inlineText(file.contentBase64);
  if (text !== null) return { path: file.path, mode: file.mode, type: 'blob', content: text };
  const blob = await octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
    ...repo,
    content: file.contentBase64,
    encoding: 'base64',
  });
  return { path: file.path, mode: file.mode, type: 'blob', sha: blob.data.sha };
}

async function writeOneCommit(
  octokit: Octokit,
  repo: RepoParams,
  parentSha: string,
  commit: CommitToWrite,
): Promise<string> {
  const parent = await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
    ...repo,
    commit_sha: parentSha,
  });
  const entries = await Promise.all(commit.files.map((file) => treeEntry(octokit, repo, file)));
  const tree = await octokit.request('POST /repos/{owner}/{repo}/git/trees', {
    ...repo,
    base_tree: parent.data.tree.sha,
    tree: entries,
  });
  const parents = commit.extraParent ? [parentSha, commit.extraParent] : [parentSha];
  const created = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message: commit.message,
    tree: tree.data.sha,
    parents,
  });
  return created.data.sha;
}

export async function writeCommitsOnBranch(
  octokit: Octokit,
  repo: RepoParams,
  branch: string,
  baseSha: string,
  commits: CommitToWrite[],
  currentBranchSha: string | null,
): Promise<string> {
  let head = baseSha;
  for (const commit of commits) head = await writeOneCommit(octokit, repo, head, commit);
  if (currentBranchSha === head) return head;
  if (currentBranchSha === null) {
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      ...repo,
      ref: `refs/heads/${branch}`,
      sha: head,
    });
  } else {
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
      sha: head,
      force: true,
    });
  }
  return head;
}
