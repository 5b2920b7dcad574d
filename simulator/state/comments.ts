/** Issue and pull request comments (the conversation tab). Emits `issue_comment` webhooks. */
import { presentComment } from '../payloads/comment.js';
import { presentIssue } from '../payloads/issue.js';
import { REACTION_CONTENTS } from '../payloads/reactions.js';
import { emitRepoEvent } from './events.js';
import { characterCount, NOT_ALLOWED_TO_EDIT, type Actor } from './issues.js';
import type { SimStore } from './store.js';
import { notFound, SimError, validationFailed } from './sim-error.js';
import { roleAtLeast, type CommentRecord, type ReactionRecord } from './types.js';

/**
 * GitHub rejects comment bodies over 65,536 characters, with
 * `{"resource":"IssueComment","code":"unprocessable","field":"data","message":"Body is too long (maximum is 65536 characters)"}`.
 */
const MAX_BODY = 65536;

export class CommentStore {
  private readonly byNumericId = new Map<number, CommentRecord>();

  constructor(private readonly store: SimStore) {}

  create(repoKey: string, issueNumber: number, actor: Actor, body: string): CommentRecord {
    const issue = this.store.issues.require(repoKey, issueNumber);
    this.checkBody(body);
    const { id, nodeId } = this.store.newIdentity('IssueComment');
    const now = this.store.now();
    const comment: CommentRecord = {
      id,
      nodeId,
      repo: issue.repo,
      issueNumber,
      body,
      user: this.store.users.require(actor.login).login,
      viaApp: actor.viaApp ?? false,
      createdAt: now,
      updatedAt: now,
      reactions: new Map(),
    };
    this.byNumericId.set(id, comment);
    issue.commentCount += 1;
    this.store.issues.touch(issue);
    this.emit(comment, 'created', actor.login);
    return comment;
  }

  get(repoKey: string, id: number): CommentRecord | undefined {
    const comment = this.byNumericId.get(id);
    if (!comment || comment.repo.toLowerCase() !== repoKey.toLowerCase()) return undefined;
    return comment;
  }

  require(repoKey: string, id: number): CommentRecord {
    const comment = this.get(repoKey, id);
    if (!comment) throw notFound();
    return comment;
  }

  byId(id: number): CommentRecord | undefined {
    return this.byNumericId.get(id);
  }

  /** Comments on one issue, oldest first. */
  list(repoKey: string, issueNumber: number, since?: string): CommentRecord[] {
    const issue = this.store.issues.require(repoKey, issueNumber);
    return [...this.byNumericId.values()].filter(
      (c) => c.repo === issue.repo && c.issueNumber === issueNumber && (!since || c.updatedAt >= since),
    );
  }

  /** Every comment of the repository's issues and PRs updated at or after `since`, oldest first (REST's repo-wide list). */
  listForRepo(repoKey: string, since?: string): CommentRecord[] {
    const repo = this.store.repos.require(repoKey);
    return [...this.byNumericId.values()]
      .filter((c) => c.repo === repo.fullName && (!since || c.updatedAt >= since))
      .sort((a, b) => a.id - b.id);
  }

  update(repoKey: string, id: number, actor: Actor, body: string): CommentRecord {
    const comment = this.require(repoKey, id);
    this.checkAuthorOrWriter(comment, actor);
    this.checkBody(body);
    if (comment.body === body) return comment;
    const from = comment.body;
    this.store.contentEdits.record(
      { nodeId: comment.nodeId, author: comment.user, createdAt: comment.createdAt },
      from,
      body,
      actor.login,
    );
    comment.body = body;
    comment.updatedAt = this.store.now();
    this.emit(comment, 'edited', actor.login, { changes: { body: { from } } });
    return comment;
  }

  delete(repoKey: string, id: number, actor: Actor): void {
    const comment = this.require(repoKey, id);
    this.checkAuthorOrWriter(comment, actor);
    this.byNumericId.delete(id);
    const issue = this.store.issues.require(comment.repo, comment.issueNumber);
    issue.commentCount -= 1;
    this.emit(comment, 'deleted', actor.login);
  }

  /**
   * Adds a reaction: the new one and `fresh: true` (GitHub answers 201), or the one this person
   * already left with that content, unchanged (200 "Reaction exists").
   */
  react(
    repoKey: string,
    id: number,
    login: string,
    content: string,
  ): { reaction: ReactionRecord; fresh: boolean } {
    const comment = this.require(repoKey, id);
    this.checkContent(content);
    const who = comment.reactions.get(content) ?? new Map<string, ReactionRecord>();
    const known = who.get(login);
    if (known !== undefined) return { reaction: known, fresh: false };
    const { id: reactionId, nodeId } = this.store.newIdentity('Reaction');
    const reaction = { id: reactionId, nodeId, user: login, content, createdAt: this.store.now() };
    who.set(login, reaction);
    comment.reactions.set(content, who);
    return { reaction, fresh: true };
  }

  /** A comment's reactions, oldest first; only those of one content when given. */
  reactions(repoKey: string, id: number, content?: string): ReactionRecord[] {
    const comment = this.require(repoKey, id);
    if (content !== undefined) this.checkContent(content);
    return [...comment.reactions.entries()]
      .filter(([kind]) => content === undefined || kind === content)
      .flatMap(([, who]) => [...who.values()])
      .sort((a, b) => a.id - b.id);
  }

  private checkContent(content: string): void {
    if (!(REACTION_CONTENTS as readonly string[]).includes(content)) {
      throw validationFailed([{ resource: 'Reaction', field: 'content', code: 'invalid' }]);
    }
  }

  /**
   * Someone else's comment may be edited or deleted by people with the write role ("Edit and
   * delete anyone's comments…": write, maintain, admin); others get GitHub's 403.
   */
  private checkAuthorOrWriter(comment: CommentRecord, actor: Actor): void {
    if (actor.tokenKind !== 'user') return;
    if (actor.login.toLowerCase() === comment.user.toLowerCase()) return;
    const role = this.store.repos.role(this.store.repos.require(comment.repo), actor.login);
    if (!roleAtLeast(role, 'write')) throw new SimError(403, NOT_ALLOWED_TO_EDIT);
  }

  private checkBody(body: unknown): asserts body is string {
    if (typeof body !== 'string' || body.length === 0) {
      throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
    }
    if (characterCount(body) > MAX_BODY) {
      throw validationFailed([
        {
          resource: 'IssueComment',
          code: 'unprocessable',
          field: 'data',
          message: `Body is too long (maximum is ${MAX_BODY} characters)`,
        },
      ]);
    }
  }

  private emit(
    comment: CommentRecord,
    action: string,
    actor: string,
    extra: Record<string, unknown> = {},
  ): void {
    const issue = this.store.issues.require(comment.repo, comment.issueNumber);
    emitRepoEvent(this.store, 'issue_comment', comment.repo, actor, {
      action,
      issue: presentIssue(this.store, issue),
      comment: presentComment(this.store, comment),
      ...extra,
    });
  }
}
