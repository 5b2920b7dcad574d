/** What every write of the apply step shares, and what it reports. */
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { Action } from '../../../core/plan/actions.js';
import type { PassFacts, RepoSession } from '../repo-session.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface ApplyContext {
  gateway: RepoGateway;
  session: RepoSession;
  facts: PassFacts;
  now: () => Date;
  log: Logger;
}

/** The outcome of one planned write. `changed` means the planner's input changed: plan again. */
export type Applied =
  | { action: Action; ok: true; changed: boolean; detail?: string }
  | { action: Action; ok: false; error: unknown };
