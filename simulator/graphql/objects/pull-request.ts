/** `PullRequest` objects: merge state, auto-merge, and the issues the PR closes. */
import { closingReferences } from '../../state/closing-keywords.js';
import type { IssueRecord, PullRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { StatusCheckRollupObject } from './checks.js';
import { CommitObject, pullRequestCommits } from './commit.js';
import { includesCreatedEdit, userContentEdits } from './content-edits.js';
import { IssueObject, issueOrPullObject } from './issue.js';
import { LabelObject, labelRecords } from './label.js';
import { projectItemsOf, type ProjectV2ItemObject } from './project-v2.js';
import { RepositoryObject } from './repository.js';
import { timelineItems, type TimelineArgs } from './timeline.js';
import { repositoryUrl } from './urls.js';

/** Merge states in which GitHub refuses to arm auto-merge (the pull request could merge now). */
const MERGEABLE_NOW = ['clean', 'unstable', 'has_hooks'];

export class PullRequestObject {
  readonly __typename = 'PullRequest';

  constructor(
    readonly record: PullRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  private repoRecord(): RepoRecord {
    return this.ctx.store.repoOf(this.record);
  }

  /** Title, body, author, labels and open/closed live on the PR's issue side. */
  private issueRecord(): IssueRecord {
    const issue = this.ctx.store.issueById(this.record.issueId);
    if (!issue)
      throw new Error(`Pull request ${this.record.number} has no issue record ${this.record.issueId}`);
    return issue;
  }

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get fullDatabaseId(): string {
    return String(this.record.id);
  }
  get number(): number {
    return this.record.number;
  }
  get title(): string {
    return this.issueRecord().title;
  }
  get body(): string {
    return this.issueRecord().body ?? '';
  }
  get state(): 'OPEN' | 'CLOSED' | 'MERGED' {
    if (this.record.merged) return 'MERGED';
    return this.issueRecord().state === 'open' ? 'OPEN' : 'CLOSED';
  }
  get closed(): boolean {
    return this.issueRecord().state === 'closed';
  }
  get closedAt(): string | null {
    return this.issueRecord().closedAt;
  }
  get createdAt(): string {
    return this.issueRecord().createdAt;
  }
  get updatedAt(): string {
    return this.issueRecord().updatedAt;
  }
  get isDraft(): boolean {
    return this.record.draft;
  }
  get merged(): boolean {
    return this.record.merged;
  }
  get mergedAt(): string | null {
    return this.record.mergedAt;
  }
  get mergedBy(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.mergedBy);
  }
  get author(): ActorObject | null {
    return actorByLogin(this.ctx, this.issueRecord().user);
  }
  get headRefName(): string {
    return this.record.headRef;
  }
  get headRefOid(): string {
    return this.record.headSha;
  }
  get baseRefName(): string {
    return this.record.baseRef;
  }
  get baseRefOid(): string {
    return this.record.baseSha;
  }
  get mergeable(): 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN' {
    if (this.record.mergeable === null) return 'UNKNOWN';
    return this.record.mergeable ? 'MERGEABLE' : 'CONFLICTING';
  }
  get mergeStateStatus(): string {
    return this.record.mergeableState.toUpperCase();
  }
  get isInMergeQueue(): boolean {
    return false;
  }
  get viewerCanEnableAutoMerge(): boolean {
    return (
      this.repoRecord().allowAutoMerge &&
      this.issueRecord().state === 'open' &&
      !this.record.draft &&
      this.record.autoMerge === null &&
      this.record.mergeableState !== 'dirty' &&
      !MERGEABLE_NOW.includes(this.record.mergeableState)
    );
  }
  get lastEditedAt(): string | null {
    return this.issueRecord().lastEditedAt;
  }
  get editor(): ActorObject | null {
    return actorByLogin(this.ctx, this.issueRecord().lastEditedBy);
  }
  get includesCreatedEdit(): boolean {
    return includesCreatedEdit(this.ctx, this.record.nodeId);
  }
  userContentEdits(args: ConnectionArgs) {
    return userContentEdits(this.ctx, this.record.nodeId, args);
  }
  timelineItems(args: TimelineArgs) {
    return timelineItems(
      this.ctx,
      {
        issue: this.issueRecord(),
        repo: this.repoRecord(),
        self: () => this,
        issueById: (id) => issueOrPullObject(this.ctx, id),
      },
      args,
    );
  }
  /** The head commit's checks, with the base branch's required contexts (EXPECTED until they report). */
  get statusCheckRollup(): StatusCheckRollupObject | null {
    const repo = this.repoRecord();
    const required = this.ctx.store.requiredContexts(repo, this.record.baseRef);
    return StatusCheckRollupObject.of(this.ctx, repo, this.record.headSha, required, () =>
      CommitObject.of(this.ctx, repo, this.record.headSha, required),
    );
  }
  commits(args: ConnectionArgs) {
    return pullRequestCommits(this.ctx, this.repoRecord(), this.record, () => this, args);
  }
  get autoMergeRequest(): object | null {
    const request = this.record.autoMerge;
    if (!request) return null;
    return {
      enabledAt: request.enabledAt,
      enabledBy: actorByLogin(this.ctx, request.enabledBy),
      mergeMethod: request.mergeMethod.toUpperCase(),
      commitHeadline: request.commitTitle,
      commitBody: request.commitMessage,
      authorEmail: null,
      pullRequest: this,
    };
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repoRecord())}/pull/${this.record.number}`;
  }
  get permalink(): string {
    return this.url;
  }
  get resourcePath(): string {
    return `/${this.repoRecord().fullName}/pull/${this.record.number}`;
  }
  get repository(): RepositoryObject {
    return new RepositoryObject(this.repoRecord(), this.ctx);
  }
  get headRepository(): RepositoryObject {
    return this.repository;
  }
  get baseRepository(): RepositoryObject {
    return this.repository;
  }

  projectItems(args: ConnectionArgs & { includeArchived?: boolean | null }): Connection<ProjectV2ItemObject> {
    return projectItemsOf(this.ctx, this.record.nodeId, args);
  }

  labels(args: ConnectionArgs): Connection<LabelObject> {
    const repo = this.repoRecord();
    return connectionOf(
      labelRecords(repo, this.issueRecord().labels),
      args,
      (label) => label.id,
      (label) => new LabelObject(label, repo, this.ctx),
    );
  }

  /** Issues of this repository the body closes with a closing keyword. */
  closingIssuesReferences(
    args: ConnectionArgs & { userLinkedOnly?: boolean | null },
  ): Connection<IssueObject> {
    const repo = this.repoRecord();
    const issues = args.userLinkedOnly
      ? []
      : closingReferences(this.issueRecord().body)
          .filter((ref) => ref.repo === null || ref.repo.toLowerCase() === repo.fullName.toLowerCase())
          .flatMap((ref) => this.ctx.store.issueByNumber(repo, ref.number) ?? [])
          .filter((issue, index, all) => issue.pullNumber === null && all.indexOf(issue) === index);
    return connectionOf(
      issues,
      args,
      (issue) => issue.id,
      (issue) => new IssueObject(issue, this.ctx),
    );
  }
}
