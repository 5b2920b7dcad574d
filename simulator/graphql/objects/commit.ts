/** `Commit` and `PullRequestCommit` objects: a commit's identity, message and checks. */
import type { CommitInfo } from '../../git/bare-repo.js';
import type { PullRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { notFound } from '../github-error.js';
import { StatusCheckRollupObject, StatusContextObject } from './checks.js';
import { repositoryUrl } from './urls.js';

export class CommitObject {
  readonly __typename = 'Commit';

  constructor(
    private readonly repo: RepoRecord,
    private readonly info: CommitInfo,
    private readonly ctx: GraphqlContext,
    /** Contexts required of this commit (those of a pull request's base when reached through one). */
    private readonly required: readonly string[] = [],
  ) {}

  /** The commit `sha` of `repo`, or a NOT_FOUND error. */
  static of(
    ctx: GraphqlContext,
    repo: RepoRecord,
    sha: string,
    required: readonly string[] = [],
  ): CommitObject {
    const info = ctx.store.commit(repo, sha);
    if (!info) throw notFound(`Could not resolve to a Commit with the oid of ${sha}.`);
    return new CommitObject(repo, info, ctx, required);
  }

  get id(): string {
    return `C_kwDO${Buffer.from(`${this.repo.id}:${this.info.sha}`).toString('base64url')}`;
  }
  get oid(): string {
    return this.info.sha;
  }
  get abbreviatedOid(): string {
    return this.info.sha.slice(0, 7);
  }
  get message(): string {
    return this.info.message.replace(/\n$/, '');
  }
  get messageHeadline(): string {
    return this.message.split('\n')[0] ?? '';
  }
  get messageBody(): string {
    return this.message.split('\n').slice(1).join('\n').trim();
  }
  get committedDate(): string {
    return this.info.committer.date;
  }
  get authoredDate(): string {
    return this.info.author.date;
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/commit/${this.info.sha}`;
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repo)}/commit/${this.info.sha}`;
  }
  get commitUrl(): string {
    return this.url;
  }

  get statusCheckRollup(): StatusCheckRollupObject | null {
    return StatusCheckRollupObject.of(this.ctx, this.repo, this.info.sha, this.required, () => this);
  }

  /** The commit statuses alone (the legacy combined status), or null when there are none. */
  get status(): object | null {
    const statuses = this.ctx.store
      .commitContexts(this.repo, this.info.sha)
      .flatMap((context) => (context.kind === 'status' ? [context] : []));
    if (statuses.length === 0) return null;
    const objects = statuses.map((context) => new StatusContextObject(context.record, this.repo, this.ctx));
    const states = new Set(statuses.map((context) => context.state));
    const state =
      states.has('FAILURE') || states.has('ERROR')
        ? 'FAILURE'
        : states.has('PENDING')
          ? 'PENDING'
          : 'SUCCESS';
    return {
      id: `S_kwDO${Buffer.from(`${this.repo.id}:${this.info.sha}`).toString('base64url')}`,
      state,
      contexts: objects,
      commit: this,
      context: (args: { name: string }) => objects.find((object) => object.context === args.name) ?? null,
    };
  }
}

export class PullRequestCommitObject {
  readonly __typename = 'PullRequestCommit';

  constructor(
    private readonly commitObject: CommitObject,
    private readonly pull: PullRecord,
    private readonly pullRequestObject: () => object,
    private readonly ctx: GraphqlContext,
    private readonly repo: RepoRecord,
  ) {}

  get id(): string {
    return `PURC_kwDO${Buffer.from(`${this.pull.id}:${this.commitObject.oid}`).toString('base64url')}`;
  }
  get commit(): CommitObject {
    return this.commitObject;
  }
  get pullRequest(): object {
    return this.pullRequestObject();
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/pull/${this.pull.number}/commits/${this.commitObject.oid}`;
  }
  get url(): string {
    return `${this.ctx.store.webUrl}${this.resourcePath}`;
  }
}

/** `PullRequest.commits`: the commits it adds, oldest first, with the base's required contexts. */
export function pullRequestCommits(
  ctx: GraphqlContext,
  repo: RepoRecord,
  pull: PullRecord,
  pullRequest: () => object,
  args: ConnectionArgs,
): Connection<PullRequestCommitObject> {
  const required = ctx.store.requiredContexts(repo, pull.baseRef);
  const shas = ctx.store.pullCommits(pull);
  return connectionOf(
    shas.map((sha, index) => ({ sha, index })),
    args,
    ({ index }) => index + 1,
    ({ sha }) =>
      new PullRequestCommitObject(CommitObject.of(ctx, repo, sha, required), pull, pullRequest, ctx, repo),
  );
}
