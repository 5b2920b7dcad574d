/**
 * `drover plan` as text: the order the planner would start the ready tasks in (and which start
 * now), what waits and on what, the critical path, and an ETA from the app's estimator (list
 * scheduling on the run's workers, from measured attempt durations). Pure.
 */
import { estimateEta } from '../app/status/eta.js';
import { describeEta } from '../app/status/render-run-status.js';
import { tasksInScope } from '../app/status/run-scope.js';
import { displayStates } from '../app/status/task-display-state.js';
import type { Task } from '../core/types.js';
import type { TaskState } from './task-state.js';

const WHY: Record<string, string> = {
  'blocker-open': 'after',
  'blocker-failed': 'after failed',
  'blocker-blocked': 'after blocked',
  'out-of-scope-blocker': 'after',
  'not-planned-blocker': 'after',
  'retry-later': 'retry at',
  cycle: 'never: on a cycle with',
  invalid: 'never: fix its problem first',
  'no-worker': 'when a worker is free',
};

const SUFFIX: Record<string, string> = {
  'out-of-scope-blocker': '(outside the run)',
  'not-planned-blocker': '(closed as not planned)',
};

/** `name` says how a task is named (default `#N`; a backlog preview names tasks by their ids). */
export function renderPlan(
  repo: string,
  state: TaskState,
  name: (number: number) => string = (number) => `#${number}`,
): string {
  const { plan, run, model, snapshot, now, preview } = state;
  const tasks = tasksInScope([...model.tasks.values()], run);
  const byNumber = new Map<number, Task>(tasks.map((task) => [task.number, task]));
  const title = (number: number) => byNumber.get(number)?.title ?? '';
  const scope = run.epic === null ? 'all tasks' : `epic ${run.epic}`;
  const lines = [
    `Plan for ${repo}, ${scope}, ${run.workers} workers${preview ? ' (preview: as a /drover run would start it)' : ''}`,
    '',
  ];

  const startsNow = new Set(plan.dispatch.map((dispatch) => dispatch.task));
  if (plan.readyOrder.length === 0) lines.push('Ready: none.');
  else {
    lines.push('Ready, in the order Drover starts them:');
    plan.readyOrder.forEach((number, index) => {
      const task = byNumber.get(number);
      const children =
        task && task.children.length > 0 ? ` [+ sub-issues ${task.children.map(name).join(', ')}]` : '';
      lines.push(
        `  ${String(index + 1).padStart(2)}. ${name(number)} ${title(number)} (priority ${task?.priority ?? '?'})${children}${startsNow.has(number) ? '  ← starts now' : ''}`,
      );
    });
  }
  if (plan.waiting.length > 0) {
    lines.push('', 'Waiting:');
    for (const waiting of plan.waiting) {
      const on = waiting.why === 'retry-later' ? (waiting.until ?? '') : waiting.on.map(name).join(', ');
      const suffix = SUFFIX[waiting.why] ?? '';
      lines.push(
        `  ${name(waiting.task)} ${title(waiting.task)}: ${WHY[waiting.why] ?? waiting.why} ${on} ${suffix}`.trimEnd(),
      );
    }
  }
  for (const failing of plan.fail) lines.push(`  ${name(failing.task)} fails: ${failing.reason}`);
  lines.push(
    '',
    plan.criticalPath.length > 0
      ? `Critical path: ${plan.criticalPath.map(name).join(' → ')}`
      : 'Critical path: none (nothing left).',
  );
  const eta = estimateEta({
    tasks,
    states: displayStates(tasks, plan),
    attempts: snapshot.attempts,
    workers: run.workers,
    now,
  });
  lines.push(describeEta(eta, run.workers).replace(/\*\*/g, ''));
  for (const problem of plan.problems) lines.push(`problem: ${problem.message}`);
  return lines.join('\n');
}
