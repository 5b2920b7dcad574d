/**
 * `/drover approve #N`: a trusted person approves the task and its text as they are now (the
 * approval model, core/approval.ts). Changes made before this moment, by anyone, are approved;
 * changes after it must again come from people with the trust level. A task the action refused
 * because its text changed after dispatch (outcome `blocked`) gets one more attempt too.
 */
import { nextAttemptNumber } from '../../core/attempt-history.js';
import type { ControlRecord } from '../../core/control-record.js';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { taskRefusal } from './task-refusal.js';

export async function approveTask(task: number, context: CommandContext): Promise<CommandOutcome> {
  const refusal = taskRefusal(task, context);
  if (refusal !== null) return { reply: refusal, reconcile: false };
  const at = context.now.toISOString();
  const progress = context.plan.progress.get(task);
  const retry = progress?.phase === 'blocked';
  await changeControl(
    context.gateway,
    context.session,
    (record): ControlRecord => {
      const approved: ControlRecord = {
        ...record,
        approvals: { ...record.approvals, [String(task)]: { by: context.author, at } },
      };
      if (!retry) return approved;
      const afterAttempt = nextAttemptNumber(progress.attempts) - 1;
      const override = { kind: 'retry' as const, afterAttempt, allowance: 1, by: context.author, at };
      return { ...approved, overrides: { ...record.overrides, [String(task)]: override } };
    },
    { command: context.commentId },
  );
  const again = retry ? ' It was blocked: it gets one more attempt.' : '';
  return {
    reply: `#${task} is approved as it reads now (its title and body, and those of its open sub-issues).${again}`,
    reconcile: true,
  };
}
