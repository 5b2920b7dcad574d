/**
 * The answer to `/drover plan`: what would run, in what order, what waits and on what, the
 * critical path and an ETA (both the planner's, over what can still run in the run's scope).
 * Read-only: it shows the planner's decision without applying it.
 */
import type { DroverConfig } from '../../core/config.js';
import type { Plan, Problem, RunRecord, Snapshot, Task, Waiting } from '../../core/types.js';
import { formatInstant } from './format-duration.js';
import { renderProblems } from './render-problems.js';
import { etaSection } from './render-run-status.js';
import { markdownCell } from './untrusted-text.js';

export interface PlanPreviewView {
  run: RunRecord | null;
  snapshot: Snapshot;
  plan: Plan;
  tasks: readonly Task[] | ReadonlyMap<number, Task>;
  config: DroverConfig;
  now: Date;
  problems: Problem[];
}

/** Long lists are cut: the full picture is in the run status comment. */
const MAX_LISTED = 30;

export function renderPlanPreview(view: PlanPreviewView): string {
  const all = [...view.tasks.values()];
  const byNumber = new Map(all.map((task) => [task.number, task]));
  const sections = [
    `### Plan${view.run?.epic ? ` for epic \`${markdownCell(view.run.epic)}\`` : ''}`,
    runLine(view.run),
    orderSection(view.plan, byNumber),
    waitingSection(view.plan.waiting),
    view.plan.criticalPath.length === 0
      ? ''
      : `Critical path: ${view.plan.criticalPath.map((task) => `#${task}`).join(' → ')}`,
    etaSection(view),
    renderProblems(view.problems),
  ];
  return sections.filter((section) => section !== '').join('\n\n');
}

function runLine(run: RunRecord | null): string {
  if (run === null || run.cancelled) return 'No run is active: nothing starts until `/drover run`.';
  return run.paused ? 'The run is paused: nothing starts until `/drover resume`.' : '';
}

function orderSection(plan: Plan, tasks: Map<number, Task>): string {
  if (plan.readyOrder.length === 0) return 'No task is ready to start.';
  const now = new Set(plan.dispatch.map((dispatch) => dispatch.task));
  const lines = plan.readyOrder.slice(0, MAX_LISTED).map((number, index) => {
    const task = tasks.get(number);
    const title = task ? ` ${markdownCell(task.title)}` : '';
    const priority = task ? ` (priority ${task.priority})` : '';
    return `${index + 1}. #${number}${title}${priority}${now.has(number) ? ': starts now' : ''}`;
  });
  const more =
    plan.readyOrder.length > MAX_LISTED ? [`… and ${plan.readyOrder.length - MAX_LISTED} more`] : [];
  return ['Ready, in the order Drover starts them:', '', ...lines, ...more].join('\n');
}

const WHY_TEXT: Record<Waiting['why'], string> = {
  'blocker-open': 'waits for',
  'blocker-failed': 'waits for failed',
  'blocker-blocked': 'waits for blocked',
  'out-of-scope-blocker': 'waits for (outside this run)',
  'not-planned-blocker': 'waits for (closed as not planned)',
  'retry-later': 'retries',
  cycle: 'is on a cycle with',
  invalid: 'has a problem to fix',
  'no-worker': 'waits for a free worker',
  'awaiting-approval': 'is awaiting approval',
};

function waitingSection(waiting: Waiting[]): string {
  const shown = waiting.filter((entry) => entry.why !== 'no-worker');
  if (shown.length === 0) return '';
  const lines = shown.slice(0, MAX_LISTED).map((entry) => {
    const on = entry.on.length > 0 ? ` ${entry.on.map((task) => `#${task}`).join(', ')}` : '';
    const until = entry.until ? ` at ${formatInstant(entry.until)}` : '';
    return `- #${entry.task} ${WHY_TEXT[entry.why]}${on}${until}`;
  });
  const more = shown.length > MAX_LISTED ? [`- … and ${shown.length - MAX_LISTED} more`] : [];
  return ['Waiting:', '', ...lines, ...more].join('\n');
}
