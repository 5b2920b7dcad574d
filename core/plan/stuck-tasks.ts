/**
 * Tasks that cannot move until a person acts, and why: on a dependency cycle, with a problem in
 * their input, or waiting on a blocker that is failed, blocked, closed as not planned, outside
 * the run's scope, or itself stuck (transitively). A task waiting only on blockers that can
 * still finish is not stuck: it just waits.
 */
import type { Plan, Waiting } from '../types.js';

export interface StuckReason {
  why:
    | 'cycle'
    | 'invalid'
    | 'blocker-failed'
    | 'blocker-blocked'
    | 'not-planned-blocker'
    | 'out-of-scope-blocker'
    | 'blocker-stuck'
    | 'awaiting-approval';
  /** The issues it is about (the cycle's other members, the blockers). */
  on: number[];
  /** The problem's own sentence when the input is invalid (a bad label, a missing blocker, ...). */
  message: string | null;
}

const DIRECT: ReadonlySet<Waiting['why']> = new Set([
  'cycle',
  'invalid',
  'blocker-failed',
  'blocker-blocked',
  'not-planned-blocker',
  'out-of-scope-blocker',
  'awaiting-approval',
]);

/**
 * @param unitOf the dispatch unit a task runs in (a sub-issue runs in its parent's)
 */
export function stuckTasks(schedule: Plan, unitOf: (task: number) => number): Map<number, StuckReason> {
  const stuck = new Map<number, StuckReason>();
  const waitsOn = new Map<number, number[]>();
  for (const waiting of schedule.waiting) {
    if (DIRECT.has(waiting.why) && !stuck.has(waiting.task)) {
      stuck.set(waiting.task, {
        why: waiting.why as StuckReason['why'],
        on: waiting.on,
        message: waiting.why === 'invalid' ? problemOf(schedule, waiting.task) : null,
      });
    }
    if (waiting.why === 'blocker-open')
      for (const blocker of waiting.on) {
        const unit = unitOf(blocker);
        waitsOn.set(unit, [...(waitsOn.get(unit) ?? []), waiting.task]);
      }
  }
  // Propagate along "waits on" edges with a worklist: a chain of thousands of tasks must not
  // recurse.
  const queue = [...stuck.keys()];
  for (let index = 0; index < queue.length; index++) {
    const next = queue[index] as number;
    for (const dependent of waitsOn.get(next) ?? []) {
      if (stuck.has(dependent)) continue;
      stuck.set(dependent, { why: 'blocker-stuck', on: [next], message: null });
      queue.push(dependent);
    }
  }
  return stuck;
}

function problemOf(schedule: Plan, task: number): string | null {
  const problems = schedule.problems.filter((problem) => problem.issues.includes(task));
  return problems.length === 0 ? null : problems.map((problem) => problem.message).join(' ');
}
