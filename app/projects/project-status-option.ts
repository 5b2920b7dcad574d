/**
 * Which Status option of the Projects (v2) board a task belongs in. A `todo` task is `ready`
 * when the plan would start it (now or once a worker is free), `todo` otherwise. Issues closed
 * as not planned have no column: Drover leaves their card to people and GitHub's own workflows.
 */
import type { DroverConfig } from '../../core/config.js';
import type { Plan, Task } from '../../core/types.js';

export type ProjectStatusKey = keyof NonNullable<DroverConfig['project']>['statuses'];

export function projectStatusKey(task: Task, readyTasks: ReadonlySet<number>): ProjectStatusKey | null {
  switch (task.status) {
    case 'done':
      return 'done';
    case 'running':
      return 'in_progress';
    case 'review':
      return 'in_review';
    case 'blocked':
      return 'blocked';
    case 'failed':
      return 'failed';
    case 'not_planned':
      return null;
    case 'todo':
      return readyTasks.has(task.number) ? 'ready' : 'todo';
  }
}

export function readySet(plan: Plan | null | undefined): ReadonlySet<number> {
  return new Set(plan?.readyOrder ?? []);
}
