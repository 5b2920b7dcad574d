/**
 * The records the simulator keeps. Plain data: the store's domain classes own and mutate them,
 * REST handlers and GraphQL resolvers read them and present them in GitHub's shapes.
 */

/** GitHub's repository roles, weakest first (see `roleAtLeast`). */
export type RepoRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';
export const REPO_ROLES: readonly RepoRole[] = ['read', 'triage', 'write', 'maintain', 'admin'];

export function roleAtLeast(role: RepoRole | undefined, wanted: RepoRole): boolean {
  if (!role) return false;
  return REPO_ROLES.indexOf(role) >= REPO_ROLES.indexOf(wanted);
}

export interface UserRecord {
  id: number;
  nodeId: string;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
  email: string | null;
  name: string | null;
  createdAt: string;
}

export interface LabelRecord {
  id: number;
  nodeId: string;
  name: string;
  /** Six hex digits without `#`, as GitHub stores it. */
  color: string;
  description: string | null;
  default: boolean;
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  /** `owner/name` as created (lookups are case-insensitive). */
  fullName: string;
  private: boolean;
  defaultBranch: string;
  /** Commit status contexts that must be `success` before a PR to the default branch can merge. */
  requiredChecks: string[];
  allowAutoMerge: boolean;
  deleteBranchOnMerge: boolean;
  /** login (lower-case) → role. The owner is admin. */
  permissions: Map<string, RepoRole>;
  labels: Map<string, LabelRecord>;
  /** Branch name → head commit sha; a cache of the bare repository's `refs/heads/*`. */
  branches: Map<string, string>;
  secrets: Map<string, string>;
  gitDir: string;
  /** Issues and pull requests share one number sequence. */
  lastNumber: number;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;

export interface IssueRecord {
  id: number;
  nodeId: string;
  /** Key of the repository (`owner/name` as created). */
  repo: string;
  number: number;
  title: string;
  body: string | null;
  /** Author's login. */
  user: string;
  state: IssueState;
  stateReason: StateReason;
  /** Label names in the order they were added. */
  labels: string[];
  assignees: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Whether an app (installation token) opened it: `performed_via_github_app`. */
  viaApp: boolean;
  /** The last body edit (GraphQL `editor` / `lastEditedAt`). */
  lastEditedBy: string | null;
  lastEditedAt: string | null;
  /** Set when this issue is a pull request's issue side. */
  pullNumber: number | null;
  /** Sub-issue tree: the parent's id, and the children's ids in priority order. */
  parentId: number | null;
  subIssueIds: number[];
  /** Ids of the issues blocking this one, in the order the links were added. */
  blockedByIds: number[];
  commentCount: number;
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  /** Reaction content → login → that reaction (GitHub keeps one per person and content). */
  reactions: Map<string, Map<string, ReactionRecord>>;
}

export interface ReactionRecord {
  id: number;
  nodeId: string;
  user: string;
  content: string;
  createdAt: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** GitHub's `mergeable_state` values (REST gives no enum; these mirror GraphQL MergeStateStatus). */
export type MergeableState =
  'clean' | 'dirty' | 'blocked' | 'behind' | 'unstable' | 'unknown' | 'draft' | 'has_hooks';

export interface AutoMergeRecord {
  enabledBy: string;
  mergeMethod: MergeMethod;
  commitTitle: string | null;
  commitMessage: string | null;
  enabledAt: string;
}

export interface PullRecord {
  id: number;
  nodeId: string;
  repo: string;
  number: number;
  /** The id of the issue that carries title, body, labels, state and author. */
  issueId: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** Base branch sha when last looked at (for the payload's `base.sha`). */
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** null while not computed (GitHub computes it in the background). */
  mergeable: boolean | null;
  mergeableState: MergeableState;
  autoMerge: AutoMergeRecord | null;
  maintainerCanModify: boolean;
}

export interface CommitStatusRecord {
  id: number;
  nodeId: string;
  repo: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectFieldOption {
  /** A short string id (GraphQL `ProjectV2SingleSelectFieldOption.id` is a String). */
  id: string;
  name: string;
  color: string;
  description: string;
}

export interface ProjectFieldRecord {
  id: number;
  nodeId: string;
  name: string;
  dataType: 'TITLE' | 'SINGLE_SELECT' | 'TEXT';
  options: ProjectFieldOption[];
}

export interface ProjectItemRecord {
  id: number;
  nodeId: string;
  projectId: number;
  contentNodeId: string;
  contentType: 'Issue' | 'PullRequest';
  creator: string;
  /** Field node id → single-select option id or text. */
  values: Map<string, string>;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ProjectRecord {
  id: number;
  nodeId: string;
  /** The owning user's or organization's login. */
  owner: string;
  number: number;
  title: string;
  fields: ProjectFieldRecord[];
  items: ProjectItemRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface InstallationRecord {
  id: number;
  nodeId: string;
  /** The account the app is installed on. */
  account: string;
  /** `all` when installed on the whole account, else the selected repository keys. */
  repositorySelection: 'all' | 'selected';
  repos: Set<string>;
  createdAt: string;
}

export type TokenPermission = 'read' | 'write';

export interface TokenRecord {
  token: string;
  kind: 'installation' | 'user' | 'job';
  login: string;
  installationId?: number;
  /** The repository a job token is bound to. */
  repo?: string;
  permissions: Record<string, TokenPermission>;
  /** ISO time; undefined = never. */
  expiresAt?: string;
  label: string;
}
