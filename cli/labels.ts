/**
 * Every label Drover uses, with its colour and description: `drover init` creates them and
 * `drover import-jsonl` adds the epic and priority labels a backlog needs. GitHub limits a
 * label name to 50 characters and a description to 100
 * (https://docs.github.com/rest/issues/labels#create-a-label).
 */
export interface LabelSpec {
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string;
}

export const LABEL_NAME_MAX = 50;
export const LABEL_DESCRIPTION_MAX = 100;

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

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
