/**
 * `/drover reset #N… | --failed`: those tasks start over with a full allowance of attempts (their
 * attempt history is kept; numbering goes on). A task whose attempt is running, or whose pull
 * request is open, is refused: cancel or close it first. Done tasks and non-tasks are reported.
 */
import { nextAttemptNumber } from '../../core/attempt-history.js';
import type { TaskOverride } from '../../core/control-record.js';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import type { ResetTarget } from './parse-command.js';
import { taskRefusal } from './task-refusal.js';

export async function resetTasks(target: ResetTarget, context: CommandContext): Promise<CommandOutcome> {
  const progress = context.plan.progress;
  const chosen =
    target.kind === 'failed'
      ? [...progress.values()].filter((entry) => entry.phase === 'failed').map((entry) => entry.task)
      : target.tasks;
  if (chosen.length === 0) return { reply: 'No task has failed: nothing to reset.', reconcile: false };
  const overrides: Record<string, TaskOverride> = {};
  const skipped: string[] = [];
  for (const task of chosen) {
    const refusal = taskRefusal(task, context) ?? phaseRefusal(task, progress.get(task)?.phase);
    if (refusal !== null) {
      skipped.push(refusal);
      continue;
    }
    const afterAttempt = nextAttemptNumber(progress.get(task)?.attempts ?? []) - 1;
    overrides[String(task)] = {
      kind: 'reset',
      afterAttempt,
      allowance: context.state.config.max_attempts,
      by: context.author,
      at: context.now.toISOString(),
    };
  }
  const reset = Object.keys(overrides).map(Number);
  if (reset.length > 0)
    await changeControl(
      context.gateway,
      context.session,
      (record) => ({
        ...record,
        overrides: { ...record.overrides, ...overrides },
      }),
      { command: context.commentId },
    );
  const done =
    reset.length === 0
      ? 'Nothing was reset.'
      : `Reset ${reset.map((n) => `#${n}`).join(', ')}: they start again with ${context.state.config.max_attempts} attempts.`;
  return {
    reply: skipped.length === 0 ? done : `${done} Skipped: ${skipped.join('; ')}.`,
    reconcile: reset.length > 0,
  };
}

function phaseRefusal(task: number, phase: string | undefined): string | null {
  if (phase === 'running') return `#${task} has an attempt running: wait for it, or \`/drover cancel\``;
  if (phase === 'review' || phase === 'settling')
    return `#${task} has work waiting to merge: close its pull request first`;
  if (phase === 'closed') return `#${task} is closed`;
  return null;
}
