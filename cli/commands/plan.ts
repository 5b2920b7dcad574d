/** `drover plan [--epic x] [--workers N]`: the schedule the planner would follow, read-only. */
import type { CommandContext } from '../command-context.js';
import { renderPlan } from '../render-plan.js';
import { loadTaskState } from '../task-state.js';

export async function planCommand(
  context: CommandContext,
  options: { epic?: string; workers?: number },
): Promise<void> {
  const state = await loadTaskState(context.client, context.repo, options);
  context.out(renderPlan(`${context.repo.owner}/${context.repo.repo}`, state));
}
