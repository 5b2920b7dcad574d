/**
 * When a run is over: nothing in its scope can move any more (every open task is failed,
 * blocked or stuck, or none is left). Its verdict says what finished and, for each task that
 * did not, why and what a person must do.
 */
import type { StuckReason } from './stuck-tasks.js';
import type { TaskProgress } from './task-progress.js';

export interface RunVerdict {
  /** Every task in scope is done. */
  complete: boolean;
  done: number[];
  failed: number[];
  blocked: number[];
  stuck: Map<number, StuckReason>;
}

/** null while a task in scope can still move (running, settling, in review, or able to start). */
export function runVerdict(
  progress: Iterable<TaskProgress>,
  stuck: ReadonlyMap<number, StuckReason>,
  inScope: (task: number) => boolean,
): RunVerdict | null {
  const verdict: RunVerdict = { complete: true, done: [], failed: [], blocked: [], stuck: new Map() };
  for (const entry of progress) {
    if (!inScope(entry.task)) continue;
    switch (entry.phase) {
      case 'closed':
        verdict.done.push(entry.task);
        break;
      case 'failed':
        verdict.failed.push(entry.task);
        break;
      case 'blocked':
        verdict.blocked.push(entry.task);
        break;
      case 'todo': {
        const reason = stuck.get(entry.task);
        if (reason === undefined) return null;
        verdict.stuck.set(entry.task, reason);
        break;
      }
      default:
        return null;
    }
  }
  verdict.complete = verdict.failed.length === 0 && verdict.blocked.length === 0 && verdict.stuck.size === 0;
  return verdict;
}
