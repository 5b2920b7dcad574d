/**
 * Real merges of a head commit into a base commit, the three ways GitHub merges a pull request
 * (merge commit, squash, rebase), and "update branch" (base merged into head). Merge and squash
 * use `git merge-tree --write-tree` (no work tree); rebase replays each commit with
 * `git cherry-pick` in a temporary worktree, since git 2.39's merge-tree cannot take an
 * explicit merge base.
 */
import { rmSync } from 'node:fs';
import type { BareRepo } from './bare-repo.js';
import { GitError, runGitInWorkTree, type GitIdentity } from './git-cli.js';

export type MergeOutcome =
  { ok: true; sha: string } | { ok: false; reason: 'conflict' | 'unrebaseable'; files: string[] };

export interface MergeRequest {
  method: 'merge' | 'squash' | 'rebase';
  baseSha: string;
  headSha: string;
  /** Full commit message for merge/squash (ignored by rebase, which keeps each commit's). */
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /** Scratch directory for the rebase worktree. */
  scratchDir: string;
}

export function mergeCommits(bare: BareRepo, request: MergeRequest): MergeOutcome {
  if (request.method === 'rebase') return rebaseCommits(bare, request);
  const merged = bare.mergeTree(request.baseSha, request.headSha);
  if (!merged.clean) return { ok: false, reason: 'conflict', files: merged.conflicts };
  const parents = request.method === 'merge' ? [request.baseSha, request.headSha] : [request.baseSha];
  return {
    ok: true,
    sha: bare.commitTree(merged.tree, parents, request.message, request.author, request.committer),
  };
}

function rebaseCommits(bare: BareRepo, request: MergeRequest): MergeOutcome {
  const commits = bare.commitsBetween(request.baseSha, request.headSha);
  if (commits.some((sha) => bare.readCommit(sha).parents.length > 1)) {
    return { ok: false, reason: 'unrebaseable', files: [] };
  }
  const dir = request.scratchDir;
  bare.raw(['worktree', 'add', '--detach', '--quiet', dir, request.baseSha]);
  try {
    for (const sha of commits) {
      const picked = runGitInWorkTree(
        dir,
        bare.gitHome,
        ['cherry-pick', '--allow-empty', '--keep-redundant-commits', sha],
        {
          committer: request.committer,
          okCodes: [1],
        },
      );
      if (picked.code !== 0) return { ok: false, reason: 'conflict', files: [] };
    }
    return { ok: true, sha: runGitInWorkTree(dir, bare.gitHome, ['rev-parse', 'HEAD']).stdout.trim() };
  } finally {
    removeWorktree(bare, dir);
  }
}

function removeWorktree(bare: BareRepo, dir: string): void {
  try {
    bare.raw(['worktree', 'remove', '--force', dir]);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    // The worktree is half-made (e.g. add failed): drop the directory and git's record of it.
    rmSync(dir, { recursive: true, force: true });
    bare.raw(['worktree', 'prune']);
  }
}
