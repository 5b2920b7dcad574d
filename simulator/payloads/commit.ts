/** Commits as GitHub's `git-commit` (Git Data API) and `commit` (repos API) schemas. */
import type { CommitInfo } from '../git/bare-repo.js';
import { commitNodeId } from '../state/commit-node-id.js';
import type { SimStore } from '../state/store.js';
import type { RepoRecord } from '../state/types.js';

function verification(store: SimStore, sha: string): Record<string, unknown> {
  const verified = store.git.isVerified(sha);
  return {
    verified,
    reason: verified ? 'valid' : 'unsigned',
    signature: null,
    payload: null,
    verified_at: null,
  };
}

export function presentGitCommit(
  store: SimStore,
  repo: RepoRecord,
  info: CommitInfo,
): Record<string, unknown> {
  const base = `${store.urls.api}/repos/${repo.fullName}`;
  return {
    sha: info.sha,
    node_id: commitNodeId(repo.id, info.sha),
    url: `${base}/git/commits/${info.sha}`,
    html_url: `${store.urls.web}/${repo.fullName}/commit/${info.sha}`,
    author: info.author,
    committer: info.committer,
    tree: { sha: info.tree, url: `${base}/git/trees/${info.tree}` },
    message: info.message.replace(/\n$/, ''),
    parents: info.parents.map((sha) => ({
      sha,
      url: `${base}/git/commits/${sha}`,
      html_url: `${store.urls.web}/${repo.fullName}/commit/${sha}`,
    })),
    verification: verification(store, info.sha),
  };
}

export function presentCommit(store: SimStore, repo: RepoRecord, info: CommitInfo): Record<string, unknown> {
  const base = `${store.urls.api}/repos/${repo.fullName}`;
  const git = presentGitCommit(store, repo, info);
  return {
    url: `${base}/commits/${info.sha}`,
    sha: info.sha,
    node_id: git.node_id,
    html_url: git.html_url,
    comments_url: `${base}/commits/${info.sha}/comments`,
    commit: {
      url: git.url,
      author: info.author,
      committer: info.committer,
      message: git.message,
      comment_count: 0,
      tree: git.tree,
      verification: git.verification,
    },
    author: null,
    committer: null,
    parents: info.parents.map((sha) => ({
      sha,
      url: `${base}/commits/${sha}`,
      html_url: `${store.urls.web}/${repo.fullName}/commit/${sha}`,
    })),
  };
}
