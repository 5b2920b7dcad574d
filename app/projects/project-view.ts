/**
 * The Projects (v2) board as a reconcile view (see `ReconcileDeps.views`): after each
 * reconcile, sync the board with the tasks. Problems (a missing project, field or option) are
 * reported in one comment on the dashboard issue, edited in place, so a repeated report never
 * adds a comment. The sync state of each repository is kept in `states`, which the app creates
 * once and keeps for its lifetime: after a restart the first reconcile checks the board again.
 * Before the first `/drover run` there is no dashboard issue, and so no board sync either.
 */
import { buildTaskModel } from '../../core/task-model.js';
import type { Task } from '../../core/types.js';
import type { ReconcileView } from '../reconcile/reconcile.js';
import { syncProject, type ProjectSyncState } from './sync-project.js';

/** Marker key of the dashboard comment that reports a board problem. */
export const PROJECT_PROBLEM_KEY = 'project-problem';

export interface ProjectViewOptions {
  dashboardIssue: () => Promise<number | null>;
  /** Sync state by repository (`owner/name`), kept across reconciles. */
  states: Map<string, ProjectSyncState>;
}

export function projectView(options: ProjectViewOptions) {
  return async (view: ReconcileView): Promise<void> => {
    if (view.plan === null || view.config.project === null) return;
    const dashboard = await options.dashboardIssue();
    if (dashboard === null) return;
    const repo = view.snapshot.repo;
    const state = await syncProject({
      gateway: view.gateway,
      config: view.config,
      snapshot: view.snapshot,
      tasks: withMerged(buildTaskModel(view.snapshot, view.config).tasks, view.report.merged),
      plan: view.plan,
      state: options.states.get(repo) ?? null,
      reportProblem: async (message) => {
        await view.gateway.upsertComment(
          dashboard,
          PROJECT_PROBLEM_KEY,
          `**Drover: Projects board**\n\n${message}`,
        );
      },
    });
    options.states.set(repo, state);
  };
}

/** The snapshot was read before this reconcile merged some pull requests: those tasks are done. */
function withMerged(tasks: Map<number, Task>, merged: number[]): Task[] {
  const done = new Set(merged);
  return [...tasks.values()].map((task) => (done.has(task.number) ? { ...task, status: 'done' } : task));
}
