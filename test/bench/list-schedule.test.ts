import { describe, expect, it } from '@jest/globals';
import { DROVER_ORDERS } from '../../core/ready-order.js';
import { fifoOrder, seedOrder } from '../../bench/baseline-orders.js';
import { listSchedule, listScheduleWithPlanner } from '../../bench/list-schedule.js';
import type { StgTask } from '../../bench/stg-set.js';

/** A random layered DAG like the STG set's: times 1..10, up to 3 predecessors each. */
function randomGraph(seed: number, size: number): StgTask[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: size }, (_, index) => {
    const id = index + 1;
    const predecessors = new Set<number>();
    const links = id === 1 ? 0 : Math.floor(next() * 4);
    for (let link = 0; link < links; link++) predecessors.add(1 + Math.floor(next() * (id - 1)));
    return { id, time: 1 + Math.floor(next() * 10), predecessors: [...predecessors] };
  });
}

describe('the scheduling benchmark measures the planner', () => {
  const cases = [1, 2, 3, 4, 5, 6].flatMap((seed) => [2, 3, 5].map((workers) => [seed, workers] as const));

  it.each(cases)(
    'graph %i on %i workers: the fast schedule starts every task when plan() at every event does',
    (seed, workers) => {
      const tasks = randomGraph(seed, 30);
      for (const orders of [DROVER_ORDERS, [fifoOrder], [seedOrder]]) {
        const fast = listSchedule(tasks, workers, orders);
        const reference = listScheduleWithPlanner(tasks, workers, orders);
        expect(fast.starts).toEqual(reference.starts);
        expect(fast.makespan).toBe(reference.makespan);
      }
    },
  );

  it('never does worse than the critical path or the total work allow', () => {
    const tasks = randomGraph(7, 40);
    const { makespan } = listSchedule(tasks, 2, DROVER_ORDERS);
    const totalWork = tasks.reduce((sum, task) => sum + task.time, 0);
    expect(makespan).toBeGreaterThanOrEqual(Math.ceil(totalWork / 2));
    expect(makespan).toBeLessThanOrEqual(totalWork);
  });
});
