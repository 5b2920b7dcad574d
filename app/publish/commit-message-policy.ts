/**
 * A commit message from the artifact, made fit to land on the default branch. The message is
 * agent text: it is bounded, refused when it holds what git or a terminal would misread, and
 * its trailers are Drover's, not the agent's.
 *
 * Forged trailers are STRIPPED, not refused: the agent's summary may quote one innocently, and
 * the rest of the work is not at fault. The app then appends the trailers it knows to be true
 * (from what it dispatched), so what remains says who did what:
 * - `Co-authored-by:` makes GitHub credit another account with the commit (shown with their
 *   avatar); `Signed-off-by:` (and any `*-by:`) claims a person's sign-off or review;
 *   `On-behalf-of:` attributes it to an organisation.
 * - `Drover-*:` are Drover's provenance (task, attempt, agent); only the app writes them.
 * Closing keywords are neutralised: a commit message on the default branch closes issues too.
 */
import { neutraliseClosingKeywords } from '../../core/github-text.js';
import { isValidUtf8Text } from '../../core/git-path.js';

/** The action writes a 72-character subject, at most 2,000 characters of summary and 3 trailers. */
export const MAX_COMMIT_MESSAGE_CHARS = 10_000;

/** Lines in trailer form whose key claims provenance or a person's act. */
const RESERVED_TRAILER = /^[ \t]*(drover-[\w-]*|[\w-]*-by|on-behalf-of)[ \t]*:.*$/gim;
/** Controls other than newline and tab: NUL breaks git's object parsing, ESC drives terminals. */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

export interface CommitProvenance {
  task: number;
  attempt: number;
  /** The agent Drover dispatched (from the config), not the one the artifact names. */
  agent: string;
}

export type CommitMessageCheck =
  /** strippedTrailers: the forged ones (those that differ from what the app writes). */
  { ok: true; message: string; strippedTrailers: string[] } | { ok: false; reason: string };

export function checkCommitMessage(raw: string, provenance: CommitProvenance): CommitMessageCheck {
  if (raw.length > MAX_COMMIT_MESSAGE_CHARS)
    return { ok: false, reason: `is ${raw.length} characters long (at most ${MAX_COMMIT_MESSAGE_CHARS})` };
  if (!isValidUtf8Text(raw)) return { ok: false, reason: 'is not valid UTF-8' };
  const text = raw.replace(/\r\n?/g, '\n');
  if (text.includes('\0')) return { ok: false, reason: 'contains a NUL character' };
  if (FORBIDDEN_CONTROL.test(text)) return { ok: false, reason: 'contains a control character' };
  const trailers = [
    `Drover-Task: ${provenance.task}`,
    `Drover-Attempt: ${provenance.attempt}`,
    `Drover-Agent: ${provenance.agent}`,
  ];
  // The action's own trailers are removed too, but they are not forged when they say the truth.
  const strippedTrailers = [...text.matchAll(RESERVED_TRAILER)]
    .map((match) => match[0].trim())
    .filter((line) => !trailers.includes(line));
  const body = neutraliseClosingKeywords(text.replace(RESERVED_TRAILER, ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (body === '') return { ok: false, reason: 'is empty once trailers are removed' };
  return { ok: true, message: `${body}\n\n${trailers.join('\n')}\n`, strippedTrailers };
}
