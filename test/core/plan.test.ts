import { describe, expect, it } from '@jest/globals';
import { defaultConfig, type DroverConfig } from '../../core/config.js';
import { plan } from '../../core/plan.js';
import type { Snapshot } from '../../core/types.js';
import { attempt, closed, issue, ref, run, snapshot } from './snapshot-builder.js';

const config = defaultConfig();
const NOW = new Date('2026-01-03T00:00:00.000Z');

function planOf(input: Snapshot, options: Partial<DroverConfig> = {}) {
  return plan(input, { ...config, ...options }, NOW);
}

describe('plan: ordering of ready tasks', () => {
  it('starts higher priority first, then the longer critical path, then the older task', () => {
    const input = snapshot(
      [
        issue(1),
        issue(2, { labels: ['drover', 'priority:high'] }),
        issue(3, { labels: ['drover', 'size:S'] }),
        issue(4, { labels: ['drover', 'size:L'] }),
        issue(5, { blockedBy: [3] }),
        issue(6, { blockedBy: [5] }),
        issue(7, { labels: ['drover', 'priority:low', 'size:XL'] }),
        issue(8, { createdAt: '2025-12-01T00:00:00.000Z' }),
      ],
      { run: run({ workers: 10 }) },
    );
    // #2 priority 7; then critical paths (normal priority): #4 = 4, #3 = 1+1+1 = 3, #1 and #8 = 1
    // (#8 is older); #7 priority 2 comes last despite its size.
    expect(planOf(input).readyOrder).toEqual([2, 4, 3, 8, 1, 7]);
  });

  it('counts the whole chain below a task, not only its direct dependents', () => {
    const input = snapshot([issue(1), issue(2), issue(3, { blockedBy: [2] }), issue(4, { blockedBy: [3] })]);
    const result = planOf(input);
    expect(result.readyOrder).toEqual([2, 1]);
    expect(result.criticalPath).toEqual([2, 3, 4]);
  });

  it('is deterministic: the same input gives the same plan, whatever the issue order', () => {
    const issues = [
      issue(1, { blockedBy: [3] }),
      issue(2),
      issue(3),
      issue(4, { labels: ['drover', 'size:M'] }),
      issue(5, { blockedBy: [2, 4] }),
      issue(6),
    ];
    const input = snapshot(issues, { run: run({ workers: 2 }) });
    const first = planOf(input);
    expect(planOf(input)).toEqual(first);
    expect(planOf(snapshot([...issues].reverse(), { run: run({ workers: 2 }) }))).toEqual(first);
  });
});

describe('plan: blockers', () => {
  it.each([
    ['completed', false, true],
    ['not_planned', false, false],
    ['not_planned', true, true],
  ] as const)('a blocker closed as %s with not_planned_satisfies=%s is met: %s', (reason, satisfies, met) => {
    const input = snapshot([issue(2, { blockedBy: [1] })], {
      referenced: [ref(1, { state: 'closed', stateReason: reason })],
    });
    const result = planOf(input, { not_planned_satisfies: satisfies });
    expect(result.readyOrder).toEqual(met ? [2] : []);
    if (!met) {
      expect(result.waiting).toEqual([{ task: 2, why: 'not-planned-blocker', on: [1] }]);
      expect(result.problems).toEqual([
        expect.objectContaining({ kind: 'not-planned-dependency', issues: [2, 1] }),
      ]);
    }
  });

  it.each([
    ['open', issue(1), 'blocker-open'],
    ['failed', issue(1, { labels: ['drover', 'drover:failed'] }), 'blocker-failed'],
    ['blocked', issue(1, { labels: ['drover', 'drover:blocked'] }), 'blocker-blocked'],
    ['running', issue(1, { labels: ['drover', 'drover:running'] }), 'blocker-open'],
  ] as const)('a task waits on a blocker that is %s, and says so', (_state, blocker, why) => {
    const result = planOf(snapshot([blocker, issue(2, { blockedBy: [1] })]));
    expect(result.readyOrder).not.toContain(2);
    expect(result.waiting).toContainEqual({ task: 2, why, on: [1] });
  });

  it('groups a task’s unmet blockers by reason, what needs a person first', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'drover:failed'] }),
        issue(2),
        issue(4),
        issue(5, { blockedBy: [1, 2, 3, 4] }),
      ],
      { referenced: [ref(3, { state: 'closed', stateReason: 'not_planned' })] },
    );
    const waiting = planOf(input).waiting.filter((entry) => entry.task === 5);
    expect(waiting).toEqual([
      { task: 5, why: 'not-planned-blocker', on: [3] },
      { task: 5, why: 'blocker-failed', on: [1] },
      { task: 5, why: 'blocker-open', on: [2, 4] },
    ]);
  });

  it('counts a sub-issue blocker as met once it is closed, whatever the reason', () => {
    const input = snapshot([
      issue(1, { subIssues: [2] }),
      closed(2, 'not_planned', { parent: 1 }),
      issue(3, { blockedBy: [2] }),
    ]);
    expect(planOf(input).readyOrder).toContain(3);
  });

  it('never dispatches a task with an input problem, and says why', () => {
    const result = planOf(snapshot([issue(1, { labels: ['drover', 'priority:urgent'] }), issue(2)]));
    expect(result.readyOrder).toEqual([2]);
    expect(result.waiting).toContainEqual({ task: 1, why: 'invalid', on: [] });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'bad-priority', issues: [1] })]);
  });
});

