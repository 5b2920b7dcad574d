/** `drover plan [--epic x] [--workers N]`: the schedule the planner would follow, read-only. */
import { resolveEpic } from '../../app/commands/resolve-epic.js';
import { listEpics } from '../../app/status/run-scope.js';
import { normaliseEpic } from '../../core/normalise-epic.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { renderPlan } from '../render-plan.js';
import { loadTaskState, type TaskState } from '../task-state.js';

export async function planCommand(
  context: CommandContext,
  options: { epic?: string; workers?: number },
): Promise<void> {
  const state = await loadTaskState(context.client, context.repo, options);
  if (options.epic !== undefined) requireKnownEpic(options.epic, state);
  context.out(renderPlan(`${context.repo.owner}/${context.repo.repo}`, state));
}

/** A plan for an epic no task is in would show nothing, as if that epic were done: refuse it. */
function requireKnownEpic(requested: string, state: TaskState): void {
  const resolution = resolveEpic(requested, listEpics([...state.model.tasks.values()]));
  if (resolution.kind === 'found') return;
  const known =
    resolution.known.length === 0
      ? 'no task has an epic:<name> label yet'
      : `the epics are ${resolution.known.join(', ')}`;
  const label = `epic:${normaliseEpic(requested) ?? requested}`;
  throw new CliError(`--epic ${requested}: no task has the label ${label}; ${known}.`);
}
