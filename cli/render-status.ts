/**
 * `drover status` as text for a terminal: counts by state, then every task (or, with `tree`,
 * the tasks grouped by epic with their sub-issues under them), each with its state and what
 * it waits on. Pure: everything comes from the arguments.
 */
import { displayStates, DISPLAY_STATES, type DisplayState } from '../app/status/task-display-state.js';
import { tasksInScope } from '../app/status/run-scope.js';
import type { Task, Waiting } from '../core/types.js';
import type { ClosedTask, TaskState } from './task-state.js';

export interface StatusView {
  repo: string;
  state: TaskState;
  closed: ClosedTask[];
  tree: boolean;
  /** The tasks on the server's web pages (github.com, GHES or the simulator). */
  issuesUrl?: string;
  /** How a task is named (default `#N`; a backlog preview names tasks by their ids). */
  name?: (number: number) => string;
}

interface Row {
  number: number;
  title: string;
  state: DisplayState;
  note: string;
  epic: string | null;
  parent: number | null;
}

export function renderStatus(view: StatusView): string {
  const rows = statusRows(view);
  const counts = DISPLAY_STATES.map(
    (state) => [state, rows.filter((row) => row.state === state).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state.replace('_', ' ')}`);
  const { run, preview } = view.state;
  const scope = run.epic === null ? 'all tasks' : `epic ${run.epic}`;
  const header = [
    `${view.repo}: ${rows.length} task(s)${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`,
    preview
      ? `No run is active (a /drover run over ${scope} would use ${run.workers} workers).`
      : `Run ${run.id} over ${scope}, ${run.workers} workers, started by @${run.startedBy}.`,
  ];
  if (rows.length === 0)
    return [...header, '', 'No task in scope: label issues "drover" (or import a backlog) to add some.'].join(
      '\n',
    );
  const name = view.name ?? ((number: number) => `#${number}`);
  const body = view.tree ? treeLines(rows, name) : rows.map((row) => rowLine(row, '', name));
  const problems = view.state.model.problems.map((problem) => `problem: ${problem.message}`);
  const link = view.issuesUrl ? ['', `Issues: ${view.issuesUrl}`] : [];
  return [...header, '', ...body, ...(problems.length > 0 ? ['', ...problems] : []), ...link].join('\n');
}

function statusRows(view: StatusView): Row[] {
  const name = view.name ?? ((number: number) => `#${number}`);
  const { model, plan, run } = view.state;
  const tasks = tasksInScope([...model.tasks.values()], run);
  const states = displayStates(tasks, plan);
  const waiting = new Map(plan.waiting.map((entry) => [entry.task, entry]));
  const failing = new Map(plan.fail.map((entry) => [entry.task, entry.reason]));
  const open: Row[] = tasks.map((task: Task) => ({
    number: task.number,
    title: task.title,
    state: states.get(task.number) ?? 'waiting',
    note: failing.get(task.number) ?? waitingNote(waiting.get(task.number), name),
    epic: task.epic,
    parent: task.parent,
  }));
  const known = new Set(open.map((row) => row.number));
  const closed: Row[] = view.closed
    .filter((task) => !known.has(task.number) && (run.epic === null || task.epic === run.epic))
    .map((task) => ({
      number: task.number,
      title: task.title,
      state: task.notPlanned ? 'not_planned' : 'done',
      note: '',
      epic: task.epic,
      parent: null,
    }));
  return [...open, ...closed].sort((a, b) => a.number - b.number);
}

const WHY: Record<Waiting['why'], string> = {
  'blocker-open': 'waits for',
  'blocker-failed': 'waits for failed',
  'blocker-blocked': 'waits for blocked',
  'out-of-scope-blocker': 'waits for',
  'not-planned-blocker': 'waits for',
  'retry-later': 'retries',
  cycle: 'on a cycle with',
  invalid: 'has a problem',
  'no-worker': 'waits for a free worker',
  'awaiting-approval': 'awaiting approval',
};

const SUFFIX: Partial<Record<Waiting['why'], string>> = {
  'out-of-scope-blocker': 'outside the run',
  'not-planned-blocker': 'closed as not planned',
};

function waitingNote(waiting: Waiting | undefined, name: (number: number) => string): string {
  if (!waiting) return '';
  const on = waiting.on.map(name).join(', ');
  if (waiting.why === 'retry-later') return `retries at ${waiting.until ?? 'a later time'}`;
  const suffix = SUFFIX[waiting.why];
  return `${[WHY[waiting.why], on].filter(Boolean).join(' ')}${suffix ? `, ${suffix}` : ''}`;
}

function rowLine(row: Row, indent: string, name: (number: number) => string): string {
  const note = row.note ? `  (${row.note})` : '';
  return `${indent}${name(row.number)} ${row.state.replace('_', ' ').padEnd(11)} ${row.title}${note}`;
}

function treeLines(rows: Row[], name: (number: number) => string): string[] {
  const children = new Map<number, Row[]>();
  for (const row of rows)
    if (row.parent !== null) children.set(row.parent, [...(children.get(row.parent) ?? []), row]);
  const topLevel = rows.filter(
    (row) => row.parent === null || !rows.some((other) => other.number === row.parent),
  );
  const epics = [...new Set(topLevel.map((row) => row.epic))].sort((a, b) =>
    (a ?? '\uffff').localeCompare(b ?? '\uffff'),
  );
  const lines: string[] = [];
  for (const epic of epics) {
    lines.push(epic === null ? 'no epic' : `epic:${epic}`);
    const members = topLevel.filter((row) => row.epic === epic);
    members.forEach((row, index) => {
      const last = index === members.length - 1;
      lines.push(rowLine(row, last ? '└─ ' : '├─ ', name));
      const kids = children.get(row.number) ?? [];
      kids.forEach((kid, kidIndex) =>
        lines.push(
          rowLine(kid, `${last ? '   ' : '│  '}${kidIndex === kids.length - 1 ? '└─ ' : '├─ '}`, name),
        ),
      );
    });
  }
  return lines;
}
