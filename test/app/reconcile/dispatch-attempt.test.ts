/**
 * A dispatch that fails with a 5xx: the claimer looks for the run first (GitHub may have made
 * it) and dispatches again only when there is none. Before, the claim waited out its whole grace
 * period (5 minutes) per fault. And the claimer dispatches only within its dispatch window, the
 * half of the argument that an abandoned claim never runs (docs/control-loop.md §4).
 */
import { describe, expect, jest, test } from '@jest/globals';
import { dispatchAttempt } from '../../../app/reconcile/apply/dispatch-attempt.js';
import { silentLogger, type ApplyContext } from '../../../app/reconcile/apply/apply-context.js';
import { RepoSession, type PassFacts } from '../../../app/reconcile/repo-session.js';
import { CLAIM_DISPATCH_WINDOW_MS } from '../../../core/attempt-history.js';
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
  const dispatch = jest.fn(async (..._args: unknown[]) => {
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

describe('the dispatch window: a claim is dispatched soon after it is made, or never', () => {
  test("every dispatch carries the claim's deadline: made + CLAIM_DISPATCH_WINDOW_MS, in the wall clock", async () => {
    const { apply, dispatch } = context([77], () => []);
    const before = Date.now();
    await dispatchAttempt(apply, action);
    const after = Date.now();
    const options = dispatch.mock.calls[0]?.[3] as { notAfter: number } | undefined;
    expect(options?.notAfter).toBeGreaterThanOrEqual(before + CLAIM_DISPATCH_WINDOW_MS);
    expect(options?.notAfter).toBeLessThanOrEqual(after + CLAIM_DISPATCH_WINDOW_MS);
  });

  test('the deadline is counted from the claim, in the context clock: a slow claim leaves less of it', async () => {
    const { apply, dispatch } = context([77], () => []);
    const start = Date.now();
    let calls = 0;
    // The claim is made at `start`; by the dispatch, the context clock says 8 s went by.
    apply.now = () => new Date(start + (calls++ === 0 ? 0 : 8000));
    await dispatchAttempt(apply, action);
    const options = dispatch.mock.calls[0]?.[3] as { notAfter: number };
    expect(options.notAfter - Date.now()).toBeLessThanOrEqual(CLAIM_DISPATCH_WINDOW_MS - 8000 + 50);
  });

  test('a fault after the window closed: not dispatched again, the claim is left to be abandoned', async () => {
    const { apply, dispatch, onBranch } = context([fault(502), 77], () => []);
    const start = Date.now();
    let calls = 0;
    apply.now = () => new Date(start + (calls++ === 0 ? 0 : CLAIM_DISPATCH_WINDOW_MS - 1000));
    await expect(dispatchAttempt(apply, action)).rejects.toThrow('502');
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(onBranch).toHaveBeenCalledTimes(1);
    expect(apply.session.attemptsOf(4).get(1)).toMatchObject({
      run: null,
      claimedAt: new Date(start).toISOString(),
    });
  });
});

describe('a fault on the claim itself', () => {
  const claimFault = () =>
    new GitHubError({
      kind: 'server',
      status: 502,
      request: 'POST /repos/o/r/git/refs',
      detail: 'Server Error',
      performed: 'unknown',
    });

  function withClaimFault(refThere: boolean) {
    const { apply, dispatch } = context([77], () => []);
    const refs = {
      create: jest.fn(async () => {
        throw claimFault();
      }),
      get: jest.fn(async (_ref: string) => (refThere ? 'base' : null)),
    };
    (apply.gateway as unknown as { refs: typeof refs }).refs = refs;
    return { apply, dispatch, refs };
  }

  test("the ref is there (ours or a concurrent claimer's): never dispatched, counted as claimed", async () => {
    const { apply, dispatch, refs } = withClaimFault(true);
    await expect(dispatchAttempt(apply, action)).rejects.toThrow('502');
    expect(refs.get).toHaveBeenCalledWith(action.claimRef);
    expect(dispatch).not.toHaveBeenCalled();
    // Busy, not claimed again each pass; its time is read like any other claim's, then its grace runs.
    expect(apply.session.attemptsOf(4).get(1)).toMatchObject({ run: null, claimedAt: null, pinnedSha: null });
  });

  test('the ref is not there: nothing is recorded, the next pass claims again', async () => {
    const { apply, dispatch } = withClaimFault(false);
    await expect(dispatchAttempt(apply, action)).rejects.toThrow('502');
    expect(dispatch).not.toHaveBeenCalled();
    expect(apply.session.attemptsOf(4).get(1)).toBeUndefined();
  });
});