describe('plan: cycles', () => {
  it('names every cycle, in cycle order, and runs the rest', () => {
    const input = snapshot([
      issue(1, { blockedBy: [3] }),
      issue(2, { blockedBy: [1] }),
      issue(3, { blockedBy: [2] }),
      issue(4, { blockedBy: [5] }),
      issue(5, { blockedBy: [4] }),
      issue(6, { blockedBy: [1] }),
      issue(7),
    ]);
    const result = planOf(input);
    expect(result.problems.map((problem) => [problem.kind, problem.issues])).toEqual([
      ['cycle', [1, 2, 3]],
      ['cycle', [4, 5]],
    ]);
    expect(result.problems[0]?.message).toBe(
      '#1 → #2 → #3 → #1 wait on each other in a cycle: none of them runs until one of these links is removed.',
    );
    expect(result.readyOrder).toEqual([7]);
    expect(result.waiting).toContainEqual({ task: 1, why: 'cycle', on: [2, 3] });
    expect(result.waiting).toContainEqual({ task: 6, why: 'blocker-open', on: [1] });
  });

  it('names every member of a component made of several cycles', () => {
    // 1 → 2 → 1 and 2 → 3 → 2: one strongly connected component, two cycles.
    const input = snapshot([
      issue(1, { blockedBy: [2] }),
      issue(2, { blockedBy: [1, 3] }),
      issue(3, { blockedBy: [2] }),
    ]);
    const cycles = planOf(input).problems.map((problem) => problem.issues);
    expect(cycles).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('plan: retries', () => {
  it.each([
    ['before nextRetryAt', '2026-01-03T00:05:00.000Z', false],
    ['at nextRetryAt', '2026-01-03T00:00:00.000Z', true],
    ['after nextRetryAt', '2026-01-02T23:00:00.000Z', true],
  ])('a failed task is not retried %s', (_when, nextRetryAt, ready) => {
    const input = snapshot([issue(1)], { attempts: { 1: attempt({ attempt: 1, nextRetryAt }) } });
    const result = planOf(input);
    expect(result.readyOrder).toEqual(ready ? [1] : []);
    expect(result.nextWakeAt).toBe(ready ? null : nextRetryAt);
    if (ready) expect(result.dispatch).toEqual([{ task: 1, attempt: 2, children: [] }]);
  });

  it('wakes at the earliest pending retry', () => {
    const input = snapshot([issue(1), issue(2)], {
      attempts: {
        1: attempt({ nextRetryAt: '2026-01-03T02:00:00.000Z' }),
        2: attempt({ nextRetryAt: '2026-01-03T01:00:00.000Z' }),
      },
    });
    const result = planOf(input);
    expect(result.nextWakeAt).toBe('2026-01-03T01:00:00.000Z');
    expect(result.waiting).toContainEqual({
      task: 1,
      why: 'retry-later',
      on: [],
      until: '2026-01-03T02:00:00.000Z',
    });
  });

  it.each([
    [3, 'failed', 3, true],
    [2, 'failed', 3, false],
    [3, 'blocked', 3, false],
    [1, 'failed', 1, true],
  ] as const)(
    'after attempt %d ending %s with max_attempts %d, marks failed: %s',
    (number, outcome, max, fails) => {
      const input = snapshot([issue(1)], {
        attempts: { 1: attempt({ attempt: number, lastOutcome: outcome }) },
      });
      const result = planOf(input, { max_attempts: max });
      expect(result.fail.map((entry) => entry.task)).toEqual(fails ? [1] : []);
      if (fails) {
        expect(result.fail[0]?.reason).toContain('verify failed');
        expect(result.readyOrder).toEqual([]);
      }
    },
  );

  it('does not mark failed again a task already labelled failed', () => {
    const input = snapshot([issue(1, { labels: ['drover', 'drover:failed'] })], {
      attempts: { 1: attempt({ attempt: 3 }) },
    });
    expect(planOf(input).fail).toEqual([]);
  });
});

describe('plan: run scope', () => {
  it('takes only tasks of the run epic, and reports blockers outside it', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'epic:auth'] }),
        issue(2, { labels: ['drover', 'epic:billing'] }),
        issue(3, { labels: ['drover', 'epic:auth'], blockedBy: [2] }),
        issue(4),
      ],
      { run: run({ epic: 'epic-auth' }) },
    );
    const result = planOf(input);
    expect(result.readyOrder).toEqual([1]);
    expect(result.waiting).toEqual([{ task: 3, why: 'out-of-scope-blocker', on: [2] }]);
  });

  it.each([
    ['no run', null],
    ['a paused run', run({ paused: true })],
    ['a cancelled run', run({ cancelled: true })],
  ])('dispatches nothing with %s, yet still says what is ready', (_name, active) => {
    const result = planOf(snapshot([issue(1), issue(2)], { run: active }));
    expect(result.dispatch).toEqual([]);
    expect(result.readyOrder).toEqual([1, 2]);
  });

  it.each([
    ['under budget', 2.5, [1, 2]],
    ['at the budget', 3, []],
  ])('a run with a $3 budget and %s spent dispatches %j', (_name, spent, dispatched) => {
    const result = planOf(
      snapshot([issue(1), issue(2), issue(3)], {
        run: run({ budgetUsd: 3, workers: 2 }),
        attempts: { 3: attempt({ costUsd: spent, nextRetryAt: '2099-01-01T00:00:00.000Z' }) },
      }),
    );
    expect(result.dispatch.map((d) => d.task)).toEqual(dispatched);
  });
});

