/** `/drover status` and `/drover plan`: read-only views, computed fresh from a snapshot. */
import { plan } from '../../core/plan.js';
import { buildTaskModel } from '../../core/task-model.js';
import { renderPlanPreview } from '../status/render-plan-preview.js';
import { renderRunStatusBody } from '../status/render-run-status.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

export async function describeRun(kind: 'status' | 'plan', context: CommandContext): Promise<CommandOutcome> {
  const snapshot = await context.loadSnapshot();
  const model = buildTaskModel(snapshot, context.config);
  const planned = plan(snapshot, context.config, context.now);
  const view = {
    run: snapshot.run,
    snapshot,
    plan: planned,
    tasks: model.tasks,
    config: context.config,
    now: context.now,
    problems: planned.problems,
  };
  const reply =
    kind === 'status' ? renderRunStatusBody({ ...view, repo: snapshot.repo }) : renderPlanPreview(view);
  return { reply, reconcile: false };
}
