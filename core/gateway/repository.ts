/** The repository itself: its settings, default branch, files on it, people's permissions. */

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface RepositorySettings {
  defaultBranch: string;
  /** `delete_branch_on_merge`; null when GitHub does not show it to this token. */
  deleteBranchOnMerge: boolean | null;
  /** `allow_auto_merge`; null when GitHub does not show it to this token. */
  allowAutoMerge: boolean | null;
}

export interface RepositoryGateway {
  settings(): Promise<RepositorySettings>;
  /** The head commit of a branch, or null when the branch does not exist. */
  branchHead(branch: string): Promise<string | null>;
  /** A file's text on the default branch, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
  permission(login: string): Promise<RepoPermission>;
}
