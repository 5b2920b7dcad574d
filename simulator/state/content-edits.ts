/**
 * The edit history of an issue's, pull request's or comment's body (GraphQL `userContentEdits`,
 * `includesCreatedEdit`). Like GitHub, nothing is kept until the first edit; that edit records
 * the body as created (by the author, at creation time) and the new body, each with who wrote it.
 */
import type { SimStore } from './store.js';

export interface ContentEditRecord {
  id: number;
  nodeId: string;
  /** Login of who wrote this revision. */
  editor: string;
  editedAt: string;
  /** The body of this revision (GitHub's `diff` carries the revision's text). */
  body: string;
}

export class ContentEditStore {
  /** Node id of the edited object → revisions, oldest first. */
  private readonly byNode = new Map<string, ContentEditRecord[]>();

  constructor(private readonly store: SimStore) {}

  /** Records an edit of `subject` from `before` to `after` by `editor`. */
  record(
    subject: { nodeId: string; author: string; createdAt: string },
    before: string,
    after: string,
    editor: string,
  ): void {
    const revisions = this.byNode.get(subject.nodeId) ?? [
      this.revision(subject.author, subject.createdAt, before),
    ];
    revisions.push(this.revision(editor, this.store.now(), after));
    this.byNode.set(subject.nodeId, revisions);
  }

  /** Revisions, newest first (GitHub's order); empty when never edited. */
  forNode(nodeId: string): ContentEditRecord[] {
    return [...(this.byNode.get(nodeId) ?? [])].reverse();
  }

  private revision(editor: string, editedAt: string, body: string): ContentEditRecord {
    const { id, nodeId } = this.store.newIdentity('UserContentEdit');
    return { id, nodeId, editor, editedAt, body };
  }
}
