/**
 * `/drover retry #N`: give a failed or blocked task one more attempt now. The attempt history
 * (count, durations, spend, WIP branch, last reason) is kept; the retry time is cleared, and a
 * failed outcome is cleared so exhausted attempts no longer mark it failed: the next attempt
 * is number n+1 even past `max_attempts`, and if it fails too the task is failed again.
 * The record is written before the label goes, so a crash in between leaves the task failed
 * (visible, and the command can simply be given again), never half-retried.
 */
import { attemptsExhausted } from '../../core/backoff.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

export async function retryTask(task: number, context: CommandContext): Promise<CommandOutcome> {
  const snapshot = await context.loadSnapshot();
  const found = buildTaskModel(snapshot, context.config).tasks.get(task);
  if (found === undefined)
    return {
      reply: `#${task} is not a Drover task (no \`${context.config.labels.task}\` label).`,
      reconcile: false,
    };
  if (found.parent !== null) {
    return {
      reply: `#${task} runs inside its parent #${found.parent}: retry that one with \`/drover retry #${found.parent}\`.`,
      reconcile: false,
    };
  }
  const record = snapshot.attempts[task];
  const exhausted =
    record !== undefined &&
    attemptsExhausted(record.attempt, record.lastOutcome, context.config.max_attempts);
  if (found.status !== 'failed' && found.status !== 'blocked' && !exhausted) {
    return {
      reply: `#${task} is ${found.status.replace('_', ' ')}, not failed or blocked: there is nothing to retry.`,
      reconcile: false,
    };
  }
  if (record !== undefined) {
    const lastOutcome = record.lastOutcome === 'success' ? 'success' : null;
    await context.gateway.writeAttempt(task, { ...record, nextRetryAt: null, lastOutcome });
  }
  const { failed, blocked } = context.config.labels;
  await context.gateway.setLabels(task, { remove: [failed, blocked] });
  const when =
    snapshot.run === null || snapshot.run.cancelled ? ' It runs once a run is active (`/drover run`).' : '';
  return {
    reply: `#${task} will be retried (attempt ${(record?.attempt ?? 0) + 1}); its earlier attempts are kept.${when}`,
    reconcile: true,
  };
}
