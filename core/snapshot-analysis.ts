/**
 * Everything in a plan that depends only on the issues, their attempt history and the config
 * (not on the clock, the attempts under way or the run): the task model, the dispatch units,
 * their DAG, and how the ready orders rank each unit. The result is shared (see
 * analysis-cache.ts): treat it as read-only.
 */
import type { DroverConfig } from './config.js';
import { NumberMap } from './number-map.js';
import { buildDispatchUnits, type DispatchUnit, type UnitIndex } from './dispatch-units.js';
import type { RankedTask, ReadyOrder } from './ready-order.js';
import { analyseDag, type DagAnalysis } from './task-graph.js';
import { buildTaskModel, isCompleted, type TaskModel } from './task-model.js';
import type { Snapshot, Task } from './types.js';

export interface SnapshotAnalysis {
  model: TaskModel;
  index: UnitIndex;
  /** The DAG of the dispatch units still open. */
  dag: DagAnalysis;
  /** The dispatch unit of each DAG node, by node index. */
  units: readonly DispatchUnit[];
  /** Each node's creation time in ms since the epoch (what the ready orders call age). */
  createdAtMs: Float64Array;
  /** Each node's blockers as the issues describe them (statuses are read through the tasks). */
  blockers: BlockerFacts;
}

/** What the issues alone say of every unit's blockers, in rows by node (no object per blocker). */
export interface BlockerFacts {
  /** The blockers of node i are entries `start[i]` to `start[i + 1]` (excluded) of the lists below. */
  start: Int32Array;
  number: Int32Array;
  closed: Uint8Array;
  /** Closed and met whatever `not_planned_satisfies` says: completed, or a sub-issue (its parent's pull request closed it). */
  closedMet: Uint8Array;
  /** The blocker as a task, and the task whose unit it runs in; null when it is not a task. */
  task: Array<Task | null>;
  unitTask: Array<Task | null>;
  /** The node of the unit it runs in (-1 when it is not in the DAG). */
  unitNode: Int32Array;
}

/** The task model, the dispatch units and their DAG, computed afresh. */
export function analyseSnapshotUncached(snapshot: Snapshot, config: DroverConfig): SnapshotAnalysis {
  const model = buildTaskModel(snapshot, config);
  const index = buildDispatchUnits(model);
  const units = index.units.valueArray();
  // The node each open task runs in: a unit's head and its children.
  const nodeOf = new NumberMap<number>(model.tasks.size);
  units.forEach((unit, node) => {
    nodeOf.set(unit.task.number, node);
    // Indexed loops over the units' lists here and below: most are one shared frozen list, and
    // a for-of over lists of mixed kinds allocates an iterator result per element.
    for (let child = 0; child < unit.children.length; child++) nodeOf.set(unit.children[child]!.number, node);
  });
  const dag = analyseDag(units, (id) => nodeOf.get(id));
  return {
    model,
    index,
    dag,
    units,
    createdAtMs: createdAtOf(units),
    blockers: blockerFacts(units, model, nodeOf),
  };
}

function createdAtOf(units: readonly DispatchUnit[]): Float64Array {
  const times = new Float64Array(units.length);
  for (let node = 0; node < units.length; node++) {
    const createdAtMs = parseTimestamp(units[node]!.task.createdAt);
    // An unreadable date sorts as newest rather than failing the whole plan.
    times[node] = Number.isNaN(createdAtMs) ? Number.MAX_SAFE_INTEGER : createdAtMs;
  }
  return times;
}

function blockerFacts(
  units: readonly DispatchUnit[],
  model: TaskModel,
  nodeOf: NumberMap<number>,
): BlockerFacts {
  const count = units.reduce((sum, unit) => sum + unit.after.length, 0);
  const facts: BlockerFacts = {
    start: new Int32Array(units.length + 1),
    number: new Int32Array(count),
    closed: new Uint8Array(count),
    closedMet: new Uint8Array(count),
    task: new Array<Task | null>(count),
    unitTask: new Array<Task | null>(count),
    unitNode: new Int32Array(count),
  };
  let entry = 0;
  units.forEach((unit, node) => {
    for (let link = 0; link < unit.after.length; link++) {
      const blocker = unit.after[link]!;
      const issue = model.known.get(blocker);
      const task = model.tasks.get(blocker) ?? null;
      const unitNode = nodeOf.get(blocker) ?? -1;
      const closed = issue?.state === 'closed';
      const isChild = closed && task !== null && task.parent !== null && model.tasks.has(task.parent);
      facts.number[entry] = blocker;
      facts.closed[entry] = closed ? 1 : 0;
      facts.closedMet[entry] = closed && (isChild || isCompleted(issue.stateReason)) ? 1 : 0;
      facts.task[entry] = task;
      facts.unitTask[entry] = unitNode < 0 ? null : (units[unitNode]?.task ?? null);
      facts.unitNode[entry] = unitNode;
      entry++;
    }
    facts.start[node + 1] = entry;
  });
  return facts;
}

