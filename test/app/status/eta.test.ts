import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../../core/config.js';
import { ESTIMATE_UNIT_MS } from '../../../core/estimate.js';
import { plan } from '../../../core/plan.js';
import type { Snapshot } from '../../../core/types.js';
import { estimateEta, type Eta } from '../../../app/status/eta.js';
import { attempt, closed, issue, run, snapshot } from '../../core/snapshot-builder.js';

const MIN = 60_000;
const now = new Date('2026-11-25T12:00:00.000Z');
const config = defaultConfig();

/** A finished attempt that took `minutes`. */
const took = (...minutes: number[]) =>
  attempt({ lastOutcome: 'success', reason: null, durationsMs: minutes.map((m) => m * MIN) });

function etaOf(input: Snapshot): Eta {
  return estimateEta(plan(input, config, now), now);
}

function estimate(input: Snapshot): Extract<Eta, { kind: 'estimate' }> {
  const eta = etaOf(input);
  if (eta.kind !== 'estimate') throw new Error(`expected an estimate, got ${JSON.stringify(eta)}`);
  return eta;
}

describe('estimateEta: the planner’s forecast of the run', () => {
  it('measures the pace from finished attempts (closed tasks included) and list-schedules on the workers', () => {
    // #1 (size:M, 2 units) took 30 and 50 min: 20 min per unit. #2, #3, #4 are unmeasured size:S tasks.
    const input = snapshot(
      [
        closed(1, 'completed', { labels: ['drover', 'size:M'] }),
        issue(2, { labels: ['drover', 'size:S'] }),
        issue(3),
        issue(4),
      ],
      { attempts: { 1: took(30, 50) }, run: run({ workers: 2 }) },
    );
    const eta = estimate(input);
    expect(eta.msPerUnit).toBe(20 * MIN);
    expect(eta.samples).toBe(2);
    // Two workers, three 20-minute tasks: 20 + 20 = 40 minutes.
    expect(eta.remainingMs).toBe(40 * MIN);
    expect(eta.finishAt).toBe('2026-11-25T12:40:00.000Z');
    expect(eta.criticalPathMs).toBe(20 * MIN);
    expect(eta.workers).toBe(2);
  });

  it('a chain cannot go faster than its critical path, however many workers', () => {
    const input = snapshot([issue(1), issue(2, { blockedBy: [1] }), issue(3, { blockedBy: [2] }), issue(4)], {
      attempts: { 4: took(5) },
      run: run({ workers: 10 }),
    });
    const eta = estimate(input);
    // #4 took 5 min for 1 unit: 5 min per unit; the chain 1 → 2 → 3 takes 15 min.
    expect(eta.remainingMs).toBe(15 * MIN);
    expect(eta.criticalPathMs).toBe(15 * MIN);
  });

  it('uses a task’s own mean duration over the measured pace', () => {
    const input = snapshot([issue(1), issue(2)], {
      attempts: { 1: took(40), 2: took(20) },
      run: run({ workers: 1 }),
    });
    expect(estimate(input).remainingMs).toBe(60 * MIN);
  });

  it('counts a running attempt’s elapsed time as done and keeps its worker busy', () => {
    const input = snapshot([issue(1, { labels: ['drover', 'drover:running'] }), issue(2)], {
      attempts: {
        1: attempt({ lastOutcome: null, reason: null, dispatchedAt: '2026-11-25T11:55:00.000Z' }),
        2: took(10),
      },
      run: run({ workers: 1 }),
    });
    // 10 min per unit; #1 has 5 of its 10 minutes left and holds the one worker; then #2 runs 10.
    expect(estimate(input).remainingMs).toBe(15 * MIN);
  });

  it('starts tasks in the planner’s order: priority before a longer chain', () => {
    // Two workers. #1 and #2 are critical (3 units each); #3 (1 unit) leads a 6-unit #4.
    // Starting the chain first would end at 7 units; the planner starts priorities first: 10.
    const critical = (number: number) => issue(number, { labels: ['drover', 'priority:critical', 'size:L'] });
    const input = snapshot([critical(1), critical(2), issue(3), issue(4, { blockedBy: [3] })], {
      attempts: { 1: took(30), 2: took(30), 3: took(10), 4: took(60) },
      run: run({ workers: 2 }),
    });
    expect(estimate(input).remainingMs).toBe(100 * MIN);
  });

  it('counts a task waiting for its retry from its retry time', () => {
    const input = snapshot([issue(1), issue(2, { blockedBy: [1] })], {
      attempts: {
        1: attempt({ durationsMs: [10 * MIN], nextRetryAt: '2026-11-25T12:30:00.000Z' }),
      },
    });
    const eta = estimate(input);
    expect(eta.excluded).toEqual([]);
    // #1 may retry in 30 min and takes 10; then #2 takes 10 (the measured pace).
    expect(eta.remainingMs).toBe(50 * MIN);
  });

  it('leaves out failed and blocked tasks and everything downstream, and says which', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'drover:failed'] }),
        issue(2, { blockedBy: [1] }),
        issue(3, { blockedBy: [2] }),
        issue(4),
        issue(5, { labels: ['drover', 'drover:blocked'] }),
      ],
      { attempts: { 4: took(10) } },
    );
    const eta = estimate(input);
    expect(eta.excluded).toEqual([1, 2, 3, 5]);
    expect(eta.remainingMs).toBe(10 * MIN);
  });

  it('leaves out tasks whose blocker is outside the run’s epic, and their dependents; counts only the epic', () => {
    const a = (number: number, blockedBy: number[] = []) =>
      issue(number, { labels: ['drover', 'epic:a'], blockedBy });
    const input = snapshot(
      [a(1, [9]), a(2, [1]), a(3), issue(9, { labels: ['drover', 'epic:b', 'size:XL'] })],
      {
        attempts: { 3: took(10) },
        run: run({ epic: 'a' }),
      },
    );
    const eta = estimate(input);
    expect(eta.excluded).toEqual([1, 2]);
    expect(eta.remainingMs).toBe(10 * MIN);
  });

  it('leaves out tasks waiting on an open issue Drover does not run', () => {
    const input = snapshot([issue(1, { blockedBy: [7] }), issue(2), issue(7, { labels: ['bug'] })], {
      attempts: { 2: took(10) },
    });
    const eta = estimate(input);
    expect(eta.excluded).toEqual([1]);
    expect(eta.remainingMs).toBe(10 * MIN);
  });

  it('tasks on a cycle never start: they are listed, not waited for', () => {
    const input = snapshot([issue(1, { blockedBy: [2] }), issue(2, { blockedBy: [1] }), issue(3)], {
      attempts: { 3: took(10) },
    });
    const eta = estimate(input);
    expect(eta.remainingMs).toBe(10 * MIN);
    expect(eta.excluded).toEqual([1, 2]);
  });

  it('sub-issues run inside their parent’s attempt, which measured the whole unit', () => {
    const input = snapshot([issue(1, { subIssues: [2] }), issue(2, { labels: [], parent: 1 })], {
      attempts: { 1: took(30) },
      run: run({ workers: 4 }),
    });
    expect(estimate(input).remainingMs).toBe(30 * MIN);
  });

  it('handles a very long chain without recursion (no stack overflow)', () => {
    const chain = Array.from({ length: 12_000 }, (_, index) =>
      issue(index + 1, { blockedBy: index === 0 ? [] : [index] }),
    );
    const eta = estimate(snapshot(chain, { attempts: { 1: took(1) }, run: run({ workers: 4 }) }));
    expect(eta.remainingMs).toBe(12_000 * MIN);
    expect(eta.criticalPathMs).toBe(12_000 * MIN);
  });

  it('before any attempt finished, assumes the core’s nominal unit and says so (samples = 0)', () => {
    const eta = estimate(snapshot([issue(1, { labels: ['drover', 'size:M'] })]));
    expect(eta.samples).toBe(0);
    expect(eta.msPerUnit).toBe(ESTIMATE_UNIT_MS);
    expect(eta.remainingMs).toBe(2 * ESTIMATE_UNIT_MS);
  });

  it('is finished when every task is done or in review', () => {
    const input = snapshot([closed(1), issue(2, { labels: ['drover', 'drover:review'] })]);
    expect(etaOf(input)).toEqual({ kind: 'finished' });
  });

  it('says nothing can run when every task left is stuck, and the critical path is empty', () => {
    const input = snapshot(
      [
        closed(1),
        issue(2, { labels: ['drover', 'drover:failed'] }),
        issue(3, { blockedBy: [2] }),
        issue(4, { blockedBy: [5] }),
        issue(5, { blockedBy: [4] }),
        issue(6, { blockedBy: [99] }),
      ],
      { attempts: { 1: took(10) } },
    );
    const planned = plan(input, config, now);
    expect(planned.criticalPath).toEqual([]);
    expect(estimateEta(planned, now)).toEqual({ kind: 'stuck', excluded: [2, 3, 4, 5, 6] });
  });

  it('is unknown for a plan without a forecast', () => {
    expect(estimateEta({}, now)).toEqual({
      kind: 'unknown',
      reason: 'the plan has no forecast',
      excluded: [],
    });
  });
});