describe('plan: workers', () => {
  const five = [1, 2, 3, 4, 5].map((number) => issue(number));

  it.each([
    ['nothing running', five, [], 3, [1, 2, 3]],
    [
      'one task labelled running',
      [issue(9, { labels: ['drover', 'drover:running'] }), ...five],
      [],
      3,
      [1, 2],
    ],
    ['one in-flight run without its label', five, [5], 3, [1, 2]],
    [
      'a running label and its own in-flight run (counted once)',
      [issue(9, { labels: ['drover', 'drover:running'] }), ...five],
      [9],
      3,
      [1, 2],
    ],
    [
      'tasks in review (they do not count)',
      [
        issue(8, { labels: ['drover', 'drover:review'] }),
        issue(9, { labels: ['drover', 'drover:review'] }),
        ...five,
      ],
      [],
      3,
      [1, 2, 3],
    ],
    ['all workers busy', five, [1, 2, 3], 3, []],
    ['the run overriding the configured workers', five, [], 5, [1, 2, 3, 4, 5]],
  ])('with %s', (_name, issues, inFlight, workers, dispatched) => {
    const input = snapshot(issues, {
      run: run({ workers }),
      inFlight: inFlight.map((task) => ({
        runId: task * 10,
        task,
        attempt: 1,
        status: 'in_progress',
        createdAt: '2026-01-02T00:00:00.000Z',
      })),
    });
    const result = planOf(input, { workers: 1 });
    expect(result.dispatch.map((entry) => entry.task)).toEqual(dispatched);
    for (const task of inFlight) expect(result.readyOrder).not.toContain(task);
  });

  it('counts the in-flight run of a task closed meanwhile, and still plans', () => {
    const input = snapshot([closed(1), issue(2), issue(3), issue(4, { blockedBy: [3] })], {
      run: run({ workers: 2 }),
      inFlight: [
        { runId: 10, task: 1, attempt: 1, status: 'in_progress', createdAt: '2026-01-02T00:00:00.000Z' },
      ],
    });
    expect(planOf(input).dispatch.map((entry) => entry.task)).toEqual([3]);
  });

  it('says which ready tasks wait for a worker', () => {
    const result = planOf(snapshot([issue(1), issue(2)], { run: run({ workers: 1 }) }));
    expect(result.waiting).toEqual([{ task: 2, why: 'no-worker', on: [] }]);
  });
});

