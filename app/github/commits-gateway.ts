/**
 * CommitsGateway over Octokit: one commit on a branch with GraphQL `createCommitOnBranch` (a
 * compare-and-swap on the branch head, signed by GitHub), and commits through the Git Data API
 * (https://docs.github.com/rest/git) where that mutation cannot go: file modes, symlinks, merges,
 * several commits made visible at once.
 */
import type { Octokit } from '@octokit/core';
import type {
  CommitOnBranchResult,
  CommitsGateway,
  CommitToWrite,
  FileToWrite,
} from '../../core/gateway/commits.js';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { RequestStats } from './request-policy.js';
import { runGraphql } from './run-graphql.js';

const COMMIT_ON_BRANCH = `
mutation DroverCommitOnBranch($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

type TreeEntry = {
  path: string;
  mode: FileToWrite['mode'];
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

function headlineAndBody(message: string): { headline: string; body: string } {
  const [headline = '', ...rest] = message.split('\n');
  return { headline, body: rest.join('\n').replace(/^\n+/, '') };
}

export function commitsGateway(
  octokit: Octokit,
  base: { owner: string; repo: string },
  repo: string,
  stats: RequestStats,
): CommitsGateway {
  async function treeEntry(file: FileToWrite): Promise<TreeEntry> {
    if (file.contentBase64 === null) return { path: file.path, mode: file.mode, type: 'blob', sha: null };
    const text = inlineText(file.contentBase64);
    if (text !== null) return { path: file.path, mode: file.mode, type: 'blob', content: text };
    const blob = await octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
      ...base,
      content: file.contentBase64,
      encoding: 'base64',
    });
    return { path: file.path, mode: file.mode, type: 'blob', sha: blob.data.sha };
  }

  async function get(sha: string) {
    const commit = await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      ...base,
      commit_sha: sha,
    });
    return {
      sha: commit.data.sha,
      message: commit.data.message,
      treeSha: commit.data.tree.sha,
      parents: commit.data.parents.map((parent) => parent.sha),
      committedAt: commit.data.committer.date,
    };
  }

  async function writeOne(parentSha: string, commit: CommitToWrite): Promise<string> {
    const parent = await get(parentSha);
    const entries = await Promise.all(commit.files.map(treeEntry));
    const tree = await octokit.request('POST /repos/{owner}/{repo}/git/trees', {
      ...base,
      base_tree: parent.treeSha,
      tree: entries,
    });
    const parents = commit.extraParent ? [parentSha, commit.extraParent] : [parentSha];
    const created = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
      ...base,
      message: commit.message,
      tree: tree.data.sha,
      parents,
    });
    return created.data.sha;
  }

  return {
    async commitOnBranch(branch, expectedHead, commit): Promise<CommitOnBranchResult> {
      const additions = commit.files
        .filter((file) => file.contentBase64 !== null)
        .map((file) => ({ path: file.path, contents: file.contentBase64 }));
      const deletions = commit.files
        .filter((file) => file.contentBase64 === null)
        .map((file) => ({ path: file.path }));
      try {
        type Result = { createCommitOnBranch: { commit: { oid: string } } };
        const result = await runGraphql<Result>(octokit, stats, COMMIT_ON_BRANCH, {
          input: {
            branch: { repositoryNameWithOwner: repo, branchName: branch },
            expectedHeadOid: expectedHead,
            message: headlineAndBody(commit.message),
            fileChanges: { additions, deletions },
          },
        });
        return { kind: 'committed', sha: result.createCommitOnBranch.commit.oid };
      } catch (error) {
        // GitHub: "Expected branch to point to "<oid>" but it did not. Pull and try again."
        if (isGitHubError(error) && /expected branch to point to/i.test(error.detail))
          return { kind: 'head-moved' };
        throw error;
      }
    },

    async writeCommits(baseSha, commits) {
      let head = baseSha;
      for (const commit of commits) head = await writeOne(head, commit);
      return head;
    },

    async createCommit(message, treeSha, parents) {
      const created = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
        ...base,
        message,
        tree: treeSha,
        parents,
      });
      return created.data.sha;
    },

    get,

    async tree(commitSha) {
      const commit = await get(commitSha);
      const tree = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
        ...base,
        tree_sha: commit.treeSha,
        recursive: 'true',
      });
      const entries = (
        tree.data.tree as Array<{ path?: string; mode?: string; type?: string; sha?: string }>
      ).map((entry) => ({
        path: entry.path ?? '',
        mode: entry.mode ?? '',
        type: (entry.type ?? 'blob') as 'blob' | 'tree' | 'commit',
        sha: entry.sha ?? '',
      }));
      return { entries, truncated: tree.data.truncated === true };
    },

    async blob(sha) {
      const blob = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
        ...base,
        file_sha: sha,
      });
      return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8');
    },

    async isAncestor(ancestor, descendant) {
      if (ancestor === descendant) return true;
      const compared = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        ...base,
        basehead: `${ancestor}...${descendant}`,
        per_page: 1,
      });
      // "ahead": descendant has commits ancestor lacks and none the other way round.
      return compared.data.status === 'ahead' || compared.data.status === 'identical';
    },
  };
}
