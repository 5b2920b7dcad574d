/**
 * Start one attempt: claim it (create its ref at the pinned commit: only one controller can),
 * then dispatch its run. Never retried: a dispatch GitHub performed but answered with an error is
 * found again by its branch or name, and a claim whose run never came is abandoned after the
 * grace period (docs/control-loop.md §4).
 */
import { CLAIM_GRACE_MS } from '../../../core/attempt-history.js';
import type { DispatchAction } from '../../../core/plan/actions.js';
import type { ApplyContext } from './apply-context.js';

export async function dispatchAttempt(context: ApplyContext, action: DispatchAction): Promise<string> {
  const { gateway, session } = context;
  const claimedAt = context.now();
  const claim = await gateway.refs.create(action.claimRef, action.pinnedSha);
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
  if (claim === 'exists') {
    // Another controller (or this one, before a lost answer) holds it: the task is busy.
    session.putAttempt(action.task, { ...base, pinnedSha: null, claimedAt: null });
    return 'claimed elsewhere';
  }
  session.putAttempt(action.task, { ...base, claimedAt: claimedAt.toISOString() });
  // Never dispatch a claim grown old on the way (a paused process): it may have been abandoned.
  if (context.now().getTime() - claimedAt.getTime() > CLAIM_GRACE_MS / 2) return 'claim too old to dispatch';
  const runId = await gateway.runs.dispatch(context.facts.config.workflow, action.workflowRef, action.inputs);
  if (runId !== null) {
    const now = context.now().toISOString();
    session.putAttempt(action.task, {
      ...base,
      claimedAt: claimedAt.toISOString(),
      run: {
        id: runId,
        status: 'queued',
        conclusion: null,
        createdAt: now,
        updatedAt: now,
        url: '',
        started: true,
      },
    });
  }
  context.log.info(
    `dispatched #${action.task} attempt ${action.attempt} (${action.attemptKind}, slot ${action.slot}) as run ${runId ?? '(not visible yet)'}`,
  );
  return `run ${runId ?? 'pending'}`;
}
