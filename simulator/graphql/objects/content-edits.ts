/**
 * `userContentEdits`, `lastEditedAt`, `editor` and `includesCreatedEdit` of a body (an issue's,
 * a pull request's or a comment's): the revisions the store kept, newest first.
 */
import type { ContentEditRecord } from '../../state/content-edits.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';

class UserContentEditObject {
  readonly __typename = 'UserContentEdit';

  constructor(
    private readonly record: ContentEditRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get createdAt(): string {
    return this.record.editedAt;
  }
  get updatedAt(): string {
    return this.record.editedAt;
  }
  get editedAt(): string {
    return this.record.editedAt;
  }
  get editor(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.editor);
  }
  /** GitHub's field carries the revision's text. */
  get diff(): string {
    return this.record.body;
  }
  get deletedAt(): null {
    return null;
  }
  get deletedBy(): null {
    return null;
  }
}

export function userContentEdits(
  ctx: GraphqlContext,
  nodeId: string,
  args: ConnectionArgs,
): Connection<UserContentEditObject> {
  return connectionOf(
    ctx.store.contentEdits(nodeId),
    args,
    (edit) => edit.id,
    (edit) => new UserContentEditObject(edit, ctx),
  );
}

/** Whether the body was edited (the history then starts with the revision as created). */
export const includesCreatedEdit = (ctx: GraphqlContext, nodeId: string): boolean =>
  ctx.store.contentEdits(nodeId).length > 0;
