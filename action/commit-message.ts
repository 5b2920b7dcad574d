/** Commit messages of the patch: a subject naming the issue, the agent's summary, Drover trailers. */
import { sanitizeOneLine, sanitizeUntrustedText } from './sanitize-untrusted-text.js';

export interface CommitMessageInput {
  subject: string;
  issue: number;
  task: number;
  attempt: number;
  agent: string;
  summary: string | null;
  /** Partial work of a failed or blocked attempt. */
  wip: boolean;
}

const SUMMARY_CHARS = 2_000;
/** Git's convention (and GitHub's display) cuts subjects around 72 characters. */
const SUBJECT_CHARS = 72;

export function buildCommitMessage(input: CommitMessageInput): string {
  const suffix = ` (#${input.issue})`;
  const prefix = input.wip ? 'WIP: ' : '';
  const subject =
    prefix + sanitizeOneLine(input.subject, SUBJECT_CHARS - suffix.length - prefix.length) + suffix;
  const summary = sanitizeUntrustedText(input.summary).slice(0, SUMMARY_CHARS);
  const trailers = [
    `Drover-Task: ${input.task}`,
    `Drover-Attempt: ${input.attempt}`,
    `Drover-Agent: ${input.agent}`,
  ].join('\n');
  return [subject, summary, trailers].filter((part) => part !== '').join('\n\n') + '\n';
}
