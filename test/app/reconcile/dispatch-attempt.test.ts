/**
 * A dispatch that fails with a 5xx: the claimer looks for the run first (GitHub may have made
 * it) and dispatches again only when there is none. Before, the claim waited out its whole grace
 * period (5 minutes) per fault.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { dispatchAttempt } from '../../../app/reconcile/apply/dispatch-attempt.js';
import { silentLogger, type ApplyContext } from '../../../app/reconcile/apply/apply-context.js';
import { RepoSession, type PassFacts } from '../../../app/reconcile/repo-session.js';
import { attemptRunName } from '../../../core/attempt-names.js';
import { GitHubError } from '../../../core/gateway/github-error.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { DispatchAction } from '../../../core/plan/actions.js';

const fault = (status: number) =>
  new GitHubError({
    kind: status >= 500 ? 'server' : 'unprocessable',
    status,
    request: 'POST /repos/o/r/actions/workflows/drover.yml/dispatches',
    detail: 'Server Error',
    performed: status >= 500 ? 'unknown' : 'no',
  });

const action = {
  kind: 'dispatch',
  task: 4,
  attempt: 1,
  attemptKind: 'implement',
  slot: 2,
  claimRef: 'refs/heads/drover/4/attempt-1',
  pinnedSha: 'base',
  workflowRef: 'drover/4/attempt-1',
  inputs: { task: '4', attempt: '1' },
  runName: attemptRunName(4, 1, 'implement', 2),
} as unknown as DispatchAction;

function context(dispatches: Array<number | GitHubError>, listed: () => number[]) {
  const dispatch = jest.fn(async () => {
    const next = dispatches.shift();
    if (next instanceof GitHubError) throw next;
    return next ?? null;
  });
  const onBranch = jest.fn(async () => listed().map((id) => ({ id, name: action.runName })));
  const gateway = {
    refs: { create: async () => 'created' as const },
    runs: { dispatch, onBranch, createdSince: onBranch },
  } as unknown as RepoGateway;
  const apply: ApplyContext = {
    gateway,
    session: new RepoSession('o/r'),
    facts: { config: { workflow: 'drover.yml' } } as unknown as PassFacts,
    now: () => new Date(),
    log: silentLogger,
  };
  return { apply, dispatch, onBranch };
}

describe('dispatching after a fault', () => {
  test('the dispatch was not performed: no run is listed, so it is dispatched again', async () => {
    const { apply, dispatch } = context([fault(502), 77], () => []);
    await expect(dispatchAttempt(apply, action)).resolves.toBe('run 77');
    expect(dispatch).toHaveBeenCalledTimes(2);
    expect(apply.session.attemptsOf(4).get(1)?.run?.id).toBe(77);
  });

  test('the dispatch was performed, then answered 502: its run is found, never dispatched twice', async () => {
    const { apply, dispatch } = context([fault(502), 99], () => [55]);
    await expect(dispatchAttempt(apply, action)).resolves.toBe('run 55');
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  test('a refusal is an answer: not dispatched again', async () => {
    const { apply, dispatch, onBranch } = context([fault(422), 77], () => []);
    await expect(dispatchAttempt(apply, action)).rejects.toThrow('422');
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(onBranch).not.toHaveBeenCalled();
  });

  test('faults on every try: bounded, the fault is reported', async () => {
    const { apply, dispatch } = context([fault(500), fault(502), fault(503), 77], () => []);
    await expect(dispatchAttempt(apply, action)).rejects.toThrow('503');
    expect(dispatch).toHaveBeenCalledTimes(3);
  });
});
