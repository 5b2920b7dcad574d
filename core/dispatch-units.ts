/**
 * What the planner schedules: a dispatch unit is an open task that is not the child of another
 * open task, together with its open children, which run inside its attempt (sub-issue order,
 * parent last). A unit waits on the blockers of all its members. Its estimate is the mean of its
 * own finished attempts when it has any (they ran every member), else its members' summed.
 */
import { NumberMap } from './number-map.js';
import type { TaskModel } from './task-model.js';
import type { Task } from './types.js';
import type { GraphNode } from './unit-dag.js';

/** A node of the units' DAG as it is (unit-dag.ts): no copy of each unit is made to build it. */
export interface DispatchUnit extends GraphNode {
  task: Task;
  /** The head task's number. */
  id: number;
  /** Open children, in sub-issue order. */
  children: readonly Task[];
  /** Blockers of the task and its children, outside the unit, sorted. */
  after: readonly number[];
  estimate: number;
}

export interface UnitIndex {
  /** By the parent's number, in ascending order. */
  units: NumberMap<DispatchUnit>;
  /** The unit a task runs in (its own number, or its parent's). */
  unitOf(task: number): number;
}

export function isOpen(task: Task): boolean {
  return task.status !== 'done' && task.status !== 'not_planned';
}

export function buildDispatchUnits(model: TaskModel): UnitIndex {
  const parentUnit = (task: Task): number | null => {
    if (task.parent === null) return null;
    const parent = model.tasks.get(task.parent);
    return parent !== undefined && isOpen(parent) ? parent.number : null;
  };
  const unitOf = (number: number): number => {
    const task = model.tasks.get(number);
    return task === undefined ? number : (parentUnit(task) ?? number);
  };
  const heads: Task[] = [];
  const childrenOf = new Map<number, Task[]>();
  const tasks = model.tasks.valueArray();
  for (let position = 0; position < tasks.length; position++) {
    const task = tasks[position]!;
    if (!isOpen(task)) continue;
    const parent = parentUnit(task);
    if (parent === null) heads.push(task);
    else {
      const siblings = childrenOf.get(parent);
      if (siblings === undefined) childrenOf.set(parent, [task]);
      else siblings.push(task);
    }
  }
  const units = new NumberMap<DispatchUnit>(heads.length);
  for (const head of heads.sort((a, b) => a.number - b.number)) {
    units.set(head.number, unitFor(head, childrenOf.get(head.number) ?? [], model.measured.has(head.number)));
  }
  return { units, unitOf };
}

/** Most units are a single task: they share one empty, frozen list. */
const NO_CHILDREN: readonly Task[] = Object.freeze([]);

/** Children in the parent's sub-issue order; any the parent's list misses come last, by number. */
function orderChildren(head: Task, children: Task[]): Task[] {
  const position = new Map(head.children.map((number, index) => [number, index]));
  const rank = (child: Task): number => position.get(child.number) ?? head.children.length + child.number;
  return [...children].sort((a, b) => rank(a) - rank(b));
}

function unitFor(head: Task, openChildren: Task[], measured: boolean): DispatchUnit {
  // Most tasks have no children: their own links (sorted, deduped, never themselves) are the unit's.
  if (openChildren.length === 0)
    return {
      task: head,
      id: head.number,
      children: NO_CHILDREN,
      after: head.dependsOn,
      estimate: head.estimate,
    };
  const children = orderChildren(head, openChildren);
  const members = new Set([head.number, ...children.map((child) => child.number)]);
  const blockers = new Set<number>();
  for (const member of [head, ...children]) {
    for (const blocker of member.dependsOn) if (!members.has(blocker)) blockers.add(blocker);
  }
  return {
    task: head,
    id: head.number,
    children,
    after: [...blockers].sort((a, b) => a - b),
    estimate: measured
      ? head.estimate
      : [head, ...children].reduce((sum, member) => sum + member.estimate, 0),
  };
}
