/** The repository itself: default branch, files on it, people's permissions. */

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface RepositoryGateway {
  defaultBranch(): Promise<{ name: string; sha: string }>;
  /** A file's text on the default branch, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
  permission(login: string): Promise<RepoPermission>;
}
