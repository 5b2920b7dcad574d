/**
 * Who writes a ref or a commit, and what GitHub lets that writer do.
 *
 * - Commits an app or Actions token makes through the API without a custom author or committer
 *   are signed by GitHub (docs, "About commit signature verification": signature verification
 *   for bots needs "no custom author information, custom committer information, and no custom
 *   signature information"); `createCommitOnBranch` commits are always signed.
 * - A GitHub App or Actions token without `workflows: write` may not move a ref so that anything
 *   under `.github/workflows/` changes. People (personal tokens) are not limited here: the
 *   simulator's personal tokens carry every scope.
 */
import type { SimAuth } from '../host.js';

export interface RefWriter {
  login: string;
  /** An installation or Actions (job) token: a bot acting through a GitHub App. */
  bot: boolean;
  /** False for an app or Actions token without `workflows: write`. */
  mayWriteWorkflows: boolean;
}

/** A change GitHub makes itself (merges, update-branch): its own rules, no token limits. */
export function internalWriter(login: string): RefWriter {
  return { login, bot: false, mayWriteWorkflows: true };
}

/** The writer a request's token makes. */
export function writerOf(auth: SimAuth): RefWriter {
  const bot = auth.kind === 'installation' || auth.kind === 'job';
  return {
    login: auth.login ?? 'ghost',
    bot,
    mayWriteWorkflows: !bot || auth.permissions.workflows === 'write',
  };
}

/** Callers that predate RefWriter pass a login: GitHub acting on that user's behalf. */
export function asWriter(actor: string | RefWriter): RefWriter {
  return typeof actor === 'string' ? internalWriter(actor) : actor;
}
