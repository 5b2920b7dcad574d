/** What every command implementation receives, and what it answers. */
import type { RepoGateway } from '../../core/gateway/index.js';
import type { ReconcilePlan } from '../../core/plan/plan-reconcile.js';
import type { RepoState } from '../../core/repo-state.js';
import type { RepoSession } from '../reconcile/repo-session.js';

export interface CommandContext {
  gateway: RepoGateway;
  session: RepoSession;
  /** The repository as observed just before the command (the session is the command's alone). */
  state: RepoState;
  /** What the controller would do now (not applied): for `status` and `plan`. */
  plan: ReconcilePlan;
  /** The issue (or pull request) the command was given on: replies go there. */
  issue: number;
  commentId: number;
  author: string;
  now: Date;
}

export interface CommandOutcome {
  /** Markdown answer to the person, without the leading mention. */
  reply: string;
  /** Did Drover's state change so that a reconcile should follow now? */
  reconcile: boolean;
}
