/**
 * The state a person sees for a task: the core's lifecycle status, with `todo` split by the
 * plan into `ready` (would start when a worker is free) and `waiting` (on a blocker, a retry
 * time, a cycle…). The planner's `fail` list wins over the labels, which lag one reconcile.
 */
import type { Plan, Task } from '../../core/types.js';

export const DISPLAY_STATES = [
  'done',
  'running',
  'review',
  'ready',
  'waiting',
  'blocked',
  'failed',
  'not_planned',
] as const;

export type DisplayState = (typeof DISPLAY_STATES)[number];

export function displayStates(tasks: Task[], plan: Plan): Map<number, DisplayState> {
  const failing = new Set(plan.fail.map((entry) => entry.task));
  const ready = new Set(plan.readyOrder);
  const states = new Map<number, DisplayState>();
  for (const task of tasks) states.set(task.number, displayState(task, failing, ready));
  return states;
}

function displayState(task: Task, failing: Set<number>, ready: Set<number>): DisplayState {
  if (task.status !== 'todo') return task.status;
  if (failing.has(task.number)) return 'failed';
  return ready.has(task.number) ? 'ready' : 'waiting';
}

export function countByState(states: Map<number, DisplayState>): Record<DisplayState, number> {
  const counts = Object.fromEntries(DISPLAY_STATES.map((state) => [state, 0])) as Record<
    DisplayState,
    number
  >;
  for (const state of states.values()) counts[state] += 1;
  return counts;
}
