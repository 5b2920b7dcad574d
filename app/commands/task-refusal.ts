/** Why a command naming task #N cannot act on it (not a task, or a sub-issue), or null. */
import type { CommandContext } from './command-context.js';

export function taskRefusal(task: number, context: CommandContext): string | null {
  const issue = context.state.issues.find((candidate) => candidate.number === task);
  const label = context.state.config.labels.task;
  if (issue === undefined)
    return `#${task} is not a Drover task (an open issue with the \`${label}\` label).`;
  const parent = issue.parent?.number;
  if (parent !== undefined && context.state.issues.some((candidate) => candidate.number === parent))
    return `#${task} runs inside its parent #${parent}: give the command for #${parent}.`;
  return null;
}
