/**
 * The Projects (v2) board as a view: each task's card in the Status option of its phase. A card
 * is written only when its option differs from what the board holds (as last read or written),
 * so a pass that changed nothing writes nothing. A missing option is not written (the status
 * comment says which ones are missing). Each write costs two mutations (add the item, set the
 * field): a board roughly doubles the writes of a task (docs/config.md).
 */
import type { DroverConfig } from '../config.js';
import type { RepoState } from '../repo-state.js';
import type { ProjectStatusAction } from './actions.js';
import type { TaskProgress } from './task-progress.js';

type StatusKey = keyof NonNullable<DroverConfig['project']>['statuses'];

export function planProject(
  state: RepoState,
  progress: Iterable<TaskProgress>,
  ready: ReadonlySet<number>,
): ProjectStatusAction[] {
  const board = state.project;
  const statuses = state.config.project?.statuses;
  if (board === null || board.field === null || statuses === undefined) return [];
  const issues = new Map(state.issues.map((issue) => [issue.number, issue]));
  const actions: ProjectStatusAction[] = [];
  for (const entry of progress) {
    const issue = issues.get(entry.task);
    const key = statusKey(entry, issue?.stateReason ?? null, ready);
    if (issue?.nodeId === undefined || key === null) continue;
    const option = statuses[key];
    if (board.field.options[option] === undefined || board.statuses.get(issue.nodeId) === option) continue;
    actions.push({ kind: 'project-status', task: entry.task, nodeId: issue.nodeId, option });
  }
  return actions;
}

function statusKey(
  entry: TaskProgress,
  stateReason: string | null,
  ready: ReadonlySet<number>,
): StatusKey | null {
  switch (entry.phase) {
    case 'closed':
      // Closed as not planned or duplicate: the card is left to people and GitHub's own workflows.
      return stateReason === 'not_planned' || stateReason === 'duplicate' ? null : 'done';
    case 'running':
      return 'in_progress';
    case 'settling':
    case 'review':
      return 'in_review';
    case 'blocked':
      return 'blocked';
    case 'failed':
      return 'failed';
    case 'todo':
      return ready.has(entry.task) ? 'ready' : 'todo';
  }
}

/** What is wrong with the board's options for the states Drover shows, or null. */
export function missingOptions(state: RepoState): string | null {
  const board = state.project;
  const project = state.config.project;
  if (board === null || board.field === null || project === null) return null;
  const field = board.field;
  const missing = [...new Set(Object.values(project.statuses))]
    .filter((option) => field.options[option] === undefined)
    .sort();
  if (missing.length === 0) return null;
  const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
  return `The Projects field "${project.field}" has no option ${quoted(missing)} (it has ${quoted(Object.keys(field.options))}): tasks in those states keep their card where it is. Add the options, or map the states to existing ones under \`project.statuses\`.`;
}
