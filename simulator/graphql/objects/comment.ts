/** `IssueComment` objects (in an issue's timeline): author, body and its edit history. */
import type { CommentRecord, RepoRecord } from '../../state/types.js';
import type { ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { includesCreatedEdit, userContentEdits } from './content-edits.js';
import { repositoryUrl } from './urls.js';

export class IssueCommentObject {
  readonly __typename = 'IssueComment';

  constructor(
    readonly record: CommentRecord,
    private readonly repo: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get fullDatabaseId(): string {
    return String(this.record.id);
  }
  get body(): string {
    return this.record.body;
  }
  get bodyText(): string {
    return this.record.body;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get publishedAt(): string {
    return this.record.createdAt;
  }
  get author(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.user);
  }
  get authorAssociation(): string {
    const login = this.record.user.toLowerCase();
    if (login === this.repo.owner.toLowerCase()) return 'OWNER';
    return this.repo.permissions.has(login) ? 'COLLABORATOR' : 'NONE';
  }
  get lastEditedAt(): string | null {
    return this.ctx.store.contentEdits(this.record.nodeId)[0]?.editedAt ?? null;
  }
  get editor(): ActorObject | null {
    return actorByLogin(this.ctx, this.ctx.store.contentEdits(this.record.nodeId)[0]?.editor ?? null);
  }
  get includesCreatedEdit(): boolean {
    return includesCreatedEdit(this.ctx, this.record.nodeId);
  }
  get isMinimized(): boolean {
    return false;
  }
  get minimizedReason(): null {
    return null;
  }
  get viewerDidAuthor(): boolean {
    return this.ctx.auth.login?.toLowerCase() === this.record.user.toLowerCase();
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repo)}/issues/${this.record.issueNumber}#issuecomment-${this.record.id}`;
  }
  get resourcePath(): string {
    return `/${this.repo.fullName}/issues/${this.record.issueNumber}#issuecomment-${this.record.id}`;
  }
  userContentEdits(args: ConnectionArgs) {
    return userContentEdits(this.ctx, this.record.nodeId, args);
  }
}
