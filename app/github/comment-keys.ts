/** The keys of the markers Drover writes (see markers.ts). */

/** The one comment on each task issue: attempts, visible text rendered by app/status. */
export const TASK_COMMENT_KEY = 'task';
/** The dashboard issue's body: the active run record. */
export const RUN_MARKER_KEY = 'run';

/** Label of the dashboard issue, derived from the task label so it never matches it. */
export function dashboardLabel(taskLabel: string): string {
  return `${taskLabel}:dashboard`;
}
