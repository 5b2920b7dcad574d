/**
 * `Commit` (a `GitObject`) and `PullRequestCommit` objects: a commit's identity, message,
 * author and committer, parents, tree, GitHub's signature, and its checks.
 *
 * A commit GitHub signed (made through the API by an app, by `createCommitOnBranch`, or a merge)
 * carries a valid `GpgSignature` with `wasSignedByGitHub: true`; others have none. Its checks are
 * `statusCheckRollup` (statuses and check runs, with the contexts required of it) and `status`
 * (commit statuses alone).
 */
import type { CommitInfo } from '../../git/bare-repo.js';
import { commitNodeId } from '../../state/commit-node-id.js';
import type { PullRecord, RepoRecord } from '../../state/types.js';
import { commitEmail } from '../../state/users.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { notFound } from '../github-error.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { StatusCheckRollupObject, StatusContextObject } from './checks.js';
import { RepositoryObject } from './repository.js';
import { repositoryUrl } from './urls.js';

/** The key id of GitHub's `web-flow` signing key (https://github.com/web-flow.gpg). */
const WEB_FLOW_KEY_ID = 'B5690EEEBB952194';

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
    return commitNodeId(this.repo.id, this.info.sha);
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
    return this.message.split('\n').slice(1).join('\n').replace(/^\n+/, '');
  }
  get authoredDate(): string {
    return this.info.author.date;
  }
  get committedDate(): string {
    return this.info.committer.date;
  }
  get author(): object {
    return this.gitActor(this.info.author);
  }
  get committer(): object {
    return this.gitActor(this.info.committer);
  }
  get authoredByCommitter(): boolean {
    return (
      this.info.author.name === this.info.committer.name &&
      this.info.author.email === this.info.committer.email
    );
  }
  /** GitHub itself committed it (web, API on behalf of an app, merges). */
  get committedViaWeb(): boolean {
    return this.info.committer.email === 'noreply@github.com';
  }
  get signature(): object | null {
    if (!this.ctx.store.isVerified(this.info.sha)) return null;
    return {
      __typename: 'GpgSignature',
      isValid: true,
      state: 'VALID',
      wasSignedByGitHub: true,
      email: 'noreply@github.com',
      keyId: WEB_FLOW_KEY_ID,
      signer: null,
      payload: '',
      signature: '',
      verifiedAt: this.info.committer.date,
    };
  }
  get tree(): object {
    return {
      __typename: 'Tree',
      id: `T_kwDO${Buffer.from(`${this.repo.id}:${this.info.tree}`).toString('base64url')}`,
      oid: this.info.tree,
      abbreviatedOid: this.info.tree.slice(0, 7),
      repository: this.repository,
    };
  }
  get repository(): RepositoryObject {
    return new RepositoryObject(this.repo, this.ctx);
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repo)}/commit/${this.info.sha}`;
  }
  get commitUrl(): string {
    return this.url;
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/commit/${this.info.sha}`;
  }
  get commitResourcePath(): string {
    return this.resourcePath;
  }

  /** Parents in order; their rollups carry no required contexts (none reached them through a pull request). */
  parents(args: ConnectionArgs): Connection<CommitObject> {
    const parents = this.info.parents
      .map((sha) => this.ctx.store.commit(this.repo, sha))
      .filter((info): info is CommitInfo => info !== undefined);
    return connectionOf(
      parents,
      args,
      (info) => parents.indexOf(info) + 1,
      (info) => new CommitObject(this.repo, info, this.ctx),
    );
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

  /** `GitActor`: name, email, date, and the GitHub user (not a bot: `user` is a `User`) it names. */
  private gitActor(identity: { name: string; email: string; date: string }): object {
    return {
      name: identity.name,
      email: identity.email,
      date: identity.date,
      user: this.userFor(identity.email),
    };
  }

  private userFor(email: string): ActorObject | null {
    const match = /^(\d+)\+(.+)@users\.noreply\.github\.com$/.exec(email);
    const user = match ? this.ctx.store.user(match[2] as string) : undefined;
    if (!user || user.type !== 'User' || commitEmail(user) !== email) return null;
    return actorByLogin(this.ctx, user.login);
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
