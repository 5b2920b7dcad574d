/**
 * What the GraphQL resolvers need from the simulator's state store: reads of the records, and
 * the writes GraphQL mutations perform. The store's domain methods do the writing (and emit the
 * webhooks GitHub would); resolvers only look up, check and present.
 */
import type {
  IssueRecord,
  LabelRecord,
  MergeMethod,
  ProjectItemRecord,
  ProjectRecord,
  PullRecord,
  RepoRecord,
  RepoRole,
  UserRecord,
} from '../state/types.js';
import type { CommitInfo } from '../git/bare-repo.js';
import type { CheckConclusion, CheckStatus, CheckSuiteRecord } from '../state/checks.js';
import type { CommitContext } from '../state/commit-checks.js';
import type { CommitOnBranchInput } from '../state/commit-on-branch.js';
import type { ContentEditRecord } from '../state/content-edits.js';
import type { Actor } from '../state/issues.js';
import type { FieldValue } from '../state/projects.js';
import type { RefWriter } from '../state/ref-writer.js';
import type { TimelineEventRecord } from '../state/timeline.js';
import type { CommentRecord } from '../state/types.js';

/** A record found by its GraphQL global id. */
export type NodeRecord =
  | { kind: 'Repository'; record: RepoRecord }
  | { kind: 'Issue'; record: IssueRecord }
  | { kind: 'PullRequest'; record: PullRecord }
  | { kind: 'User' | 'Bot' | 'Organization'; record: UserRecord }
  | { kind: 'Label'; record: LabelRecord; repo: RepoRecord }
  | { kind: 'ProjectV2'; record: ProjectRecord }
  | { kind: 'ProjectV2Item'; record: ProjectItemRecord; project: ProjectRecord };

export interface AutoMergeRequestInput {
  mergeMethod: MergeMethod;
  commitTitle: string | null;
  commitMessage: string | null;
}

export interface GraphqlStore {
  /** Web base URL (`url` fields), e.g. `http://127.0.0.1:<port>`. */
  readonly webUrl: string;
  repo(owner: string, name: string): RepoRecord | undefined;
  /** Role of a user on a repository (undefined: none; public repositories are still readable). */
  roleOf(repo: RepoRecord, login: string): RepoRole | undefined;
  /** Whether an app installation was granted this repository. */
  installationCovers(installationId: number, repo: RepoRecord): boolean;
  /** Issues (not pull requests) of a repository, in creation order. */
  issues(repo: RepoRecord): IssueRecord[];
  issueById(id: number): IssueRecord | undefined;
  issueByNumber(repo: RepoRecord, number: number): IssueRecord | undefined;
  pulls(repo: RepoRecord): PullRecord[];
  pullByNumber(repo: RepoRecord, number: number): PullRecord | undefined;
  repoOf(record: { repo: string }): RepoRecord;
  user(login: string): UserRecord | undefined;
  byNodeId(nodeId: string): NodeRecord | undefined;
  /** Every Projects (v2) project, of every owner. */
  projects(): ProjectRecord[];
  repoById(id: number): RepoRecord | undefined;
  /** The object a full ref (`refs/heads/main`) points at, or undefined. */
  refTarget(repo: RepoRecord, ref: string): { sha: string; type: string } | undefined;
  /** Full ref names starting with `prefix`, in name order. */
  refNames(repo: RepoRecord, prefix: string): string[];
  /** A commit of the repository, or undefined when it has none with that sha. */
  commit(repo: RepoRecord, sha: string): CommitInfo | undefined;
  /** Whether GitHub signed the commit (made through the API, or a merge). */
  isVerified(sha: string): boolean;
  /** The commits a pull request adds, oldest first (`PullRequest.commits`). */
  pullCommits(pull: PullRecord): string[];
  /** A commit's checks: the latest status per context and the latest check run per name. */
  commitContexts(repo: RepoRecord, sha: string): CommitContext[];
  /** A branch protection's required contexts (empty when the branch requires none). */
  requiredContexts(repo: RepoRecord, branch: string): string[];
  checkSuite(repo: RepoRecord, id: number): CheckSuiteRecord | undefined;
  checkSuiteState(suite: CheckSuiteRecord): { status: CheckStatus; conclusion: CheckConclusion | null };
  /** The app that owns a suite: `{ databaseId, name, slug, nodeId }`. */
  checkApp(suite: CheckSuiteRecord): { databaseId: number; name: string; slug: string; nodeId: string };
  /** What happened to an issue or pull request (labels, renames, links…), oldest first. */
  timeline(issue: IssueRecord): readonly TimelineEventRecord[];
  /** The body's revisions, newest first; empty when never edited. */
  contentEdits(nodeId: string): ContentEditRecord[];
  /** Comments on an issue or pull request, oldest first. */
  comments(issue: IssueRecord): CommentRecord[];

  addSubIssue(parent: IssueRecord, child: IssueRecord, replaceParent: boolean, actor: Actor): void;
  removeSubIssue(parent: IssueRecord, child: IssueRecord, actor: Actor): void;
  /** Moves `child` right after `after` or right before `before` in the parent's order. */
  reprioritizeSubIssue(
    parent: IssueRecord,
    child: IssueRecord,
    position: { after?: IssueRecord; before?: IssueRecord },
  ): void;
  addBlockedBy(issue: IssueRecord, blocking: IssueRecord, actor: Actor): void;
  removeBlockedBy(issue: IssueRecord, blocking: IssueRecord, actor: Actor): void;
  addLabels(issue: IssueRecord, names: string[], actor: Actor): void;
  /** Turns auto-merge on; the store merges the pull request once its required checks pass. */
  enableAutoMerge(pull: PullRecord, request: AutoMergeRequestInput, actor: Actor): void;
  disableAutoMerge(pull: PullRecord, actor: Actor): void;
  /** Merges now (a real git merge), or throws GitHub's reason (not mergeable, checks missing, head moved). */
  merge(
    pull: PullRecord,
    request: AutoMergeRequestInput & { expectedHeadSha: string | null },
    actor: Actor,
  ): void;
  /** Merges the base branch into the head branch. */
  updateBranch(pull: PullRecord, expectedHeadSha: string | null, actor: Actor): void;
  /** `createCommitOnBranch`: a commit on the branch's head, the branch moved to it (a push). */
  commitOnBranch(
    repo: RepoRecord,
    writer: RefWriter,
    input: CommitOnBranchInput,
  ): { sha: string; ref: string };
  addProjectItem(project: ProjectRecord, contentNodeId: string, actor: Actor): ProjectItemRecord;
  setProjectItemValue(
    project: ProjectRecord,
    item: ProjectItemRecord,
    fieldNodeId: string,
    value: FieldValue,
    actor: Actor,
  ): ProjectItemRecord;
}
