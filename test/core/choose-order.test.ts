import { describe, expect, it, jest } from '@jest/globals';
import { chooseOrder, sameOrderOn } from '../../core/choose-order.js';
import type { ListScheduleInput } from '../../core/list-schedule.js';
import type { ReadyOrder } from '../../core/ready-order.js';
import { buildUnitDag } from '../../core/unit-dag.js';

/** 1 (3) and 2 (1) are ready; 3 (2) waits on 1. Node i is task i + 1. */
const dag = buildUnitDag([
  { id: 1, estimate: 3, after: [] },
  { id: 2, estimate: 1, after: [] },
  { id: 3, estimate: 2, after: [1] },
]);

const input = (
  workers: number,
  running: ListScheduleInput['running'] = [],
): Omit<ListScheduleInput, 'rank'> => ({
  dag,
  workers,
  duration: dag.estimate,
  pending: Int32Array.from([0, 0, 1]),
  running,
});

// Orders are compared by identity only here; the ranks they stand for are given below.
const shortestFirst: ReadyOrder = () => 0;
const longestChainFirst: ReadyOrder = () => 0;
const alsoLongestChainFirst: ReadyOrder = () => 0;
const RANKS = new Map<ReadyOrder, Int32Array>([
  [shortestFirst, Int32Array.from([2, 0, 1])],
  [longestChainFirst, Int32Array.from([0, 2, 1])],
  [alsoLongestChainFirst, Int32Array.from([0, 2, 1])],
]);
const rankOf = (order: ReadyOrder): Int32Array => RANKS.get(order)!;

describe('chooseOrder', () => {
  it('takes the first order with the shortest forecast, and returns that forecast', () => {
    // One worker: every order takes 6, the first wins.
    expect(chooseOrder([shortestFirst, longestChainFirst], rankOf, input(1)).order).toBe(shortestFirst);
    // One free worker until 4: starting #2 first delays the chain 1 → 3 to 6; the chain first ends at 5.
    const choice = chooseOrder(
      [shortestFirst, longestChainFirst],
      rankOf,
      input(2, [{ node: -1, remaining: 4 }]),
    );
    expect(choice.order).toBe(longestChainFirst);
    expect(choice.schedule.makespan).toBe(5);
    expect(choice.rank).toBe(RANKS.get(longestChainFirst));
  });

  it('does not forecast again once a forecast reaches the lower bound', () => {
    const ranks = jest.fn(rankOf);
    // Chain first on 2 workers: 5 = the longest chain, so no order can do better.
    const choice = chooseOrder(
      [longestChainFirst, shortestFirst],
      ranks,
      input(2),
      Int32Array.from([0, 1, 2]),
    );
    expect(choice.order).toBe(longestChainFirst);
    expect(ranks).toHaveBeenCalledTimes(1);
  });

  it('keeps the first of orders that rank the scheduled nodes alike', () => {
    const running = [{ node: -1, remaining: 4 }];
    const choice = chooseOrder(
      [alsoLongestChainFirst, longestChainFirst, shortestFirst],
      rankOf,
      input(2, running),
    );
    expect(choice.order).toBe(alsoLongestChainFirst);
  });

  it('needs an order', () => {
    expect(() => chooseOrder([], rankOf, input(1))).toThrow('at least one order');
  });
});

describe('sameOrderOn', () => {
  const a = Int32Array.from([0, 1, 2, 3]);
  const b = Int32Array.from([1, 0, 2, 3]);

  it('compares two rankings on the given nodes only', () => {
    expect(sameOrderOn([0, 1, 2, 3], a, b)).toBe(false);
    expect(sameOrderOn([1, 2, 3], a, b)).toBe(true);
    expect(sameOrderOn([0, 2], a, b)).toBe(true);
    expect(sameOrderOn([], a, b)).toBe(true);
  });
});
