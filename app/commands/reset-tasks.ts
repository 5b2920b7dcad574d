/**
 * `/drover reset #N… | --failed`: forget Drover's state of those tasks (attempt history, retry
 * time, state labels) so they start from attempt 1. A running task's attempt is cancelled
 * first. A task in review is refused: its pull request is open, and a fresh attempt would
 * duplicate it (close the PR first). Done tasks and issues that are not tasks are reported.
 */
import { attemptsExhausted } from '../../core/backoff.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { Snapshot, Task } from '../../core/types.js';
import { emptyAttemptRecord } from '../github/record-schemas.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import type { ResetTarget } from './parse-command.js';

export async function resetTasks(target: ResetTarget, context: CommandContext): Promise<CommandOutcome> {
  const snapshot = await context.loadSnapshot();
  const tasks = buildTaskModel(snapshot, context.config).tasks;
  const chosen =
    target.kind === 'failed'
      ? failedTasks(tasks, snapshot.attempts, context.config.max_attempts)
      : target.tasks;
  if (chosen.length === 0) return { reply: 'No task has failed: nothing to reset.', reconcile: false };
  const { running, review, blocked, failed } = context.config.labels;
  const reset: number[] = [];
  const skipped: string[] = [];
  for (const number of chosen) {
    const task = tasks.get(number);
    const refusal = refusalFor(number, task);
    if (refusal !== null) {
      skipped.push(refusal);
      continue;
    }
    for (const inFlight of snapshot.inFlight.filter((run) => run.task === number)) {
      await context.gateway.cancelRun(inFlight.runId);
    }
    if (snapshot.attempts[number] !== undefined)
      await context.gateway.writeAttempt(number, emptyAttemptRecord());
    await context.gateway.setLabels(number, { remove: [running, review, blocked, failed] });
    reset.push(number);
  }
  return { reply: resetText(reset, skipped), reconcile: reset.length > 0 };
}

function failedTasks(
  tasks: Map<number, Task>,
  attempts: Snapshot['attempts'],
  maxAttempts: number,
): number[] {
  return [...tasks.values()]
    .filter((task) => {
      const record = attempts[task.number];
      return (
        task.status === 'failed' ||
        (record !== undefined && attemptsExhausted(record.attempt, record.lastOutcome, maxAttempts))
      );
    })
    .map((task) => task.number);
}

function refusalFor(number: number, task: Task | undefined): string | null {
  if (task === undefined) return `#${number} is not a Drover task`;
  if (task.status === 'review') return `#${number} has an open pull request: close it first, then reset`;
  if (task.status === 'done' || task.status === 'not_planned') return `#${number} is closed`;
  return null;
}

function resetText(reset: number[], skipped: string[]): string {
  const done =
    reset.length === 0
      ? 'Nothing was reset.'
      : `Reset ${reset.map((n) => `#${n}`).join(', ')}: they start again from attempt 1.`;
  return skipped.length === 0 ? done : `${done} Skipped: ${skipped.join('; ')}.`;
}
