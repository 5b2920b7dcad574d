/**
 * Every label Drover uses, with its colour and description: `drover init` creates them and
 * `drover import-jsonl` adds the epic, priority and `blocked-by:` labels a backlog needs.
 * GitHub's limits on names and descriptions are in `github-limits.ts`.
 */
import { characterCount, LABEL_DESCRIPTION_MAX } from './github-limits.js';

export interface LabelSpec {
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string;
}

export const STATE_LABELS: LabelSpec[] = [
  { name: 'drover', color: '5319e7', description: 'A task for Drover to work on' },
  { name: 'drover:running', color: 'fbca04', description: 'Drover: an attempt is running' },
  { name: 'drover:review', color: '0e8a16', description: 'Drover: pull request open, waiting to merge' },
  { name: 'drover:blocked', color: 'd93f0b', description: 'Drover: the agent needs a human' },
  { name: 'drover:failed', color: 'b60205', description: 'Drover: attempts exhausted' },
];

export const NAMED_PRIORITIES = { critical: 10, high: 7, normal: 5, low: 2 } as const;
export type NamedPriority = keyof typeof NAMED_PRIORITIES;

export const PRIORITY_LABELS: LabelSpec[] = [
  { name: 'priority:critical', color: 'b60205', description: 'Drover priority 10 (runs first)' },
  { name: 'priority:high', color: 'd93f0b', description: 'Drover priority 7' },
  { name: 'priority:normal', color: 'fbca04', description: 'Drover priority 5 (the default)' },
  { name: 'priority:low', color: 'c2e0c6', description: 'Drover priority 2' },
];

/** The labels `drover init` creates. */
export const INIT_LABELS: LabelSpec[] = [...STATE_LABELS, ...PRIORITY_LABELS];

const EPIC_COLOR = '1d76db';
const NUMERIC_PRIORITY_COLOR = 'fef2c0';

export function epicLabelName(epicId: string): string {
  return `epic:${epicId}`;
}

/** The epic's title goes into the label description, so an export can give it back. */
export function epicLabel(epicId: string, title: string): LabelSpec {
  return {
    name: epicLabelName(epicId),
    color: EPIC_COLOR,
    description: truncate(title, LABEL_DESCRIPTION_MAX),
  };
}

export function priorityLabelName(priority: number | NamedPriority): string {
  return `priority:${priority}`;
}

export function priorityLabel(priority: number | NamedPriority): LabelSpec {
  const named = PRIORITY_LABELS.find((label) => label.name === priorityLabelName(priority));
  if (named) return named;
  return {
    name: priorityLabelName(priority),
    color: NUMERIC_PRIORITY_COLOR,
    description: `Drover priority ${priority}`,
  };
}

/** Cut to `max` characters as GitHub counts them (code points), an ellipsis marking the cut. */
export function truncate(text: string, max: number): string {
  if (characterCount(text) <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

const BLOCKED_BY_COLOR = 'e4e669';

/**
 * `blocked-by:#N`: the task waits for issue #N (the app reads it as it reads a native link).
 * The import writes it where a native link cannot be made: on a task blocked by itself, or
 * where GitHub refuses the link.
 */
export function blockedByNumberLabel(issue: number): LabelSpec {
  return {
    name: `blocked-by:#${issue}`,
    color: BLOCKED_BY_COLOR,
    description: `Drover: this task waits until #${issue} is closed as completed`,
  };
}

/**
 * `blocked-by:<id>`: the backlog said "blocked by <id>" but no line had that id. The app
 * reports the label as a problem on the task and holds it until a person fixes or removes it,
 * and `drover export` gives the id back, so nothing the file said is lost.
 */
export function blockedByMissingLabel(id: string): LabelSpec {
  return {
    name: blockedByMissingLabelName(id),
    color: BLOCKED_BY_COLOR,
    description: 'Drover: names a backlog id that was not imported; replace it with blocked-by:#N',
  };
}

export function blockedByMissingLabelName(id: string): string {
  return `blocked-by:${id}`;
}
