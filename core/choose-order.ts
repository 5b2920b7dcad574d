/**
 * The planner's choice among its ready orders (ready-order.ts): forecast the rest of the run under
 * each with the list scheduler and take the first with the shortest makespan. A forecast is
 * skipped when it cannot change the choice:
 * - once a forecast reaches a lower bound of every schedule's makespan (the work over the
 *   workers, or the longest chain), no later order can be shorter;
 * - an order that ranks the forecast's units exactly as an earlier one makes the same schedule.
 */
import {
  listSchedule,
  makespanLowerBound,
  NOT_SCHEDULED,
  type ListSchedule,
  type ListScheduleInput,
} from './list-schedule.js';
import type { ReadyOrder } from './ready-order.js';

export interface OrderChoice {
  order: ReadyOrder;
  rank: Int32Array;
  /** The forecast under `order`. */
  schedule: ListSchedule;
}

/**
 * `topological` (node indices, blockers first) lets the bound count the longest chain too; the
 * choice is the same without it, only sometimes slower to make.
 */
export function chooseOrder(
  orders: readonly ReadyOrder[],
  rankOf: (order: ReadyOrder) => Int32Array,
  input: Omit<ListScheduleInput, 'rank'>,
  topological?: Int32Array,
): OrderChoice {
  const [first, ...others] = orders;
  if (first === undefined) throw new Error('chooseOrder needs at least one order');
  const firstRank = rankOf(first);
  let best: OrderChoice = {
    order: first,
    rank: firstRank,
    schedule: listSchedule({ ...input, rank: firstRank }),
  };
  if (others.length === 0) return best;
  const bound = makespanLowerBound(input, best.schedule, topological);
  const nodes = scheduledNodes(input.pending);
  const tried = [firstRank];
  for (const order of others) {
    if (best.schedule.makespan <= bound) break;
    const rank = rankOf(order);
    if (tried.some((earlier) => sameOrderOn(nodes, earlier, rank))) continue;
    tried.push(rank);
    const schedule = listSchedule({ ...input, rank });
    if (schedule.makespan < best.schedule.makespan) best = { order, rank, schedule };
  }
  return best;
}

function scheduledNodes(pending: ArrayLike<number>): number[] {
  const nodes: number[] = [];
  for (let node = 0; node < pending.length; node++) if (pending[node]! < NOT_SCHEDULED) nodes.push(node);
  return nodes;
}

/**
 * Whether two rankings order `nodes` the same way: sorted by `a`, each node must also come
 * before the next one by `b` (both are strict total orders, so adjacent pairs decide).
 */
export function sameOrderOn(nodes: readonly number[], a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  // Ranks are positions 0..n-1: placing each node at its rank by `a` sorts them in O(n).
  const byRank = new Int32Array(a.length).fill(-1);
  for (const node of nodes) byRank[a[node]!] = node;
  let previous = -1;
  for (const node of byRank) {
    if (node < 0) continue;
    if (previous >= 0 && b[previous]! > b[node]!) return false;
    previous = node;
  }
  return true;
}