describe('plan: sub-issues', () => {
  it('runs children inside their parent, in sub-issue order, never alone', () => {
    const input = snapshot([
      issue(1, { subIssues: [3, 2, 4] }),
      issue(2, { labels: [], parent: 1 }),
      issue(3, { labels: ['drover'], parent: 1 }),
      closed(4, 'completed', { parent: 1 }),
      issue(5),
    ]);
    const result = planOf(input);
    expect(result.readyOrder).toEqual([1, 5]);
    expect(result.dispatch).toContainEqual({ task: 1, attempt: 1, children: [3, 2] });
  });

  it("makes a parent wait on its children's blockers", () => {
    const input = snapshot([issue(1, { subIssues: [2] }), issue(2, { parent: 1, blockedBy: [3] }), issue(3)]);
    const result = planOf(input);
    expect(result.readyOrder).toEqual([3]);
    expect(result.waiting).toContainEqual({ task: 1, why: 'blocker-open', on: [3] });
  });

  it('refuses a parent whose child has children of its own', () => {
    const input = snapshot([
      issue(1, { subIssues: [2] }),
      issue(2, { parent: 1, subIssues: [3] }),
      issue(3, { parent: 2 }),
    ]);
    const result = planOf(input);
    expect(result.dispatch).toEqual([]);
    expect(result.waiting).toContainEqual({ task: 1, why: 'invalid', on: [] });
  });
});

describe('plan: speed', () => {
  it('plans a large DAG (10,000 tasks are timed by the benchmark, not here)', () => {
    const issues = Array.from({ length: 2_000 }, (_, index) =>
      issue(index + 1, { blockedBy: index === 0 ? [] : [Math.floor(index / 2) + 1] }),
    );
    const result = planOf(snapshot(issues, { run: run({ workers: 4 }) }));
    expect(result.readyOrder).toEqual([1]);
    expect(result.criticalPath).toEqual([1, 2, 3, 5, 9, 17, 33, 65, 129, 257, 513, 1025]);
  });
});

