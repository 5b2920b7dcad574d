/**
 * `CheckRun`, `CheckSuite`, `StatusContext` and `StatusCheckRollup`: a commit's checks as
 * GraphQL shows them. The rollup's `state` is SUCCESS, PENDING, FAILURE, ERROR, or EXPECTED
 * while a required context of the pull request's base has not reported.
 */
import type { CheckRunRecord, CheckSuiteRecord } from '../../state/checks.js';
import { rollupState, type CommitContext, type ContextState } from '../../state/commit-checks.js';
import type { CommitStatusRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { repositoryUrl } from './urls.js';

interface IsRequiredArgs {
  pullRequestId?: string | null;
  pullRequestNumber?: number | null;
}

/** Whether `name` is required by the base branch of the pull request the arguments name. */
function isRequired(ctx: GraphqlContext, repo: RepoRecord, name: string, args: IsRequiredArgs): boolean {
  const found = args.pullRequestId ? ctx.store.byNodeId(args.pullRequestId) : undefined;
  const pull =
    found?.kind === 'PullRequest'
      ? found.record
      : args.pullRequestNumber != null
        ? ctx.store.pullByNumber(repo, args.pullRequestNumber)
        : undefined;
  return pull !== undefined && ctx.store.requiredContexts(repo, pull.baseRef).includes(name);
}

export class AppObject {
  readonly __typename = 'App';

  constructor(
    private readonly app: { databaseId: number; name: string; slug: string; nodeId: string },
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.app.nodeId;
  }
  get databaseId(): number {
    return this.app.databaseId;
  }
  get name(): string {
    return this.app.name;
  }
  get slug(): string {
    return this.app.slug;
  }
  get url(): string {
    return `${this.ctx.store.webUrl}/apps/${this.app.slug}`;
  }
}

export class CheckSuiteObject {
  readonly __typename = 'CheckSuite';

  constructor(
    readonly record: CheckSuiteRecord,
    private readonly repo: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get status(): string {
    return this.ctx.store.checkSuiteState(this.record).status.toUpperCase();
  }
  get conclusion(): string | null {
    return this.ctx.store.checkSuiteState(this.record).conclusion?.toUpperCase() ?? null;
  }
  get app(): AppObject {
    return new AppObject(this.ctx.store.checkApp(this.record), this.ctx);
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/commit/${this.record.headSha}/checks?check_suite_id=${this.record.id}`;
  }
  get url(): string {
    return `${this.ctx.store.webUrl}${this.resourcePath}`;
  }
  /** The simulator does not expose workflow runs through GraphQL. */
  get workflowRun(): null {
    return null;
  }
}

export class CheckRunObject {
  readonly __typename = 'CheckRun';

  constructor(
    readonly record: CheckRunRecord,
    private readonly repo: RepoRecord,
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
  get status(): string {
    return this.record.status.toUpperCase();
  }
  get conclusion(): string | null {
    return this.record.conclusion?.toUpperCase() ?? null;
  }
  get startedAt(): string {
    return this.record.startedAt;
  }
  get completedAt(): string | null {
    return this.record.completedAt;
  }
  get detailsUrl(): string {
    return this.record.detailsUrl ?? this.url;
  }
  get externalId(): string {
    return this.record.externalId;
  }
  get title(): string | null {
    return this.record.output.title;
  }
  get summary(): string | null {
    return this.record.output.summary;
  }
  get text(): string | null {
    return this.record.output.text;
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/runs/${this.record.id}`;
  }
  get url(): string {
    return `${this.ctx.store.webUrl}${this.resourcePath}`;
  }
  get permalink(): string {
    return this.url;
  }
  get checkSuite(): CheckSuiteObject {
    const suite = this.ctx.store.checkSuite(this.repo, this.record.suiteId);
    if (!suite) throw new Error(`Check run ${this.record.id} has no suite ${this.record.suiteId}`);
    return new CheckSuiteObject(suite, this.repo, this.ctx);
  }
  isRequired(args: IsRequiredArgs): boolean {
    return isRequired(this.ctx, this.repo, this.record.name, args);
  }
  annotations(args: ConnectionArgs): Connection<object> {
    return connectionOf(
      this.record.annotations.map((annotation, index) => ({ annotation, index })),
      args,
      ({ index }) => index + 1,
      ({ annotation }) => ({
        annotationLevel: annotation.level.toUpperCase(),
        blobUrl: `${repositoryUrl(this.ctx, this.repo)}/blob/${this.record.headSha}/${annotation.path}`,
        location: {
          start: { line: annotation.startLine, column: annotation.startColumn },
          end: { line: annotation.endLine, column: annotation.endColumn },
        },
        message: annotation.message,
        path: annotation.path,
        rawDetails: annotation.rawDetails,
        title: annotation.title,
      }),
    );
  }
}

export class StatusContextObject {
  readonly __typename = 'StatusContext';

  constructor(
    readonly record: CommitStatusRecord,
    private readonly repo: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get context(): string {
    return this.record.context;
  }
  get state(): string {
    return this.record.state.toUpperCase();
  }
  get description(): string | null {
    return this.record.description;
  }
  get targetUrl(): string | null {
    return this.record.targetUrl;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get creator(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.creator);
  }
  avatarUrl(): string {
    return `${this.ctx.store.webUrl}/avatars/${encodeURIComponent(this.record.creator)}`;
  }
  isRequired(args: IsRequiredArgs): boolean {
    return isRequired(this.ctx, this.repo, this.record.context, args);
  }
}

export type ContextObject = CheckRunObject | StatusContextObject;

export function contextObject(ctx: GraphqlContext, repo: RepoRecord, context: CommitContext): ContextObject {
  return context.kind === 'check'
    ? new CheckRunObject(context.record, repo, ctx)
    : new StatusContextObject(context.record, repo, ctx);
}

/** The rollup of a commit's checks; `required` are the contexts a pull request's base requires. */
export class StatusCheckRollupObject {
  readonly __typename = 'StatusCheckRollup';

  constructor(
    private readonly repo: RepoRecord,
    private readonly sha: string,
    private readonly contextsOfCommit: CommitContext[],
    private readonly required: readonly string[],
    private readonly ctx: GraphqlContext,
    private readonly commitObject: () => object,
  ) {}

  /** The rollup for a commit, or null when nothing reported on it and nothing is required. */
  static of(
    ctx: GraphqlContext,
    repo: RepoRecord,
    sha: string,
    required: readonly string[],
    commitObject: () => object,
  ): StatusCheckRollupObject | null {
    const contexts = ctx.store.commitContexts(repo, sha);
    const rollup = new StatusCheckRollupObject(repo, sha, contexts, required, ctx, commitObject);
    return rollup.stateOrNull() === null ? null : rollup;
  }

  get id(): string {
    return `SCR_kwDO${Buffer.from(`${this.repo.id}:${this.sha}`).toString('base64url')}`;
  }
  get state(): ContextState {
    return this.stateOrNull() ?? 'SUCCESS';
  }
  get commit(): object {
    return this.commitObject();
  }

  contexts(args: ConnectionArgs): Connection<ContextObject> & Record<string, unknown> {
    const connection = connectionOf(
      this.contextsOfCommit,
      args,
      (context) => context.record.id,
      (context) => contextObject(this.ctx, this.repo, context),
    );
    const checks = this.contextsOfCommit.filter((context) => context.kind === 'check');
    const statuses = this.contextsOfCommit.filter((context) => context.kind === 'status');
    return {
      ...connection,
      checkRunCount: checks.length,
      checkRunCountsByState: countBy(checks.map((context) => checkRunState(context))),
      statusContextCount: statuses.length,
      statusContextCountsByState: countBy(statuses.map((context) => context.state)),
    };
  }

  private stateOrNull(): ContextState | null {
    const missing = this.required.filter((name) => !this.contextsOfCommit.some((c) => c.name === name));
    return rollupState(this.contextsOfCommit, missing.length);
  }
}

/** `CheckRunState`: a run's conclusion when completed, else its status. */
function checkRunState(context: CommitContext): string {
  if (context.kind !== 'check') return context.state;
  const run = context.record;
  return (run.status === 'completed' ? (run.conclusion ?? 'neutral') : run.status).toUpperCase();
}

function countBy(states: string[]): Array<{ state: string; count: number }> {
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts].map(([state, count]) => ({ state, count }));
}
