/** What every command implementation receives, and what it answers. */
import type { DroverConfig } from '../../core/config.js';
import type { RepoGateway } from '../../core/gateway.js';
import type { Snapshot } from '../../core/types.js';

export interface CommandContext {
  gateway: RepoGateway;
  config: DroverConfig;
  /** The issue (or pull request) the command was given on: replies go there. */
  issue: number;
  commentId: number;
  author: string;
  now: Date;
  loadSnapshot: () => Promise<Snapshot>;
}

export interface CommandOutcome {
  /** Markdown answer to the person, without the leading mention. */
  reply: string;
  /** Did Drover's state change so that a reconcile should follow now? */
  reconcile: boolean;
}
