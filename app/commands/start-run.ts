/**
 * `/drover run [epic] [--workers N] [--budget USD]`: record a run on the dashboard issue. A new
 * run replaces the active one (its attempts keep running and count against the new run's
 * workers). The run id comes from the comment id, so a redelivered webhook rewrites the same run.
 */
import { buildTaskModel } from '../../core/task-model.js';
import type { RunRecord } from '../../core/types.js';
import { listEpics } from '../status/run-scope.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import type { ParsedCommand } from './parse-command.js';
import { resolveEpic } from './resolve-epic.js';

type RunCommand = Extract<ParsedCommand, { kind: 'run' }>;

export async function startRun(command: RunCommand, context: CommandContext): Promise<CommandOutcome> {
  const snapshot = await context.loadSnapshot();
  const tasks = [...buildTaskModel(snapshot, context.config).tasks.values()];
  let epic: string | null = null;
  if (command.epic !== null) {
    const resolution = resolveEpic(command.epic, listEpics(tasks));
    if (resolution.kind === 'unknown')
      return { reply: unknownEpicText(command.epic, resolution.known), reconcile: false };
    epic = resolution.epic;
  }
  const run: RunRecord = {
    id: `run-${context.commentId}`,
    epic,
    workers: command.workers ?? context.config.workers,
    budgetUsd: command.budgetUsd ?? context.config.budget_usd,
    paused: false,
    cancelled: false,
    startedBy: context.author,
    startedAt: context.now.toISOString(),
  };
  const previous = snapshot.run;
  if (previous?.id === run.id) return { reply: startedText(run, null), reconcile: true };
  await context.gateway.writeRun(run);
  const replaced = previous !== null && !previous.cancelled ? previous : null;
  return { reply: startedText(run, replaced), reconcile: true };
}

function unknownEpicText(requested: string, known: string[]): string {
  const list =
    known.length === 0
      ? 'no task has an `epic:<name>` label yet'
      : `the epics are ${known.map(inlineCode).join(', ')}`;
  return `There is no epic ${inlineCode(requested)}: ${list}. Nothing was started.`;
}

function startedText(run: RunRecord, replaced: RunRecord | null): string {
  const scope = run.epic === null ? 'all tasks' : `epic ${inlineCode(run.epic)}`;
  const budget = run.budgetUsd === null ? 'no budget limit' : `a budget of $${run.budgetUsd.toFixed(2)}`;
  const replacing = replaced === null ? '' : ` It replaces run \`${replaced.id}\`.`;
  return `Started run \`${run.id}\` over ${scope} with ${run.workers} worker${run.workers === 1 ? '' : 's'} and ${budget}.${replacing} Progress is kept in the run's status comment.`;
}

/** Epic names come from labels and comments: a backtick in one must not end the code span. */
function inlineCode(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, '')}\``;
}
