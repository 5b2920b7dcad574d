/**
 * One `issue_comment.created`: if it holds a `/drover` command from someone allowed to give it,
 * carry it out and answer. Bots (our own app included) are ignored without a word; people
 * without the configured permission get one polite refusal; malformed commands get the usage.
 * Every answer is one comment keyed by the command's comment id, so a redelivered webhook
 * edits it instead of answering twice.
 */
import type { DroverConfig } from '../../core/config.js';
import type { RepoGateway } from '../../core/gateway.js';
import type { Snapshot } from '../../core/types.js';
import { isIgnoredAuthor, meetsPermission, refusalText, type CommentAuthor } from './authorize-commenter.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { COMMAND_USAGE } from './command-usage.js';
import { cancelRun, pauseRun, resumeRun } from './control-run.js';
import { describeRun } from './describe-run.js';
import { isCommandError, parseCommand, type ParsedCommand } from './parse-command.js';
import { resetTasks } from './reset-tasks.js';
import { retryTask } from './retry-task.js';
import { startRun } from './start-run.js';

export interface HandleCommandInput {
  gateway: RepoGateway;
  config: DroverConfig;
  issue: number;
  comment: { id: number; body: string } & CommentAuthor;
  ownAppId: number;
  now: Date;
  loadSnapshot: () => Promise<Snapshot>;
}

export interface HandleCommandResult {
  /** Was the comment a command Drover answered (refusals and usage messages included)? */
  handled: boolean;
  /** Should the caller reconcile the repository now? */
  reconcile: boolean;
}

const IGNORED: HandleCommandResult = { handled: false, reconcile: false };

/** The key of the answer to one command comment (see `RepoGateway.upsertComment`). */
export function replyKey(commentId: number): string {
  return `reply-${commentId}`;
}

export async function handleCommand(input: HandleCommandInput): Promise<HandleCommandResult> {
  const { comment, gateway, config } = input;
  if (isIgnoredAuthor(comment, input.ownAppId)) return IGNORED;
  const parsed = parseCommand(comment.body);
  if (parsed === null) return IGNORED;
  const answer = (text: string) =>
    gateway.upsertComment(input.issue, replyKey(comment.id), `@${comment.author} ${text}`);

  const minimum = config.trust.min_permission;
  const permission = await gateway.getPermission(comment.author);
  if (!meetsPermission(permission, minimum)) {
    await answer(refusalText(permission, minimum));
    return { handled: true, reconcile: false };
  }
  if (isCommandError(parsed)) {
    await answer(`${parsed.message}\n\n${parsed.usage}`);
    return { handled: true, reconcile: false };
  }
  const context: CommandContext = {
    gateway,
    config,
    issue: input.issue,
    commentId: comment.id,
    author: comment.author,
    now: input.now,
    loadSnapshot: input.loadSnapshot,
  };
  const outcome = await execute(parsed, context).catch(async (error: unknown) => {
    // Tell the person the command did not go through, then let the caller log the error.
    const reason = error instanceof Error ? error.message : String(error);
    await answer(`\`/drover ${parsed.kind}\` did not complete: ${reason}. It is safe to give it again.`);
    throw error;
  });
  await answer(outcome.reply);
  return { handled: true, reconcile: outcome.reconcile };
}

function execute(command: ParsedCommand, context: CommandContext): Promise<CommandOutcome> {
  switch (command.kind) {
    case 'run':
      return startRun(command, context);
    case 'status':
    case 'plan':
      return describeRun(command.kind, context);
    case 'pause':
      return pauseRun(context);
    case 'resume':
      return resumeRun(context);
    case 'cancel':
      return cancelRun(context);
    case 'retry':
      return retryTask(command.task, context);
    case 'reset':
      return resetTasks(command.target, context);
    case 'help':
      return Promise.resolve({ reply: `Drover commands:\n\n${COMMAND_USAGE}`, reconcile: false });
  }
}
