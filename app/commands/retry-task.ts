/**
 * `/drover retry #N`: give a failed or blocked task one more attempt now. The attempts so far
 * are kept (history, spend, partial work); the override in the control record lets one more
 * attempt count, and if it fails too the task is failed again.
 */
import { nextAttemptNumber } from '../../core/attempt-history.js';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { taskRefusal } from './task-refusal.js';

export async function retryTask(task: number, context: CommandContext): Promise<CommandOutcome> {
  const refusal = taskRefusal(task, context);
  if (refusal !== null) return { reply: refusal, reconcile: false };
  const progress = context.plan.progress.get(task);
  if (progress === undefined || (progress.phase !== 'failed' && progress.phase !== 'blocked')) {
    return {
      reply: `#${task} is ${progress?.phase ?? 'not started'}, not failed or blocked: there is nothing to retry.`,
      reconcile: false,
    };
  }
  const afterAttempt = nextAttemptNumber(progress.attempts) - 1;
  await changeControl(
    context.gateway,
    context.session,
    (record) => ({
      ...record,
      overrides: {
        ...record.overrides,
        [String(task)]: {
          kind: 'retry',
          afterAttempt,
          allowance: 1,
          by: context.author,
          at: context.now.toISOString(),
        },
      },
    }),
    { command: context.commentId },
  );
  const run = context.state.control.run;
  const when =
    run === null || run.cancelled || run.endedAt ? ' It runs once a run is active (`/drover run`).' : '';
  return {
    reply: `#${task} will be retried (one more attempt); its earlier attempts are kept.${when}`,
    reconcile: true,
  };
}