/**
 * Milliseconds since the epoch of an ISO 8601 time as GitHub writes them (`2026-01-02T03:04:05Z`,
 * milliseconds optional) without the general parser; anything else goes to Date.parse.
 */
export function parseTimestamp(text: string): number {
  const canonical =
    (text.length === 20 || (text.length === 24 && text[19] === '.')) &&
    text[4] === '-' &&
    text[7] === '-' &&
    text[10] === 'T' &&
    text[13] === ':' &&
    text[16] === ':' &&
    text[text.length - 1] === 'Z';
  if (!canonical) return Date.parse(text);
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millis = text.length === 24 ? digitsAt(text, 20, 3) : 0;
  // A non-digit (NaN) or an out-of-range field (month 13, …) is Date.parse's to judge.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59))
    return Date.parse(text);
  // Date.UTC reads years 0 to 99 as 1900 to 1999.
  if (!(year >= 100) || Number.isNaN(millis)) return Date.parse(text);
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

const DAY_MS = 86_400_000;

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, as Date.UTC counts them
 * (a day past the month's end runs into the next month, as there): H. Hinnant's days_from_civil,
 * integer arithmetic instead of a call into the engine's date code for every task.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  // Months from March, so that a leap day ends the year.
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number written with `count` decimal digits from `from`, or NaN. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * How the ready orders see each node, by node index. Made when a ranking is computed (once per
 * order and analysis), not kept: the ranks are.
 */
/** A unit as the orders see it, and its node. */
interface RankedNode extends RankedTask {
  node: number;
}

function rankedTasks({ units, dag: { dag, bLevel }, createdAtMs }: SnapshotAnalysis): RankedNode[] {
  return units.map((unit, node) => {
    let dependentWork = 0;
    for (let edge = dag.successorStart[node]!; edge < dag.successorStart[node + 1]!; edge++)
      dependentWork += dag.estimate[dag.successors[edge]!]!;
    return {
      number: unit.task.number,
      priority: unit.task.priority,
      criticalLength: bLevel[node]!,
      estimate: unit.estimate,
      dependents: dag.successorStart[node + 1]! - dag.successorStart[node]!,
      dependentWork,
      createdAtMs: createdAtMs[node]!,
      node,
    };
  });
}

/** Every open dispatch unit as the ready orders see it (the values `plan` sorts by). */
export function rankUnits(analysis: SnapshotAnalysis): Map<number, RankedTask> {
  return new Map(rankedTasks(analysis).map(({ node: _node, ...task }) => [task.number, task]));
}

const ranks = new WeakMap<SnapshotAnalysis, Map<ReadyOrder, Int32Array>>();

/**
 * Each node's position when every unit is sorted by `order` (orders are strict: they end on the
 * issue number). Sorting a subset by the comparator gives the same relative order, so the
 * planner sorts ready units and the list scheduler picks among them by these integers. Computed
 * once per analysis and order.
 */
export function orderRank(analysis: SnapshotAnalysis, order: ReadyOrder): Int32Array {
  let byOrder = ranks.get(analysis);
  if (byOrder === undefined) ranks.set(analysis, (byOrder = new Map()));
  const cached = byOrder.get(order);
  if (cached !== undefined) return cached;
  const ranked = rankedTasks(analysis);
  // The orders differ only in how they break ties: starting from a sequence another order
  // already sorted leaves the sort (a merge sort of natural runs) little to do.
  const sortedBefore = byOrder.values().next().value;
  // The tasks themselves are sorted, by the order itself: no comparator around it per comparison.
  const sorted = sortedBefore === undefined ? ranked : sequenceOf(sortedBefore, ranked);
  sorted.sort(order);
  const rank = new Int32Array(sorted.length);
  sorted.forEach((task, position) => (rank[task.node] = position));
  byOrder.set(order, rank);
  return rank;
}

/** The ranked nodes in rank order. */
function sequenceOf(rank: Int32Array, ranked: readonly RankedNode[]): RankedNode[] {
  const sequence = new Array<RankedNode>(rank.length);
  rank.forEach((position, node) => (sequence[position] = ranked[node]!));
  return sequence;
}
