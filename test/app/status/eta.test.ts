import { describe, expect, it } from '@jest/globals';
import { ESTIMATE_UNIT_MS } from '../../../core/estimate.js';
import type { Task } from '../../../core/types.js';
import { estimateEta } from '../../../app/status/eta.js';
import type { DisplayState } from '../../../app/status/task-display-state.js';
import { anAttempt, aTask } from '../fakes/drover-fixtures.js';

const MIN = 60_000;
const now = new Date('2026-11-25T12:00:00.000Z');

function statesOf(entries: Array<[number, DisplayState]>): Map<number, DisplayState> {
  return new Map(entries);
}

function eta(tasks: Task[], states: Array<[number, DisplayState]>, attempts = {}, workers = 2) {
  return estimateEta({ tasks, states: statesOf(states), attempts, workers, now });
}

describe('estimateEta', () => {
  it('measures minutes per estimate unit from finished attempts and list-schedules on the workers', () => {
    // #1 took 10 and 30 min (estimate 2 units → 10 min/unit); #2, #3, #4 are 1-unit tasks: 10 min each.
    const tasks = [aTask(1, { estimate: 2, status: 'done' }), aTask(2), aTask(3), aTask(4)];
    const attempts = { 1: anAttempt({ attempt: 2, durationsMs: [10 * MIN, 30 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'done'],
        [2, 'ready'],
        [3, 'ready'],
        [4, 'ready'],
      ],
      attempts,
      2,
    );
    expect(result.kind).toBe('estimate');
    if (result.kind !== 'estimate') return;
    expect(result.msPerUnit).toBe(10 * MIN);
    expect(result.samples).toBe(2);
    // Two workers, three 10-minute tasks: 10 + 10 = 20 minutes.
    expect(result.remainingMs).toBe(20 * MIN);
    expect(result.finishAt).toBe('2026-11-25T12:20:00.000Z');
    expect(result.criticalPathMs).toBe(10 * MIN);
  });

  it('a chain cannot go faster than its critical path, however many workers', () => {
    const tasks = [aTask(1), aTask(2, { dependsOn: [1] }), aTask(3, { dependsOn: [2] }), aTask(4)];
    const attempts = { 4: anAttempt({ durationsMs: [5 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'ready'],
        [2, 'waiting'],
        [3, 'waiting'],
        [4, 'ready'],
      ],
      attempts,
      10,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    // #4 measured 5 min for 1 unit → 5 min/unit; the chain 1→2→3 takes 15 min.
    expect(result.remainingMs).toBe(15 * MIN);
    expect(result.criticalPathMs).toBe(15 * MIN);
  });

  it('uses a task’s own mean duration over the run-wide rate', () => {
    const tasks = [aTask(1, { estimate: 1 }), aTask(2, { estimate: 1 })];
    const attempts = { 1: anAttempt({ durationsMs: [40 * MIN] }), 2: anAttempt({ durationsMs: [20 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'ready'],
        [2, 'ready'],
      ],
      attempts,
      1,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.remainingMs).toBe(60 * MIN);
  });

  it('counts a running attempt’s elapsed time as done and keeps its worker busy', () => {
    const tasks = [aTask(1), aTask(2)];
    const attempts = {
      1: anAttempt({ attempt: 1, dispatchedAt: '2026-11-25T11:55:00.000Z', durationsMs: [] }),
      2: anAttempt({ durationsMs: [10 * MIN] }),
    };
    const result = eta(
      tasks,
      [
        [1, 'running'],
        [2, 'ready'],
      ],
      attempts,
      1,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    // 10 min/unit; #1 has 5 of its 10 minutes left and holds the one worker; then #2 runs 10.
    expect(result.remainingMs).toBe(15 * MIN);
  });

  it('leaves out failed and blocked tasks and everything downstream, and says which', () => {
    const tasks = [aTask(1), aTask(2, { dependsOn: [1] }), aTask(3, { dependsOn: [2] }), aTask(4)];
    const attempts = { 4: anAttempt({ durationsMs: [10 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'failed'],
        [2, 'waiting'],
        [3, 'waiting'],
        [4, 'ready'],
      ],
      attempts,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.excluded).toEqual([1, 2, 3]);
    expect(result.remainingMs).toBe(10 * MIN);
  });

  it('leaves out tasks the plan says are stuck (a blocker outside the run), and their dependents', () => {
    const tasks = [aTask(1, { dependsOn: [9] }), aTask(2, { dependsOn: [1] }), aTask(3)];
    const result = estimateEta({
      tasks,
      states: statesOf([
        [1, 'waiting'],
        [2, 'waiting'],
        [3, 'ready'],
      ]),
      attempts: { 3: anAttempt({ durationsMs: [10 * MIN] }) },
      workers: 2,
      now,
      waiting: [{ task: 1, why: 'out-of-scope-blocker', on: [9] }],
    });
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.excluded).toEqual([1, 2]);
    expect(result.remainingMs).toBe(10 * MIN);
  });

  it('tasks on a cycle never start: they are listed, not waited for', () => {
    const tasks = [aTask(1, { dependsOn: [2] }), aTask(2, { dependsOn: [1] }), aTask(3)];
    const attempts = { 3: anAttempt({ durationsMs: [10 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'waiting'],
        [2, 'waiting'],
        [3, 'ready'],
      ],
      attempts,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.remainingMs).toBe(10 * MIN);
    expect(result.excluded).toEqual([1, 2]);
  });

  it('sub-issues run inside their parent’s attempt and are not scheduled on their own', () => {
    const tasks = [aTask(1, { children: [2] }), aTask(2, { parent: 1 })];
    const attempts = { 1: anAttempt({ durationsMs: [30 * MIN] }) };
    const result = eta(
      tasks,
      [
        [1, 'ready'],
        [2, 'ready'],
      ],
      attempts,
      4,
    );
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.remainingMs).toBe(30 * MIN);
  });

  it('handles a very long chain without recursion (no stack overflow)', () => {
    const tasks = Array.from({ length: 12_000 }, (_, index) =>
      aTask(index + 1, { dependsOn: index === 0 ? [] : [index] }),
    );
    const states = new Map(tasks.map((task) => [task.number, 'waiting' as DisplayState]));
    const result = estimateEta({
      tasks,
      states,
      attempts: { 1: anAttempt({ durationsMs: [MIN] }) },
      workers: 4,
      now,
    });
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.remainingMs).toBe(12_000 * MIN);
    expect(result.criticalPathMs).toBe(12_000 * MIN);
  });

  it('before any attempt finished, assumes the core’s nominal unit and says so (samples = 0)', () => {
    const result = eta([aTask(1, { estimate: 2 })], [[1, 'ready']]);
    if (result.kind !== 'estimate') throw new Error(result.kind);
    expect(result.samples).toBe(0);
    expect(result.remainingMs).toBe(2 * ESTIMATE_UNIT_MS);
  });

  it('is finished when every task is done or in review, unknown when the rest needs a person', () => {
    expect(
      eta(
        [aTask(1), aTask(2)],
        [
          [1, 'done'],
          [2, 'review'],
        ],
      ),
    ).toEqual({ kind: 'finished' });
    expect(
      eta(
        [aTask(1), aTask(2)],
        [
          [1, 'done'],
          [2, 'blocked'],
        ],
      ),
    ).toEqual({
      kind: 'unknown',
      reason: 'every remaining task needs a person',
      excluded: [2],
    });
  });
});
