/**
 * The run's one status comment, edited in place on every reconcile: counts by state, spend,
 * ETA, critical path, the DAG as a mermaid graph, a table of tasks and the problems found.
 * Once every task in scope is done, failed or blocked, it becomes the run's final summary.
 * Pure: everything it shows comes from the view.
 */
import type { DroverConfig } from '../../core/config.js';
import type { Plan, Problem, RepoFullName, RunRecord, Snapshot, Task, Waiting } from '../../core/types.js';
import { spendByEpic } from '../../core/run-budget.js';
import { closedBlockers } from './closed-blockers.js';
import { estimateEta, type Eta } from './eta.js';
import { formatDuration, formatInstant } from './format-duration.js';
import { MAX_GRAPH_NODES, renderMermaidDag } from './mermaid.js';
import { renderProblems } from './render-problems.js';
import { tasksInScope } from './run-scope.js';
import { countByState, DISPLAY_STATES, displayStates, type DisplayState } from './task-display-state.js';
import { markdownCell } from './untrusted-text.js';

export const RUN_STATUS_KEY = 'run-status';
export const RUN_STATUS_MARKER = `<!-- drover:${RUN_STATUS_KEY} -->`;

/** GitHub rejects comment bodies over 65,536 characters; keep a margin for the markers. */
export const MAX_COMMENT_CHARS = 65_000;

export interface RunStatusView {
  repo: RepoFullName;
  run: RunRecord | null;
  snapshot: Snapshot;
  plan: Plan;
  /** The core's task model (`buildTaskModel(...).tasks`) or a list. */
  tasks: readonly Task[] | ReadonlyMap<number, Task>;
  config: DroverConfig;
  now: Date;
  problems: Problem[];
}

const OPEN_STATES: ReadonlySet<DisplayState> = new Set(['running', 'review', 'ready', 'waiting']);

export function renderRunStatus(view: RunStatusView): string {
  return `${RUN_STATUS_MARKER}\n${renderRunStatusBody(view)}`;
}

/** The visible status without the marker: what `/drover status` replies with. */
export function renderRunStatusBody(view: RunStatusView): string {
  const open = tasksInScope([...view.tasks.values()], view.run);
  const closed = closedBlockers(view.snapshot, open);
  const tasks = [...closed, ...open].sort((a, b) => a.number - b.number);
  const states = displayStates(tasks, view.plan);
  const finished = view.run !== null && ![...states.values()].some((state) => OPEN_STATES.has(state));
  const head = [
    heading(view, finished),
    countsLine(states),
    spendLine(view, tasks),
    finished ? finalSummary(view, tasks, states) : etaSection(view),
    criticalPathLine(view.plan, tasks),
    renderProblems(view.problems),
  ].filter((part) => part !== '');
  const graph = graphSection(tasks, states, view.plan);
  const rows = tableRows(view, tasks, states, new Set(closed.map((task) => task.number)));
  return fitToComment(head, graph, rows);
}

function heading(view: RunStatusView, finished: boolean): string {
  const run = view.run;
  if (run === null) return `## Drover: ${view.repo}\n\nNo run is active. Start one with \`/drover run\`.`;
  const scope = run.epic === null ? 'all tasks' : `epic **${markdownCell(run.epic)}**`;
  const state = runState(run, finished);
  return [
    `## Drover run ${state}`,
    '',
    `Run \`${markdownCell(run.id)}\` over ${scope}, started by ${markdownCell(run.startedBy)} at ` +
      `${formatInstant(run.startedAt)}, ${run.workers} worker${run.workers === 1 ? '' : 's'}.`,
  ].join('\n');
}

function runState(run: RunRecord, finished: boolean): string {
  if (run.cancelled) return '(cancelled)';
  if (finished) return '(finished)';
  return run.paused ? '(paused: `/drover resume` to continue)' : '(in progress)';
}

function countsLine(states: Map<number, DisplayState>): string {
  const counts = countByState(states);
  const parts = DISPLAY_STATES.filter(
    (state) => counts[state] > 0 || ['done', 'running', 'failed'].includes(state),
  );
  return parts.map((state) => `**${counts[state]}** ${stateName(state)}`).join(' · ');
}

function stateName(state: DisplayState): string {
  return state === 'not_planned' ? 'not planned' : state;
}