describe('plan: the forecast and the critical path cover what can still run, in scope', () => {
  it('forecasts the rest of the run in the planner’s order, on the run’s workers', () => {
    const input = snapshot([issue(1), issue(2, { blockedBy: [1] }), issue(3)], { run: run({ workers: 2 }) });
    expect(planOf(input).forecast).toEqual({
      makespan: 2,
      criticalLength: 2,
      workers: 2,
      runnable: 3,
      stuck: [],
      msPerUnit: 600_000,
      samples: 0,
    });
  });

  it('keeps to the run’s epic', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'epic:a'] }),
        issue(2, { labels: ['drover', 'epic:a'], blockedBy: [1] }),
        issue(3, { labels: ['drover', 'epic:b', 'size:XL'] }),
        issue(4, { labels: ['drover', 'epic:b'], blockedBy: [3] }),
      ],
      { run: run({ epic: 'a' }) },
    );
    const result = planOf(input);
    expect(result.criticalPath).toEqual([1, 2]);
    expect(result.forecast).toEqual(expect.objectContaining({ makespan: 2, runnable: 2, stuck: [] }));
  });

  it('leaves out what cannot run until a person acts, and what waits on it', () => {
    const input = snapshot([
      issue(1, { labels: ['drover', 'drover:failed', 'size:XL'] }),
      issue(2, { blockedBy: [1] }),
      issue(3, { labels: ['drover', 'drover:blocked'] }),
      issue(4, { blockedBy: [5] }),
      issue(5, { blockedBy: [4] }),
      issue(6, { blockedBy: [7] }),
      issue(7, { labels: ['bug'] }),
      issue(8, { labels: ['drover', 'priority:bogus'] }),
      issue(9, { blockedBy: [10] }),
      issue(10, { blockedBy: [8] }),
      issue(11),
    ]);
    const result = planOf(input);
    expect(result.criticalPath).toEqual([11]);
    expect(result.forecast?.stuck).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]);
    expect(result.forecast?.runnable).toBe(1);
  });

  it('counts a blocker in review as finished and running attempts for what is left of them', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'drover:review'] }),
        issue(2, { labels: ['drover', 'drover:running', 'size:L'] }),
        issue(3, { blockedBy: [1, 2] }),
      ],
      // #2 (size:L, 40 minutes) was dispatched 30 minutes before NOW.
      { attempts: { 2: attempt({ lastOutcome: null, dispatchedAt: '2026-01-02T23:30:00.000Z' }) } },
    );
    const result = planOf(input);
    // #2 has run 30 of its 40 minutes: 1 unit left, then #3 takes 1.
    expect(result.criticalPath).toEqual([2, 3]);
    expect(result.forecast).toEqual(expect.objectContaining({ makespan: 2, criticalLength: 2, runnable: 2 }));
  });

  it('lets an attempt outside the run’s epic hold its worker without counting it', () => {
    const input = snapshot(
      [
        issue(1, { labels: ['drover', 'epic:b', 'drover:running', 'size:XL'] }),
        issue(2, { labels: ['drover', 'epic:a'] }),
        issue(3, { labels: ['drover', 'epic:a'] }),
      ],
      { run: run({ epic: 'a', workers: 2 }) },
    );
    const result = planOf(input);
    // One worker left for #2 and #3, one after the other.
    expect(result.forecast).toEqual(expect.objectContaining({ makespan: 2, runnable: 2 }));
    expect(result.criticalPath).toEqual([2]);
  });

  it('has no critical path, and forecasts nothing, when everything left is stuck', () => {
    const input = snapshot([
      closed(1),
      issue(2, { labels: ['drover', 'drover:failed'] }),
      issue(3, { blockedBy: [2] }),
    ]);
    const result = planOf(input);
    expect(result.criticalPath).toEqual([]);
    expect(result.forecast).toEqual(expect.objectContaining({ makespan: 0, runnable: 0, stuck: [2, 3] }));
  });
});

describe('plan: estimates from measured durations', () => {
  it('estimates unmeasured tasks at the pace measured over every finished attempt, closed tasks included', () => {
    // #1 (size:M) took 30 and 50 minutes: 20 minutes per size unit, twice the nominal 10.
    const input = snapshot(
      [
        closed(1, 'completed', { labels: ['drover', 'size:M'] }),
        issue(2, { labels: ['drover', 'size:L'] }),
        issue(3),
      ],
      { attempts: { 1: attempt({ lastOutcome: 'success', durationsMs: [1_800_000, 3_000_000] }) } },
    );
    const result = planOf(input);
    expect(result.forecast).toEqual(expect.objectContaining({ msPerUnit: 1_200_000, samples: 2 }));
    expect(result.criticalPath).toEqual([2]);
    expect(result.forecast?.criticalLength).toBe(8);
  });

  it('takes a parent’s own measured mean for its whole unit (its attempts ran the sub-issues too)', () => {
    const input = snapshot(
      [issue(1, { subIssues: [2] }), issue(2, { labels: ['drover', 'size:XL'], parent: 1 }), issue(3)],
      { attempts: { 1: attempt({ durationsMs: [1_800_000] }) } },
    );
    expect(planOf(input).forecast?.criticalLength).toBe(3);
  });
});
