/** Commits and trees (Git Data API and `createCommitOnBranch`). */

export type FileMode = '100644' | '100755' | '120000';

export interface FileToWrite {
  path: string;
  mode: FileMode;
  /** New content (base64), or null to delete the file. */
  contentBase64: string | null;
}

export interface CommitToWrite {
  message: string;
  files: FileToWrite[];
  /** Second parent (a resolve attempt's merge commit): the base-branch commit merged in. */
  extraParent?: string;
}

export interface CommitInfo {
  sha: string;
  message: string;
  treeSha: string;
  parents: string[];
  /** The committer's date (ISO), where read. */
  committedAt?: string;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface TreeListing {
  entries: TreeEntry[];
  /** GitHub cut the recursive listing short (very large trees): it cannot be relied on. */
  truncated: boolean;
}

export type CommitOnBranchResult = { kind: 'committed'; sha: string } | { kind: 'head-moved' };

export interface CommitsGateway {
  /**
   * One commit of regular files on top of `expectedHead` (GraphQL `createCommitOnBranch`): it
   * succeeds only while the branch still points at `expectedHead`. GitHub signs the commit.
   */
  commitOnBranch(branch: string, expectedHead: string, commit: CommitToWrite): Promise<CommitOnBranchResult>;
  /** Commits through the Git Data API on top of `baseSha`, no ref moved; returns the last sha. */
  writeCommits(baseSha: string, commits: CommitToWrite[]): Promise<string>;
  /** A commit with this message on the given tree and parents (the control record's chain). */
  createCommit(message: string, treeSha: string, parents: string[]): Promise<string>;
  get(sha: string): Promise<CommitInfo>;
  /** Every entry of a commit's tree (recursive), for checking a patch by its effect. */
  tree(commitSha: string): Promise<TreeListing>;
  /** A blob's bytes (a symlink's target, a file's base content). */
  blob(sha: string): Promise<Buffer>;
  /** Is `ancestor` reachable from `descendant` (or the same commit)? */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
}
