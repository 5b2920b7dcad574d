/** `Repository` objects: issue and pull request listings, lookups by number, labels. */
import type { IssueRecord, PullRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { notFound } from '../github-error.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { IssueObject } from './issue.js';
import { LabelObject } from './label.js';
import { PullRequestObject } from './pull-request.js';
import { RefObject, refObject } from './ref.js';
import { repositoryUrl } from './urls.js';

type Direction = 'ASC' | 'DESC';

interface IssueFilters {
  states?: ('OPEN' | 'CLOSED')[] | null;
  labels?: string[] | null;
  assignee?: string | null;
  createdBy?: string | null;
  since?: string | null;
}

interface IssuesArgs extends ConnectionArgs {
  states?: ('OPEN' | 'CLOSED')[] | null;
  labels?: string[] | null;
  filterBy?: IssueFilters | null;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS'; direction: Direction } | null;
}

interface PullRequestsArgs extends ConnectionArgs {
  states?: ('OPEN' | 'CLOSED' | 'MERGED')[] | null;
  labels?: string[] | null;
  headRefName?: string | null;
  baseRefName?: string | null;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT'; direction: Direction } | null;
}

export class RepositoryObject {
  readonly __typename = 'Repository';

  constructor(
    readonly record: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get name(): string {
    return this.record.name;
  }
  get nameWithOwner(): string {
    return this.record.fullName;
  }
  get owner(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.owner);
  }
  get isPrivate(): boolean {
    return this.record.private;
  }
  get visibility(): 'PRIVATE' | 'PUBLIC' {
    return this.record.private ? 'PRIVATE' : 'PUBLIC';
  }
  get autoMergeAllowed(): boolean {
    return this.record.allowAutoMerge;
  }
  get deleteBranchOnMerge(): boolean {
    return this.record.deleteBranchOnMerge;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get pushedAt(): string {
    return this.record.pushedAt;
  }
  get url(): string {
    return repositoryUrl(this.ctx, this.record);
  }
  get resourcePath(): string {
    return `/${this.record.fullName}`;
  }
  get defaultBranchRef(): RefObject | null {
    return refObject(this.ctx, this.record, `refs/heads/${this.record.defaultBranch}`);
  }

  /** A fully qualified name first (`refs/heads/main`), then a branch, then a tag of that short name. */
  ref(args: { qualifiedName: string }): RefObject | null {
    const name = args.qualifiedName;
    const candidates = name.startsWith('refs/') ? [name] : [`refs/heads/${name}`, `refs/tags/${name}`];
    for (const candidate of candidates) {
      const found = refObject(this.ctx, this.record, candidate);
      if (found) return found;
    }
    return null;
  }

  /** Refs under `refPrefix` (`refs/heads/`, `refs/tags/`, `refs/drover/`), in name order. */
  refs(args: ConnectionArgs & { refPrefix: string; direction?: Direction | null }): Connection<RefObject> {
    const names = this.ctx.store.refNames(this.record, args.refPrefix);
    if (args.direction === 'DESC') names.reverse();
    return connectionOf(
      names,
      args,
      (name) => names.indexOf(name) + 1,
      (name) => new RefObject(this.record, name, this.ctx),
    );
  }
  get viewerPermission(): string | null {
    const login = this.ctx.auth.login;
    const role = login ? this.ctx.store.roleOf(this.record, login) : undefined;
    return role ? role.toUpperCase() : null;
  }

  /**
   * `labels` keeps issues carrying any of the names (GraphQL's filter; REST's is all-of).
   * Without `orderBy` issues come oldest first.
   */
  issues(args: IssuesArgs): Connection<IssueObject> {
    const filters: IssueFilters = { ...args.filterBy };
    if (args.states) filters.states = args.states;
    if (args.labels) filters.labels = args.labels;
    const issues = orderByTime(
      this.ctx.store.issues(this.record).filter((issue) => matchesIssueFilters(issue, filters)),
      args.orderBy?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt',
      args.orderBy?.direction ?? 'ASC',
      args.orderBy?.field === 'COMMENTS' ? (issue) => issue.commentCount : undefined,
    );
    return connectionOf(
      issues,
      args,
      (issue) => issue.id,
      (issue) => new IssueObject(issue, this.ctx),
    );
  }

  issue(args: { number: number }): IssueObject {
    const record = this.ctx.store.issueByNumber(this.record, args.number);
    if (!record || record.pullNumber !== null) {
      throw notFound(`Could not resolve to an Issue with the number of ${args.number}.`);
    }
    return new IssueObject(record, this.ctx);
  }

  pullRequest(args: { number: number }): PullRequestObject {
    const record = this.ctx.store.pullByNumber(this.record, args.number);
    if (!record) throw notFound(`Could not resolve to a PullRequest with the number of ${args.number}.`);
    return new PullRequestObject(record, this.ctx);
  }

  issueOrPullRequest(args: { number: number }): IssueObject | PullRequestObject {
    const pull = this.ctx.store.pullByNumber(this.record, args.number);
    if (pull) return new PullRequestObject(pull, this.ctx);
    return this.issue(args);
  }

  pullRequests(args: PullRequestsArgs): Connection<PullRequestObject> {
    const pulls = this.ctx.store.pulls(this.record).filter((pull) => this.matchesPullFilters(pull, args));
    const issueOf = (pull: PullRecord) => this.ctx.store.issueById(pull.issueId);
    const timeField = args.orderBy?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
    const ordered = [...pulls].sort(
      (a, b) => (issueOf(a)?.[timeField] ?? '').localeCompare(issueOf(b)?.[timeField] ?? '') || a.id - b.id,
    );
    if (args.orderBy?.direction === 'DESC') ordered.reverse();
    return connectionOf(
      ordered,
      args,
      (pull) => pull.id,
      (pull) => new PullRequestObject(pull, this.ctx),
    );
  }

  labels(args: ConnectionArgs & { query?: string | null }): Connection<LabelObject> {
    const query = args.query?.toLowerCase();
    const labels = [...this.record.labels.values()].filter(
      (l) => !query || l.name.toLowerCase().includes(query),
    );
    return connectionOf(
      labels,
      args,
      (label) => label.id,
      (label) => new LabelObject(label, this.record, this.ctx),
    );
  }

  label(args: { name: string }): LabelObject | null {
    const label = this.record.labels.get(args.name.toLowerCase());
    return label ? new LabelObject(label, this.record, this.ctx) : null;
  }

  private matchesPullFilters(pull: PullRecord, args: PullRequestsArgs): boolean {
    const issue = this.ctx.store.issueById(pull.issueId);
    if (!issue) return false;
    const state = pull.merged ? 'MERGED' : issue.state === 'open' ? 'OPEN' : 'CLOSED';
    if (args.states && !args.states.includes(state)) return false;
    if (args.headRefName && pull.headRef !== args.headRefName) return false;
    if (args.baseRefName && pull.baseRef !== args.baseRefName) return false;
    return !args.labels || hasAnyLabel(issue, args.labels);
  }
}

function matchesIssueFilters(issue: IssueRecord, filters: IssueFilters): boolean {
  if (issue.pullNumber !== null) return false;
  if (filters.states && !filters.states.includes(issue.state === 'open' ? 'OPEN' : 'CLOSED')) return false;
  if (filters.labels && !hasAnyLabel(issue, filters.labels)) return false;
  if (filters.assignee && filters.assignee !== '*' && !sameLogins(issue.assignees, filters.assignee))
    return false;
  if (filters.createdBy && issue.user.toLowerCase() !== filters.createdBy.toLowerCase()) return false;
  // "List issues that have been updated at or after the given date." (times compared as instants)
  return !filters.since || Date.parse(issue.updatedAt) >= Date.parse(filters.since);
}

function hasAnyLabel(issue: IssueRecord, names: readonly string[]): boolean {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return issue.labels.some((label) => wanted.has(label.toLowerCase()));
}

function sameLogins(logins: readonly string[], login: string): boolean {
  return logins.some((candidate) => candidate.toLowerCase() === login.toLowerCase());
}

function orderByTime(
  issues: IssueRecord[],
  field: 'createdAt' | 'updatedAt',
  direction: Direction,
  count?: (issue: IssueRecord) => number,
): IssueRecord[] {
  const ordered = [...issues].sort((a, b) =>
    count ? count(a) - count(b) || a.id - b.id : a[field].localeCompare(b[field]) || a.id - b.id,
  );
  return direction === 'DESC' ? ordered.reverse() : ordered;
}
