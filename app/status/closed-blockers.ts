/**
 * The snapshot holds open tasks only; a task that is done has left it. Its number survives
 * where an open task still depends on it (the snapshot's `referenced` issues), so the status
 * shows those closed blockers as done (or not planned) nodes and keeps the DAG's shape.
 */
import { isCompleted, sameRepo } from '../../core/task-model.js';
import type { Snapshot, Task } from '../../core/types.js';

export function closedBlockers(snapshot: Snapshot, tasks: Task[]): Task[] {
  const present = new Set(tasks.map((task) => task.number));
  const needed = new Set(tasks.flatMap((task) => task.dependsOn).filter((number) => !present.has(number)));
  const closed = snapshot.referenced.filter(
    (ref) => ref.state === 'closed' && needed.has(ref.number) && sameRepo(ref.repo, snapshot.repo),
  );
  const unique = [...new Map(closed.map((ref) => [ref.number, ref])).values()];
  return unique.map((ref): Task => ({
    number: ref.number,
    title: ref.title ?? '',
    epic: null,
    priority: 0,
    dependsOn: [],
    children: [],
    parent: null,
    status: isCompleted(ref.stateReason) ? 'done' : 'not_planned',
    estimate: 0,
    createdAt: '',
    author: '',
  }));
}
