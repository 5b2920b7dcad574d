/**
 * `/drover run [epic] [--workers N] [--budget USD]`: record a run in the control record. A new
 * run replaces the active one (its attempts keep running and count against the new run's
 * workers). The run id comes from the comment id. The first run creates the dashboard issue that
 * carries the run's status comment.
 */
import { normaliseEpic } from '../../core/normalise-epic.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { RunRecord } from '../../core/types.js';
import { schedulingSnapshot } from '../../core/plan/schedule-input.js';
import { composeBody } from '../github/markers.js';
import { STATUS_KEY } from '../reconcile/apply/write-views.js';
import { changeControl } from '../reconcile/control-store.js';
import { listEpics } from '../status/run-scope.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import type { ParsedCommand } from './parse-command.js';
import { resolveEpic } from './resolve-epic.js';

type RunCommand = Extract<ParsedCommand, { kind: 'run' }>;

export const DASHBOARD_TITLE = 'Drover dashboard';
const DASHBOARD_TEXT =
  'Drover keeps the status of the current `/drover run` here, in one comment it edits as the run goes. Comment `/drover status` for a fresh copy, `/drover help` for the commands.';

export async function startRun(command: RunCommand, context: CommandContext): Promise<CommandOutcome> {
  const { state } = context;
  let epic: string | null = null;
  if (command.epic !== null) {
    const tasks = [
      ...buildTaskModel(schedulingSnapshot(state, new Map(), context.now), state.config).tasks.values(),
    ];
    const resolution = resolveEpic(command.epic, listEpics(tasks));
    if (resolution.kind === 'unknown')
      return { reply: unknownEpicText(command.epic, resolution.known), reconcile: false };
    epic = resolution.epic;
  }
  const run: RunRecord = {
    id: `run-${context.commentId}`,
    epic,
    workers: command.workers ?? state.config.workers,
    budgetUsd:
      command.budgetUsd ?? epicBudget(state.config.epic_budgets_usd, epic) ?? state.config.budget_usd,
    paused: false,
    cancelled: false,
    startedBy: context.author,
    startedAt: context.now.toISOString(),
    endedAt: null,
  };
  const previous = state.control.run;
  const issue = state.control.dashboard?.issue ?? (await createDashboard(context));
  // The status comment is made here, with the run, so the record is written once (not again when
  // the first status is posted): two content-creating requests fewer per run.
  const statusComment = state.control.dashboard?.statusComment ?? (await createStatusComment(context, issue));
  const dashboard = { issue, statusComment };
  await changeControl(
    context.gateway,
    context.session,
    (record) => ({
      ...record,
      run,
      dashboard: record.dashboard?.statusComment ? record.dashboard : dashboard,
    }),
    { command: context.commentId },
  );
  const replaced = previous !== null && !previous.cancelled && !previous.endedAt ? previous : null;
  return { reply: startedText(run, replaced, dashboard.issue), reconcile: true };
}

async function createDashboard(context: CommandContext): Promise<number> {
  return context.gateway.issues.create({
    title: DASHBOARD_TITLE,
    body: DASHBOARD_TEXT,
    labels: [`${context.state.config.labels.task}:dashboard`],
  });
}

async function createStatusComment(context: CommandContext, issue: number): Promise<number> {
  const body = composeBody('Drover is starting the run…', STATUS_KEY);
  const { id } = await context.gateway.comments.create(issue, body);
  // Nothing written yet as far as the planner knows: the first status replaces this at once.
  context.session.status = { commentId: id, body: null, signature: null, writtenAt: null };
  return id;
}

function unknownEpicText(requested: string, known: string[]): string {
  const list =
    known.length === 0
      ? 'no task has an `epic:<name>` label yet'
      : `the epics are ${known.map(inlineCode).join(', ')}`;
  return `There is no epic ${inlineCode(requested)}: ${list}. Nothing was started.`;
}

function startedText(run: RunRecord, replaced: RunRecord | null, dashboard: number): string {
  const scope = run.epic === null ? 'all tasks' : `epic ${inlineCode(run.epic)}`;
  const budget = run.budgetUsd === null ? 'no budget limit' : `a budget of $${run.budgetUsd.toFixed(2)}`;
  const replacing = replaced === null ? '' : ` It replaces run \`${replaced.id}\`.`;
  return `Started run \`${run.id}\` over ${scope} with ${run.workers} worker${run.workers === 1 ? '' : 's'} and ${budget}.${replacing} Progress is kept in the status comment on #${dashboard}.`;
}

/** Epic names come from labels and comments: a backtick in one must not end the code span. */
function inlineCode(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, '')}\``;
}

/** The config's default budget for a run over `epic` (`epic_budgets_usd`, names compared as epics), if any. */
export function epicBudget(budgets: Readonly<Record<string, number>>, epic: string | null): number | null {
  if (epic === null) return null;
  const wanted = normaliseEpic(epic)?.toLowerCase();
  for (const [name, budget] of Object.entries(budgets))
    if (normaliseEpic(name)?.toLowerCase() === wanted) return budget;
  return null;
}