function spendLine(view: RunStatusView, tasks: Task[]): string {
  const spent = tasks.reduce((sum, task) => sum + (view.snapshot.attempts[task.number]?.costUsd ?? 0), 0);
  const budget = view.run?.budgetUsd ?? null;
  const byEpic = epicSpendLine(view.snapshot);
  if (budget === null) return `Spend: ${usd(spent)} (no budget set).${byEpic}`;
  const over =
    spent >= budget
      ? ' **Budget reached: no new attempt starts** (raise it with `/drover run --budget`).'
      : '';
  return `Spend: ${usd(spent)} of ${usd(budget)}.${over}${byEpic}`;
}

/** Spend per epic, when attempts of more than one epic (or of tasks without one) cost something. */
function epicSpendLine(snapshot: Snapshot): string {
  const spend = [...spendByEpic(snapshot)];
  if (spend.length === 0 || (spend.length === 1 && spend[0]?.[0] !== null)) return '';
  const parts = spend
    .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
    .map(([epic, amount]) => `${epic === null ? 'no epic' : markdownCell(epic)} ${usd(amount)}`);
  return ` By epic: ${parts.join(', ')}.`;
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/** The ETA paragraph: the planner's forecast of the run (shared by the status comment and `/drover plan`). */
export function etaSection(view: Pick<RunStatusView, 'plan' | 'now'>): string {
  return describeEta(estimateEta(view.plan, view.now));
}

/** The ETA sentence, with how it was computed (shared with `drover plan`). */
export function describeEta(eta: Eta): string {
  if (eta.kind === 'finished') return 'ETA: nothing left to run.';
  const excluded =
    eta.excluded.length > 0 ? ` Not counted (they need a person first): ${issueList(eta.excluded)}.` : '';
  if (eta.kind === 'stuck')
    return `ETA: none, as nothing left can run until a person acts: ${issueList(eta.excluded)} (see why each waits).`;
  if (eta.kind === 'unknown') return `ETA: unknown, ${eta.reason}.${excluded}`;
  const basis =
    eta.samples === 0
      ? `assuming ${formatDuration(eta.msPerUnit)} per estimate unit, as no attempt has finished yet`
      : `from ${eta.samples} measured attempt${eta.samples === 1 ? '' : 's'} (${formatDuration(eta.msPerUnit)} per estimate unit)`;
  const workers = `${eta.workers} worker${eta.workers === 1 ? '' : 's'}`;
  return [
    `ETA: **${formatInstant(eta.finishAt)}** (about ${formatDuration(eta.remainingMs)} from now; ` +
      `the critical path alone takes ${formatDuration(eta.criticalPathMs)}).`,
    `Computed by list-scheduling the remaining tasks on ${workers} in the order Drover starts them, ${basis}.${excluded}`,
  ].join(' ');
}

function criticalPathLine(plan: Plan, tasks: Task[]): string {
  const inScope = new Set(tasks.map((task) => task.number));
  const path = plan.criticalPath.filter((task) => inScope.has(task));
  if (path.length === 0) return '';
  return `Critical path: ${path.map((task) => `#${task}`).join(' → ')}`;
}

function issueList(issues: number[]): string {
  return issues.map((issue) => `#${issue}`).join(', ');
}

const GRAPH_OMITTED = `_The dependency graph is left out: it is too large to draw in a comment (more than ${MAX_GRAPH_NODES} tasks or ${MAX_COMMENT_CHARS} characters)._`;

function graphSection(tasks: Task[], states: Map<number, DisplayState>, plan: Plan): string {
  if (tasks.length === 0) return '';
  const graph = renderMermaidDag(tasks, states, plan.criticalPath);
  if (graph === null) return GRAPH_OMITTED;
  return ['### Dependency graph', '', '```mermaid', graph, '```'].join('\n');
}

function tableRows(
  view: RunStatusView,
  tasks: Task[],
  states: Map<number, DisplayState>,
  closed: Set<number>,
): string[] {
  const waiting = new Map(view.plan.waiting.map((entry) => [entry.task, entry]));
  const issues = new Map(view.snapshot.issues.map((issue) => [issue.number, issue]));
  return tasks.map((task) => {
    const attempt = view.snapshot.attempts[task.number]?.attempt ?? 0;
    // A closed blocker is known by number, title and state only.
    if (closed.has(task.number))
      return [
        `#${task.number}`,
        markdownCell(task.title),
        '',
        '',
        stateName(states.get(task.number) ?? 'done'),
        '',
        '',
      ].join(' | ');
    const pr = issues.get(task.number)?.closingPullRequests?.find((ref) => ref.state !== 'closed');
    const state = stateCell(states.get(task.number) ?? 'waiting', waiting.get(task.number));
    return [
      `#${task.number}`,
      markdownCell(task.title),
      task.epic === null ? '' : markdownCell(task.epic),
      String(task.priority),
      state,
      attemptsCell(attempt, view.config.max_attempts, view.snapshot.attempts[task.number]?.costUsd ?? 0),
      pr === undefined ? '' : pr.url ? `[#${pr.number}](${pr.url})` : `#${pr.number}`,
    ].join(' | ');
  });
}

/** Attempts made of the allowance, and what they cost when they cost anything. */
function attemptsCell(attempt: number, max: number, costUsd: number): string {
  if (costUsd <= 0) return `${attempt}/${max}`;
  // A done task's attempts are forgotten with their refs; what they cost is kept.
  return attempt === 0 ? usd(costUsd) : `${attempt}/${max} · ${usd(costUsd)}`;
}

const WAITING_WHY: Record<Waiting['why'], string> = {
  'blocker-open': 'on',
  'blocker-failed': 'on failed',
  'blocker-blocked': 'on blocked',
  'out-of-scope-blocker': 'on out-of-run',
  'not-planned-blocker': 'on not-planned',
  'retry-later': 'retry',
  cycle: 'cycle with',
  invalid: 'invalid',
  'no-worker': 'for a worker',
  'awaiting-approval': 'for approval',
};

function stateCell(state: DisplayState, waiting: Waiting | undefined): string {
  if (state !== 'waiting' || waiting === undefined) return stateName(state);
  if (waiting.why === 'awaiting-approval') return 'awaiting approval';
  const on = waiting.on.length > 0 ? ` ${issueList(waiting.on)}` : '';
  const until = waiting.until ? ` at ${formatInstant(waiting.until)}` : '';
  return `waiting (${WAITING_WHY[waiting.why]}${on}${until})`;
}

function finalSummary(view: RunStatusView, tasks: Task[], states: Map<number, DisplayState>): string {
  const started = view.run ? Date.parse(view.run.startedAt) : NaN;
  const took = Number.isNaN(started) ? '' : ` in ${formatDuration(view.now.getTime() - started)}`;
  const needPeople = tasks.filter((task) => ['failed', 'blocked'].includes(states.get(task.number) ?? ''));
  const lines = [`### Summary`, '', `The run ended${took}: ${countsLine(states)}.`];
  for (const task of needPeople) {
    const reason =
      view.snapshot.attempts[task.number]?.reason ??
      view.plan.fail.find((f) => f.task === task.number)?.reason;
    const why = reason ? `: ${markdownCell(reason, 200)}` : '';
    lines.push(
      `- #${task.number} ${states.get(task.number)}${why} (fix it, then \`/drover retry #${task.number}\`)`,
    );
  }
  return lines.join('\n');
}

const TABLE_HEADER = [
  '| # | Title | Epic | Priority | State | Attempts | PR |',
  '|---|---|---|---|---|---|---|',
];

/** Drops the graph, then table rows, until the body fits in one GitHub comment. */
function fitToComment(head: string[], graph: string, rows: string[]): string {
  const compose = (withGraph: boolean, shown: string[], hidden: number): string => {
    const table = shown.length === 0 ? [] : [...TABLE_HEADER, ...shown.map((row) => `| ${row} |`)];
    const more =
      hidden > 0 ? [`… and ${hidden} more task${hidden === 1 ? '' : 's'} (see \`drover status\`).`] : [];
    const sections = [...head, withGraph ? graph : GRAPH_OMITTED, [...table, ...more].join('\n')];
    return `${sections.filter((part) => part !== '').join('\n\n')}\n`;
  };
  const full = compose(true, rows, 0);
  if (full.length <= MAX_COMMENT_CHARS) return full;
  let shown = rows.length;
  let body = compose(false, rows, 0);
  while (body.length > MAX_COMMENT_CHARS && shown > 0) {
    shown = Math.floor(shown * 0.9);
    body = compose(false, rows.slice(0, shown), rows.length - shown);
  }
  return body;
}
