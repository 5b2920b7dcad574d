/**
 * `drover plan` as text: the order the planner would start the ready tasks in (and which start
 * now), what waits and on what, and the planner's forecast of the run's scope: the critical path
 * and an ETA over the tasks that can still run (list scheduling on the run's workers, in the
 * planner's order, from measured attempt durations). Pure.
 */
import { estimateEta, type Eta } from '../app/status/eta.js';
import { describeEta } from '../app/status/render-run-status.js';
import { tasksInScope } from '../app/status/run-scope.js';
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
  'awaiting-approval': 'never: awaiting approval',
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
  const { plan, run, model, now, preview } = state;
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
  const eta = estimateEta(plan, now);
  lines.push('', criticalPathLine(plan.criticalPath, eta, name));
  lines.push(describeEta(eta).replace(/\*\*/g, ''));
  for (const problem of plan.problems) lines.push(`problem: ${problem.message}`);
  return lines.join('\n');
}

/** The plan's critical path, or why there is none. */
function criticalPathLine(path: number[], eta: Eta, name: (number: number) => string): string {
  if (path.length > 0) return `Critical path: ${path.map(name).join(' → ')}`;
  return eta.kind === 'stuck'
    ? 'Critical path: none (nothing left can run until a person acts).'
    : 'Critical path: none (nothing left).';
}
