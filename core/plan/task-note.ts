/**
 * Drover's one note on a task, for people: written when the task cannot move by itself (failed,
 * blocked, stuck, waiting for a person), edited when that changes, removed when it no longer
 * holds. A failed attempt that will be retried needs nobody: the status comment shows it, and a
 * note written then removed would cost two content-creating requests for nothing. It says why, and what to do; the reason text comes from the agent or
 * from GitHub and is shown as a quote, never as markdown that could ping or close anything.
 */
import type { RepoState } from '../repo-state.js';
import type { ReviewWait } from './plan-merges.js';
import type { StuckReason } from './stuck-tasks.js';
import type { TaskProgress } from './task-progress.js';

export interface NoteInput {
  state: RepoState;
  entry: TaskProgress;
  stuck: StuckReason | undefined;
  reviewWait: ReviewWait | undefined;
}

export function taskNote({ entry, stuck, reviewWait }: NoteInput): string | null {
  const task = entry.task;
  const last = entry.verdict.lastResult;
  switch (entry.phase) {
    case 'failed':
      if (entry.failure !== undefined)
        return [
          `**Drover** stopped working on this task: the checks of its pull request still fail and the fix attempts are used up:`,
          quote(entry.failure),
          `Fix it on the branch by hand, or comment \`/drover retry #${task}\` for more fix attempts.`,
        ].join('\n\n');
      return [
        `**Drover** stopped working on this task: its attempts are used up. The last one failed:`,
        quote(last?.reason),
        `Comment \`/drover retry #${task}\` for one more attempt, or \`/drover reset #${task}\` to start over.`,
      ].join('\n\n');
    case 'blocked':
      return [
        `**Drover**'s agent needs a person before it can go on:`,
        quote(last?.reason),
        `When that is done, comment \`/drover retry #${task}\`.`,
      ].join('\n\n');
    case 'todo':
      return stuck !== undefined ? stuckNote(task, stuck) : null;
    case 'review':
      return reviewNote(entry, reviewWait);
    default:
      return null;
  }
}

const STUCK_TEXT: Record<StuckReason['why'], (on: string) => string> = {
  cycle: (on) => `it is on a dependency cycle with ${on}: remove one of the links.`,
  invalid: () => 'its labels or links have a problem.',
  'blocker-failed': (on) => `it waits on ${on}, which failed: retry or reset it, or remove the link.`,
  'blocker-blocked': (on) => `it waits on ${on}, which needs a person: see there.`,
  'not-planned-blocker': (on) =>
    `it waits on ${on}, closed as not planned: reopen it, remove the link, or set \`not_planned_satisfies: true\`.`,
  'out-of-scope-blocker': (on) =>
    `it waits on ${on}, outside this run's epic: run that epic too, or remove the link.`,
  'blocker-stuck': (on) => `it waits on ${on}, which cannot start either: see there.`,
  'awaiting-approval': () => 'it is awaiting approval:',
};

function stuckNote(task: number, stuck: StuckReason): string {
  const on = stuck.on.map((number) => `#${number}`).join(', ') || `#${task}`;
  const detail = stuck.message === null ? '' : `\n\n${quote(stuck.message)}`;
  const approve =
    stuck.why === 'awaiting-approval'
      ? `\n\nOnly text approved by a person with the trust level reaches an agent. When it is checked, such a person comments \`/drover approve #${task}\`.`
      : '';
  return `**Drover** cannot start this task: ${STUCK_TEXT[stuck.why](on)}${detail}${approve}`;
}

function reviewNote(entry: TaskProgress, wait: ReviewWait | undefined): string | null {
  const pr = entry.pr;
  if (pr === null) return null;
  if (wait === 'person')
    return `**Drover**: pull request #${pr.number} waits for a person to review and merge it:\n\n${quote(pr.holdReason)}`;
  if (wait === 'conflict-needs-person')
    return `**Drover**: pull request #${pr.number} conflicts with its base, and the attempts to resolve it are used up: resolve it by hand, or comment \`/drover retry #${entry.task}\`.`;
  return null;
}

/** Untrusted text as an inert quote: one paragraph, markdown and mentions shown literally. */
function quote(text: string | null | undefined): string {
  const clean = (text ?? 'no reason was given')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .slice(0, 2000);
  const escaped = clean.replace(/[\\`*_{}[\]()<>#+!|@~]/g, (character) => `\\${character}`);
  return escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
