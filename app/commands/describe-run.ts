/** `/drover status` and `/drover plan`: read-only answers from what the controller would do now. */
import { buildTaskModel } from '../../core/task-model.js';
import { schedulingSnapshot } from '../../core/plan/schedule-input.js';
import { renderPlanPreview } from '../status/render-plan-preview.js';
import { renderStatusComment } from '../status/status-comment.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

export function describeRun(kind: 'status' | 'plan', context: CommandContext): CommandOutcome {
  const { state, plan, now } = context;
  const view = {
    state,
    schedule: plan.schedule,
    progress: plan.progress,
    stuck: plan.stuck,
    reviewWaits: plan.reviewWaits,
    verdict: plan.verdict,
    now,
  };
  if (kind === 'status') return { reply: renderStatusComment(view).body, reconcile: false };
  const snapshot = schedulingSnapshot(state, plan.progress, now);
  const reply = renderPlanPreview({
    run: state.control.run,
    snapshot,
    plan: plan.schedule,
    tasks: buildTaskModel(snapshot, state.config).tasks,
    config: state.config,
    now,
    problems: plan.schedule.problems,
  });
  return { reply, reconcile: false };
}
