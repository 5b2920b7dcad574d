/**
 * `Commit` objects (a `GitObject`): message, author and committer, parents, tree and GitHub's
 * signature. A commit GitHub signed (made through the API by an app, by `createCommitOnBranch`,
 * or a merge) carries a valid `GpgSignature` with `wasSignedByGitHub: true`; others have none.
 */
import type { CommitInfo } from '../../git/bare-repo.js';
import { commitNodeId } from '../../state/commit-node-id.js';
import type { RepoRecord } from '../../state/types.js';
import { commitEmail } from '../../state/users.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { RepositoryObject } from './repository.js';
import { repositoryUrl } from './urls.js';

/** The key id of GitHub's `web-flow` signing key (https://github.com/web-flow.gpg). */
const WEB_FLOW_KEY_ID = 'B5690EEEBB952194';

export class CommitObject {
  readonly __typename = 'Commit';

  constructor(
    private readonly info: CommitInfo,
    private readonly repo: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

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

  parents(args: ConnectionArgs): Connection<CommitObject> {
    const parents = this.info.parents
      .map((sha) => this.ctx.store.commit(this.repo, sha))
      .filter((info): info is CommitInfo => info !== undefined);
    return connectionOf(
      parents,
      args,
      (info) => parents.indexOf(info) + 1,
      (info) => new CommitObject(info, this.repo, this.ctx),
    );
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
