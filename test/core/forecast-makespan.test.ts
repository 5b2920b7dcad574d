import { describe, expect, it } from '@jest/globals';
import { chooseOrder, forecastMakespan, type ForecastInput } from '../../core/forecast-makespan.js';
import { criticalPathThenAge, droverOrder, type RankedTask } from '../../core/ready-order.js';
import { buildTaskGraph } from '../../core/task-graph.js';

const ranked = (number: number, estimate: number, criticalLength = estimate): RankedTask => ({
  number,
  priority: 5,
  criticalLength,
  estimate,
  dependents: 0,
  dependentWork: 0,
  createdAtMs: number,
});

describe('forecastMakespan', () => {
  // 1 (3) and 2 (1) are ready; 3 (2) waits on 1. Longest chain first: 1 then 3 = 5 on 2 workers.
  const graph = buildTaskGraph([
    { id: 1, estimate: 3, after: [] },
    { id: 2, estimate: 1, after: [] },
    { id: 3, estimate: 2, after: [1] },
  ]);
  const input = (workers: number, running: ForecastInput['running'] = []): ForecastInput => ({
    graph,
    workers,
    ready: [ranked(1, 3, 5), ranked(2, 1)],
    waiting: new Map([[3, { task: ranked(3, 2), pendingBlockers: 1 }]]),
    running,
  });

  it.each([
    [2, [], 5],
    [1, [], 6],
    [2, [{ task: 9, remaining: 4 }], 5],
    [2, [{ task: 9, remaining: 8 }], 8],
  ])('on %i workers with running %j finishes at %i', (workers, running, makespan) => {
    expect(forecastMakespan(input(workers, running), droverOrder)).toBe(makespan);
  });

  it('leaves out a task whose blocker never finishes in the forecast', () => {
    const stuck: ForecastInput = {
      ...input(2),
      waiting: new Map([[3, { task: ranked(3, 2), pendingBlockers: Infinity }]]),
    };
    expect(forecastMakespan(stuck, droverOrder)).toBe(3);
  });

  it('chooses the first order with the shortest forecast', () => {
    const shortestFirst = (a: RankedTask, b: RankedTask): number => a.estimate - b.estimate;
    expect(chooseOrder([shortestFirst, criticalPathThenAge], input(1))).toBe(shortestFirst);
    // One free worker until 4: starting 2 first delays the chain 1 → 3 to 6; the critical path ends at 5.
    expect(chooseOrder([shortestFirst, criticalPathThenAge], input(2, [{ task: 9, remaining: 4 }]))).toBe(
      criticalPathThenAge,
    );
  });
});
