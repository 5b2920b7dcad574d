/** Issue comments Drover writes (notes, the status comment, command replies) and reactions. */

export interface CommentRef {
  id: number;
  body: string;
  url: string;
  updatedAt: string;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** A `/drover` comment Drover has not answered, found by a scan of the repository's comments. */
export interface ScannedCommand {
  id: number;
  issue: number;
  body: string;
  author: string;
  authorType: 'User' | 'Bot' | 'Organization';
  viaAppId: number | null;
  /** When it was last edited (what the scan's `since` compares). */
  updatedAt: string;
  /** When our 👀 claim was made; null when no controller of ours claimed it. */
  claimedAt: string | null;
}

export interface CommentsGateway {
  create(issue: number, body: string): Promise<CommentRef>;
  update(commentId: number, body: string): Promise<CommentRef>;
  /** Deletes a comment; one that is gone is not an error. */
  delete(commentId: number): Promise<void>;
  /** A comment by id, or null when it is gone. */
  get(commentId: number): Promise<CommentRef | null>;
  /** Our own comments on an issue that carry `<!-- drover:<key> -->`, oldest first. */
  findOwn(issue: number, key: string): Promise<CommentRef[]>;
  /**
   * Adds our reaction to a comment: 'created' for the first time, 'exists' when it was already
   * there (GitHub answers 200 instead of 201): a test-and-set that makes a command run once.
   */
  react(commentId: number, content: ReactionContent): Promise<'created' | 'exists'>;
  /**
   * `/drover` comments of the repository created or edited since `since` that Drover has not
   * answered (no reply or refusal of ours names them), each with when our 👀 claim was made, if
   * it was: commands whose webhook no controller handled (GitHub delivers once), and commands
   * whose controller died after claiming them. One listing, plus one read of the reactions of
   * each claimed and unanswered comment (rare: a controller died, or is answering right now).
   */
  unansweredCommands(since: string): Promise<ScannedCommand[]>;
}
