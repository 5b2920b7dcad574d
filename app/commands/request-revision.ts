/**
 * A revision asked for on a Drover pull request, by `/drover revise <text>` or by a "changes
 * requested" review from a trusted person: recorded in the control record (compare-and-swap), so
 * the planner starts a revise attempt on the PR's branch (core/plan/follow-ups.ts). The attempt
 * job reads the text itself, by the comment or review id, with its read-only token.
 */
import { nextAttemptNumber } from '../../core/attempt-history.js';
import type { RepoState } from '../../core/repo-state.js';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

/** The task whose open pull request this is, or null. */
export function taskOfPullRequest(state: RepoState, pullRequest: number): number | null {
  for (const [task, pulls] of state.pulls)
    if (pulls.some((pr) => pr.number === pullRequest && pr.state === 'open')) return task;
  return null;
}

export async function requestRevision(
  source: { kind: 'comment' | 'review'; id: number },
  context: Pick<CommandContext, 'gateway' | 'session' | 'state' | 'plan' | 'author' | 'now' | 'issue'>,
): Promise<CommandOutcome> {
  const pullRequest = context.issue;
  const task = taskOfPullRequest(context.state, pullRequest);
  if (task === null)
    return {
      reply: `#${pullRequest} is not an open Drover pull request: \`/drover revise\` works on the pull request of a task.`,
      reconcile: false,
    };
  const attempts = context.plan.progress.get(task)?.attempts ?? context.state.attempts.get(task) ?? [];
  const key = `${source.kind}:${source.id}`;
  await changeControl(
    context.gateway,
    context.session,
    (record) =>
      record.revisions?.[key] !== undefined
        ? null
        : {
            ...record,
            revisions: {
              ...record.revisions,
              [key]: {
                task,
                pullRequest,
                by: context.author,
                at: context.now.toISOString(),
                afterAttempt: nextAttemptNumber(attempts) - 1,
              },
            },
          },
    // A review is kept once by its answer (handle-review.ts); a command by its comment.
    source.kind === 'comment' ? { command: source.id } : {},
  );
  const run = context.state.control.run;
  const when =
    run === null || run.cancelled || run.endedAt || run.paused
      ? ' It starts once a run is active (`/drover run`, `/drover resume`).'
      : '';
  return {
    reply: `a revise attempt will work on #${pullRequest} (task #${task}); Drover answers here when it is pushed.${when}`,
    reconcile: true,
  };
}
