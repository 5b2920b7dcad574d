/** The planner's part for `/drover spec` requests: one spec attempt at a time, each finished once it is over. */
import { describe, expect, it } from '@jest/globals';
import { CLAIM_GRACE_MS } from '../../core/attempt-history.js';
import type { SpecRequest } from '../../core/control-record.js';
import { planReconcile } from '../../core/plan/plan-reconcile.js';
import { planSpecs } from '../../core/plan/plan-specs.js';
import type { SpecAttempt, SpecResult } from '../../core/spec-attempt.js';
import { statusRenderers } from '../../app/status/status-comment.js';
import { aRunState, aState, MAIN_SHA, T0 } from '../support/repo-state.js';

const NOW = new Date(Date.parse(T0) + 60_000);
const request = (issue: number, paths = ['docs']): SpecRequest => ({ issue, paths, by: 'alice', at: T0 });
const unclaimed = (id: number): SpecAttempt => ({
  id,
  claimed: false,
  claimedAt: null,
  run: null,
  result: null,
});
const success: SpecResult = {
  status: 'success',
  reason: null,
  backlog: '{"id":"T1","type":"task","title":"x"}',
  warnings: [],
  problems: [],
  agent: 'claude',
  costUsd: 0.5,
  durationMs: 60_000,
};

function stateWith(requests: Record<string, SpecRequest>, attempts: SpecAttempt[], extra = {}) {
  return aState({
    control: { specs: requests },
    specs: new Map(attempts.map((attempt) => [String(attempt.id), attempt])),
    ...extra,
  });
}

describe('planSpecs', () => {
  it('dispatches the oldest unclaimed request, in slot 0 on the default branch, one at a time', () => {
    const actions = planSpecs(
      stateWith({ '30': request(5), '20': request(4, ['docs/a.md', 'docs/b']) }, [
        unclaimed(30),
        unclaimed(20),
      ]),
      NOW,
    );
    expect(actions).toEqual([
      {
        kind: 'dispatch-spec',
        task: 4,
        spec: 20,
        claimRef: 'refs/drover/spec/20',
        pinnedSha: MAIN_SHA,
        workflowRef: 'main',
        inputs: {
          task: '4',
          attempt: '20',
          run: 'spec-20',
          mode: 'spec',
          slot: '0',
          'base-sha': MAIN_SHA,
          spec: 'docs/a.md\ndocs/b',
        },
        runName: 'drover #4 attempt 20 · spec · slot 0',
      },
    ]);
  });

  it('starts none while another spec attempt is claimed or running, and none for a request not read this pass', () => {
    const running: SpecAttempt = {
      ...unclaimed(10),
      claimed: true,
      claimedAt: T0,
      run: aRunState({ status: 'in_progress' }),
    };
    expect(
      planSpecs(stateWith({ '10': request(1), '11': request(2) }, [running, unclaimed(11)]), NOW),
    ).toEqual([]);
    const claimed: SpecAttempt = { ...unclaimed(10), claimed: true, claimedAt: T0 };
    expect(
      planSpecs(stateWith({ '10': request(1), '11': request(2) }, [claimed, unclaimed(11)]), NOW),
    ).toEqual([]);
    expect(planSpecs(stateWith({ '11': request(2) }, []), NOW)).toEqual([]);
  });

  it('finishes a spec whose attempt is over, with its result, and starts the next in the same pass', () => {
    const done: SpecAttempt = {
      ...unclaimed(10),
      claimed: true,
      claimedAt: T0,
      run: aRunState(),
      result: success,
    };
    const actions = planSpecs(stateWith({ '10': request(1), '11': request(2) }, [done, unclaimed(11)]), NOW);
    expect(actions.map((action) => [action.kind, action.spec])).toEqual([
      ['finish-spec', 10],
      ['dispatch-spec', 11],
    ]);
    expect(actions[0]).toMatchObject({
      task: 1,
      claimRef: 'refs/drover/spec/10',
      request: request(1),
      result: success,
    });
  });

  it('waits for the artifact of a finished run to be read', () => {
    const finished: SpecAttempt = { ...unclaimed(10), claimed: true, claimedAt: T0, run: aRunState() };
    expect(planSpecs(stateWith({ '10': request(1) }, [finished]), NOW)).toEqual([]);
  });

  it('answers a claim whose run never came, or a run that ended without starting, as failed', () => {
    const late = new Date(Date.parse(T0) + CLAIM_GRACE_MS + 1);
    const noRun: SpecAttempt = { ...unclaimed(10), claimed: true, claimedAt: T0 };
    expect(planSpecs(stateWith({ '10': request(1) }, [noRun]), NOW)).toEqual([]);
    const [lost] = planSpecs(stateWith({ '10': request(1) }, [noRun]), late);
    expect(lost).toMatchObject({
      kind: 'finish-spec',
      result: { status: 'failed', reason: expect.stringContaining('never started') },
    });
    const voided: SpecAttempt = { ...noRun, run: aRunState({ conclusion: 'cancelled', started: false }) };
    const [cancelled] = planSpecs(stateWith({ '10': request(1) }, [voided]), NOW);
    expect(cancelled).toMatchObject({
      kind: 'finish-spec',
      result: { status: 'failed', reason: expect.stringContaining('cancelled') },
    });
  });

  it('is part of the reconcile plan, with no run needed, but not while the config is broken', () => {
    const state = stateWith({ '10': request(1) }, [unclaimed(10)], {
      control: { specs: { '10': request(1) }, run: null },
    });
    expect(planReconcile(state, NOW, statusRenderers).actions.map((action) => action.kind)).toContain(
      'dispatch-spec',
    );
    const broken = { ...state, configProblems: ['.github/drover.yml: bad'] };
    expect(planReconcile(broken, NOW, statusRenderers).actions.map((action) => action.kind)).not.toContain(
      'dispatch-spec',
    );
  });
});
