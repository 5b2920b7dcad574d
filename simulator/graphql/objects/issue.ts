/** `Issue` objects: the task model Drover reads (labels, sub-issues, dependencies, linked PRs). */
import { closingReferences } from '../../state/closing-keywords.js';
import type { IssueRecord, PullRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { memo } from '../request-cache.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { includesCreatedEdit, userContentEdits } from './content-edits.js';
import { LabelObject, labelRecords } from './label.js';
import { projectItemsOf, type ProjectV2ItemObject } from './project-v2.js';
import { PullRequestObject } from './pull-request.js';
import { RepositoryObject } from './repository.js';
import { timelineItems, type TimelineArgs } from './timeline.js';
import { repositoryUrl } from './urls.js';

type OrderDirection = 'ASC' | 'DESC';

interface DependencyArgs extends ConnectionArgs {
  orderBy?: { field: 'CREATED_AT' | 'DEPENDENCY_ADDED_AT'; direction: OrderDirection } | null;
}

interface ClosedByArgs extends ConnectionArgs {
  includeClosedPrs?: boolean | null;
  userLinkedOnly?: boolean | null;
}

export class IssueObject {
  readonly __typename = 'Issue';

  constructor(
    readonly record: IssueRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  private repoRecord(): RepoRecord {
    return this.ctx.store.repoOf(this.record);
  }

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  /** The REST `id`, as GitHub's BigInt scalar: a string. */
  get fullDatabaseId(): string {
    return String(this.record.id);
  }
  get number(): number {
    return this.record.number;
  }
  get title(): string {
    return this.record.title;
  }
  get body(): string {
    return this.record.body ?? '';
  }
  get bodyText(): string {
    return this.record.body ?? '';
  }
  get state(): 'OPEN' | 'CLOSED' {
    return this.record.state === 'open' ? 'OPEN' : 'CLOSED';
  }
  /** DUPLICATE is only shown to callers that opt in with `enableDuplicate` (as on GitHub). */
  stateReason(args: { enableDuplicate?: boolean | null }): string | null {
    const reason = this.record.stateReason;
    if (reason === null) return null;
    if (reason === 'duplicate' && !args.enableDuplicate) return 'NOT_PLANNED';
    return reason.toUpperCase();
  }
  get closed(): boolean {
    return this.record.state === 'closed';
  }
  get closedAt(): string | null {
    return this.record.closedAt;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get lastEditedAt(): string | null {
    return this.record.lastEditedAt;
  }
  get locked(): boolean {
    return this.record.locked;
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repoRecord())}/issues/${this.record.number}`;
  }
  get resourcePath(): string {
    return `/${this.repoRecord().fullName}/issues/${this.record.number}`;
  }
  get author(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.user);
  }
  get editor(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.lastEditedBy);
  }
  get repository(): RepositoryObject {
    return new RepositoryObject(this.repoRecord(), this.ctx);
  }
  get includesCreatedEdit(): boolean {
    return includesCreatedEdit(this.ctx, this.record.nodeId);
  }

  /** The body's revisions, newest first (the first edit also records the body as created). */
  userContentEdits(args: ConnectionArgs) {
    return userContentEdits(this.ctx, this.record.nodeId, args);
  }

  /** Labels, renames, closing, assignees, sub-issue and blocked-by links, and comments, oldest first. */
  timelineItems(args: TimelineArgs) {
    return timelineItems(
      this.ctx,
      {
        issue: this.record,
        repo: this.repoRecord(),
        self: () => this,
        issueById: (id) => issueOrPullObject(this.ctx, id),
      },
      args,
    );
  }

  projectItems(args: ConnectionArgs & { includeArchived?: boolean | null }): Connection<ProjectV2ItemObject> {
    return projectItemsOf(this.ctx, this.record.nodeId, args);
  }

  labels(args: ConnectionArgs): Connection<LabelObject> {
    const repo = this.repoRecord();
    return connectionOf(
      labelRecords(repo, this.record.labels),
      args,
      (label) => label.id,
      (label) => new LabelObject(label, repo, this.ctx),
    );
  }

  assignees(args: ConnectionArgs): Connection<ActorObject> {
    const users = this.record.assignees.flatMap((login) => this.ctx.store.user(login) ?? []);
    return connectionOf(
      users,
      args,
      (user) => user.id,
      (user) => actorByLogin(this.ctx, user.login) as ActorObject,
    );
  }

  get parent(): IssueObject | null {
    return this.issueById(this.record.parentId);
  }

  /** In the parent's priority order (GitHub's order for the sub-issue list). */
  subIssues(args: ConnectionArgs): Connection<IssueObject> {
    return this.issueConnection(this.recordsByIds(this.record.subIssueIds), args);
  }

  get subIssuesSummary(): { total: number; completed: number; percentCompleted: number } {
    const children = this.recordsByIds(this.record.subIssueIds);
    const completed = children.filter((child) => child.state === 'closed').length;
    const total = children.length;
    return { total, completed, percentCompleted: total === 0 ? 0 : Math.floor((completed * 100) / total) };
  }

  /** Default order: the newest link first (`{ field: DEPENDENCY_ADDED_AT, direction: DESC }`). */
  blockedBy(args: DependencyArgs): Connection<IssueObject> {
    return this.issueConnection(orderDependencies(this.recordsByIds(this.record.blockedByIds), args), args);
  }

  blocking(args: DependencyArgs): Connection<IssueObject> {
    return this.issueConnection(orderDependencies(this.blockedIssues(), args), args);
  }

  get issueDependenciesSummary(): {
    blockedBy: number;
    totalBlockedBy: number;
    blocking: number;
    totalBlocking: number;
  } {
    const blockers = this.recordsByIds(this.record.blockedByIds);
    const blocked = this.blockedIssues();
    return {
      blockedBy: blockers.filter((issue) => issue.state === 'open').length,
      totalBlockedBy: blockers.length,
      blocking: blocked.filter((issue) => issue.state === 'open').length,
      totalBlocking: blocked.length,
    };
  }

  /**
   * Pull requests of this repository whose body closes this issue with a closing keyword.
   * Only open ones unless `includeClosedPrs`; none when `userLinkedOnly` (the simulator has no
   * manual links).
   */
  closedByPullRequestsReferences(args: ClosedByArgs): Connection<PullRequestObject> {
    const linked = args.userLinkedOnly
      ? []
      : (closingPullsByIssue(this.ctx, this.repoRecord()).get(this.record.number) ?? []);
    const pulls = linked.filter(({ issue }) => args.includeClosedPrs === true || issue.state === 'open');
    return connectionOf(
      pulls,
      args,
      ({ pull }) => pull.id,
      ({ pull }) => new PullRequestObject(pull, this.ctx),
    );
  }

  private issueConnection(records: IssueRecord[], args: ConnectionArgs): Connection<IssueObject> {
    return connectionOf(
      records,
      args,
      (issue) => issue.id,
      (issue) => new IssueObject(issue, this.ctx),
    );
  }

  private issueById(id: number | null): IssueObject | null {
    if (id === null) return null;
    const record = this.ctx.store.issueById(id);
    return record ? new IssueObject(record, this.ctx) : null;
  }

  private recordsByIds(ids: readonly number[]): IssueRecord[] {
    return ids.flatMap((id) => this.ctx.store.issueById(id) ?? []);
  }

  /** Issues of this repository that list this one among their blockers. */
  private blockedIssues(): IssueRecord[] {
    return blockedIssuesByBlocker(this.ctx, this.repoRecord()).get(this.record.id) ?? [];
  }
}

/** The GraphQL object of an issue or, for a pull request's issue side, the pull request. */
export function issueOrPullObject(ctx: GraphqlContext, id: number): IssueObject | PullRequestObject | null {
  const record = ctx.store.issueById(id);
  if (!record) return null;
  if (record.pullNumber === null) return new IssueObject(record, ctx);
  const pull = ctx.store.pullByNumber(ctx.store.repoOf(record), record.pullNumber);
  return pull ? new PullRequestObject(pull, ctx) : null;
}

/** Links are kept in the order they were added; GitHub's default shows the newest first. */
function orderDependencies(records: IssueRecord[], args: DependencyArgs): IssueRecord[] {
  const field = args.orderBy?.field ?? 'DEPENDENCY_ADDED_AT';
  const direction = args.orderBy?.direction ?? 'DESC';
  const ordered =
    field === 'CREATED_AT'
      ? [...records].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
      : [...records];
  return direction === 'DESC' ? ordered.reverse() : ordered;
}

/** Blocker id → the issues of the repository it blocks, built once per request. */
function blockedIssuesByBlocker(ctx: GraphqlContext, repo: RepoRecord): Map<number, IssueRecord[]> {
  return memo(ctx, `blocking:${repo.id}`, () => {
    const index = new Map<number, IssueRecord[]>();
    for (const issue of ctx.store.issues(repo)) {
      for (const blockerId of issue.blockedByIds)
        index.set(blockerId, [...(index.get(blockerId) ?? []), issue]);
    }
    return index;
  });
}

/**
 * Issue number → the repository's pull requests whose body closes it with a closing keyword
 * (`Closes #12`, `fixes owner/repo#12`), built once per request.
 */
function closingPullsByIssue(
  ctx: GraphqlContext,
  repo: RepoRecord,
): Map<number, { pull: PullRecord; issue: IssueRecord }[]> {
  return memo(ctx, `closing:${repo.id}`, () => {
    const index = new Map<number, { pull: PullRecord; issue: IssueRecord }[]>();
    // GitHub links closing keywords only on pull requests into the default branch.
    for (const pull of ctx.store
      .pulls(repo)
      .filter((candidate) => candidate.baseRef === repo.defaultBranch)) {
      const issue = ctx.store.issueById(pull.issueId);
      if (!issue) continue;
      const numbers = closingReferences(issue.body)
        .filter((ref) => ref.repo === null || ref.repo.toLowerCase() === repo.fullName.toLowerCase())
        .map((ref) => ref.number);
      for (const number of new Set(numbers))
        index.set(number, [...(index.get(number) ?? []), { pull, issue }]);
    }
    return index;
  });
}
