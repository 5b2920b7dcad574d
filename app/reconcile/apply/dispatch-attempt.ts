/**
 * Start one attempt: claim it (create its ref at the pinned commit: only one controller can),
 * then dispatch its run. A dispatch is never retried blindly: after a fault (5xx or no answer)
 * the claimer looks for the run by its branch or name, and dispatches again only when GitHub has
 * none. The claimer sends a dispatch only within CLAIM_DISPATCH_WINDOW_MS of its claim, checked
 * as the request leaves; a claim whose run never came is abandoned after the claim grace, which
 * is longer by a wide margin, so an abandoned claim never comes back to life (docs/control-loop.md §4).
 */
import { CLAIM_DISPATCH_WINDOW_MS, queuedRun } from '../../../core/attempt-history.js';
import { attemptBranch, parseAttemptRunName } from '../../../core/attempt-names.js';
import { isGitHubError } from '../../../core/gateway/github-error.js';
import type { DispatchAction } from '../../../core/plan/actions.js';
import type { ApplyContext } from './apply-context.js';

export async function dispatchAttempt(context: ApplyContext, action: DispatchAction): Promise<string> {
  const { session } = context;
  const before = previousAttempt(context, action);
  const claimedAt = context.now();
  const claim = await claimOrFind(context, action);
  const base = {
    number: action.attempt,
    kind: action.attemptKind,
    slot: action.slot,
    pinnedSha: action.pinnedSha,
    run: null,
    result: null,
    pullRequest: action.inputs['pull-request'] === undefined ? null : Number(action.inputs['pull-request']),
    publishedSha: null,
  };
  if (claim !== 'created') {
    // Another controller holds it, or this one after a lost answer (it cannot tell which, so it
    // never dispatches it): the task is busy until the claim's run comes or its grace ends.
    session.putAttempt(action.task, { ...base, pinnedSha: null, claimedAt: null });
    if (claim instanceof Error) throw claim;
    return 'claimed elsewhere';
  }
  session.putAttempt(action.task, { ...base, claimedAt: claimedAt.toISOString() });
  const runId = await dispatchOrFind(context, action, claimedAt);
  if (runId !== null) {
    session.putAttempt(action.task, {
      ...base,
      claimedAt: claimedAt.toISOString(),
      run: queuedRun(runId, context.now().toISOString()),
    });
  }
  context.log.info(
    `dispatched #${action.task} attempt ${action.attempt} (${action.attemptKind}, slot ${action.slot}) as run ${runId ?? '(not visible yet)'}${before}`,
  );
  return `run ${runId ?? 'pending'}`;
}

/**
 * Creates the claim. After a fault (5xx, no answer) GitHub may have made it: when the ref is
 * there, the fault comes back to be reported, and the claim counts as made by someone (so it is
 * not claimed again pass after pass, and its time is read like any other claim's); when it is
 * not, the fault is thrown and the next pass claims again.
 */
async function claimOrFind(
  context: ApplyContext,
  action: DispatchAction,
): Promise<'created' | 'exists' | Error> {
  try {
    return await context.gateway.refs.create(action.claimRef, action.pinnedSha);
  } catch (error) {
    const fault = isGitHubError(error, 'server') || isGitHubError(error, 'network');
    if (!fault || (await context.gateway.refs.get(action.claimRef)) === null) throw error;
    return error;
  }
}

/** Dispatches after a fault, each after looking for the run the fault may have hidden. */
const DISPATCH_TRIES = 3;
/** GitHub lists a dispatched run within moments: look for one a fault hid after this long. */
const RUN_LISTED_MS = 2000;

/**
 * Without this, a dispatch that failed with a 5xx left its claim without a run for the whole
 * grace period. The claimer alone may dispatch its claim (within the dispatch window), so trying
 * again here, after GitHub shows no run for the attempt, cannot race another controller.
 */
async function dispatchOrFind(
  context: ApplyContext,
  action: DispatchAction,
  claimedAt: Date,
): Promise<number | null> {
  const { gateway } = context;
  const workflow = context.facts.config.workflow;
  // In the wall clock the request policy checks; claimedAt was read before the claim was sent.
  const notAfter = Date.now() + claimedAt.getTime() + CLAIM_DISPATCH_WINDOW_MS - context.now().getTime();
  for (let tries = 1; ; tries++) {
    try {
      return await gateway.runs.dispatch(workflow, action.workflowRef, action.inputs, { notAfter });
    } catch (error) {
      const fault = isGitHubError(error, 'server') || isGitHubError(error, 'network');
      if (!fault || tries >= DISPATCH_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, RUN_LISTED_MS));
      const found = await findRun(context, action, claimedAt);
      if (found !== null) return found;
      if (Date.now() > notAfter) throw error;
      context.log.info(
        `#${action.task} attempt ${action.attempt}: no run after a failed dispatch; dispatching again`,
      );
    }
  }
}

async function findRun(
  context: ApplyContext,
  action: DispatchAction,
  claimedAt: Date,
): Promise<number | null> {
  const workflow = context.facts.config.workflow;
  const since = new Date(claimedAt.getTime() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const runs =
    action.attemptKind === 'implement'
      ? await context.gateway.runs.onBranch(workflow, attemptBranch(action.task, action.attempt))
      : await context.gateway.runs.createdSince(workflow, since);
  const match = runs
    .filter((run) => {
      const parsed = parseAttemptRunName(run.name);
      return parsed?.task === action.task && parsed.attempt === action.attempt;
    })
    .sort((a, b) => a.id - b.id)[0];
  return match?.id ?? null;
}

/** Why an attempt after the first is made, for the log: what became of the one before. */
function previousAttempt(context: ApplyContext, action: DispatchAction): string {
  const last = context.session.attemptsOf(action.task).get(action.attempt - 1);
  if (last === undefined) return '';
  const run = last.run === null ? 'no run' : `run ${last.run.id} ${last.run.conclusion ?? last.run.status}`;
  const result = last.result === null ? 'no result' : `${last.result.status}: ${last.result.reason ?? ''}`;
  return ` after attempt ${last.number} (${last.kind}, ${run}, ${result})`;
}
