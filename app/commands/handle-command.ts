/**
 * One `issue_comment.created`: if it holds a `/drover` command, act on it once and answer.
 * - Bots (our own app included, known by app id) are ignored without a word.
 * - The comment is claimed with a reaction: GitHub answers 201 to the first and 200 after, so a
 *   redelivered or replayed webhook, or a second controller, does nothing (docs/control-loop.md §4).
 * - Only people with the configured permission command; others get one polite refusal per issue,
 *   and a reaction after that. A broken config refuses the commands that start work, with its
 *   problems, and requires admin for the others (fail closed).
 */
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { RepoGateway } from '../../core/gateway/index.js';
import type { ReconcilePlan } from '../../core/plan/plan-reconcile.js';
import type { RepoState } from '../../core/repo-state.js';
import { appliedCommand } from '../../core/control-record.js';
import { composeBody, keyMarker, replyKey } from '../github/markers.js';
import type { RepoSession } from '../reconcile/repo-session.js';
import { isIgnoredAuthor, meetsPermission, refusalText, type CommentAuthor } from './authorize-commenter.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { COMMAND_USAGE } from './command-usage.js';
import { cancelRun, pauseRun, resumeRun } from './control-run.js';
import { describeRun } from './describe-run.js';
import { isCommandError, parseCommand, type ParsedCommand } from './parse-command.js';
import { resetTasks } from './reset-tasks.js';
import { cleanupRefs } from './cleanup-refs.js';
import { requestRevision } from './request-revision.js';
import { requestSpec } from './request-spec.js';
import { retryTask } from './retry-task.js';
import { approveTask } from './approve-task.js';
import { startRun } from './start-run.js';

export interface HandleCommandInput {
  gateway: RepoGateway;
  session: RepoSession;
  issue: number;
  comment: { id: number; body: string } & CommentAuthor;
  ownAppId: number;
  now: Date;
  /** Observes the repository and plans (without applying): called only for a real command. */
  look: () => Promise<{ state: RepoState; plan: ReconcilePlan }>;
  /**
   * The comment carries our claim, made by a controller that died before answering it (found by
   * a full read, docs/control-loop.md §4): take it up again without claiming it.
   */
  recover?: boolean;
}

export interface HandleCommandResult {
  /** Was the comment a command Drover answered (refusals and usage messages included)? */
  handled: boolean;
  /** Should the caller reconcile the repository now? */
  reconcile: boolean;
}

const IGNORED: HandleCommandResult = { handled: false, reconcile: false };

/** Commands that start or restart work: refused while the config is broken. */
const STARTS_WORK: ReadonlySet<ParsedCommand['kind']> = new Set([
  'run',
  'resume',
  'retry',
  'reset',
  'spec',
  'revise',
  'approve',
]);

export async function handleCommand(input: HandleCommandInput): Promise<HandleCommandResult> {
  const { comment, gateway } = input;
  if (isIgnoredAuthor(comment, input.ownAppId)) return IGNORED;
  const parsed = parseCommand(comment.body);
  if (parsed === null) return IGNORED;
  if (!input.recover && (await claimComment(gateway, comment.id)) === 'exists')
    return { handled: true, reconcile: false };
  const { state, plan } = await input.look();
  const broken = state.configProblems.length > 0;
  const minimum = broken ? 'admin' : state.config.trust.min_permission;
  const permission = await gateway.repository.permission(comment.author);
  const answer = (text: string) => reply(gateway, input.issue, comment, text);
  if (!meetsPermission(permission, minimum)) {
    await refuseOnce(gateway, input.issue, comment, refusalText(permission, minimum));
    return { handled: true, reconcile: false };
  }
  if (isCommandError(parsed)) {
    await answer(`${parsed.message}\n\n${parsed.usage}`);
    return { handled: true, reconcile: false };
  }
  if (broken && STARTS_WORK.has(parsed.kind)) {
    await answer(brokenConfigText(parsed.kind, state.configProblems));
    return { handled: true, reconcile: false };
  }
  if (input.recover && appliedCommand(state.control, comment.id)) {
    // It changed the record, then its controller died before answering: only the answer is missing.
    await answer(`\`/drover ${parsed.kind}\` was carried out.`);
    return { handled: true, reconcile: true };
  }
  const context: CommandContext = {
    gateway,
    session: input.session,
    state,
    plan,
    issue: input.issue,
    commentId: comment.id,
    author: comment.author,
    now: input.now,
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

/** The claim is tried again this often on a 5xx or no answer (GitHub delivers the webhook once). */
const CLAIM_TRIES = 3;

/**
 * Claims the comment with the 👀 reaction. A fault on the claim must not lose the command (GitHub
 * does not deliver the webhook again): try again, and when the claim found after a fault is
 * there (`exists`), it is taken as ours, since the faulted request may have made it. The price
 * is that, should another instance claim the same comment in that window, both carry it out;
 * every command is a compare-and-swap of the control record keyed by the comment, so the record
 * ends the same either way.
 */
async function claimComment(gateway: RepoGateway, commentId: number): Promise<'created' | 'exists'> {
  for (let attempt = 1; ; attempt++) {
    try {
      const claim = await gateway.comments.react(commentId, 'eyes');
      return attempt > 1 ? 'created' : claim;
    } catch (error) {
      const fault = isGitHubError(error, 'server') || isGitHubError(error, 'network');
      if (!fault || attempt >= CLAIM_TRIES) throw error;
    }
  }
}

async function reply(
  gateway: RepoGateway,
  issue: number,
  comment: { id: number } & CommentAuthor,
  text: string,
): Promise<void> {
  await gateway.comments.create(issue, composeBody(`@${comment.author} ${text}`, replyKey(comment.id)));
}

/** One refusal comment per person and issue; after that a reaction says the same without noise. */
async function refuseOnce(
  gateway: RepoGateway,
  issue: number,
  comment: { id: number } & CommentAuthor,
  text: string,
): Promise<void> {
  const key = `refusal-${comment.author.toLowerCase()}`;
  if ((await gateway.comments.findOwn(issue, key)).length > 0) {
    await gateway.comments.react(comment.id, 'confused');
    return;
  }
  // Keyed by person (one refusal each), and naming this command: it is answered.
  const body = `${composeBody(`@${comment.author} ${text}`, key)}\n${keyMarker(replyKey(comment.id))}`;
  await gateway.comments.create(issue, body);
}

function brokenConfigText(kind: string, problems: string[]): string {
  return [
    `\`/drover ${kind}\` was not carried out: Drover's configuration has a problem, and nothing starts until it is fixed on the default branch:`,
    '',
    ...problems.map((problem) => `- ${problem}`),
  ].join('\n');
}

async function execute(command: ParsedCommand, context: CommandContext): Promise<CommandOutcome> {
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
    case 'approve':
      return approveTask(command.task, context);
    case 'reset':
      return resetTasks(command.target, context);
    case 'help':
      return { reply: `Drover commands:\n\n${COMMAND_USAGE}`, reconcile: false };
    case 'spec':
      return requestSpec(command.paths, context);
    case 'revise':
      return requestRevision({ kind: 'comment', id: context.commentId }, context);
    case 'cleanup':
      return cleanupRefs(command.olderThanMs, context);
  }
}
