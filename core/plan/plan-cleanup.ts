/**
 * When a task is done its attempts' branches have served their purpose: the branches of failed
 * attempts (their partial work stayed until now, in case a person wanted it) and the merged
 * branch when the repository does not delete it itself.
 * A task closed as not planned keeps them (`drover prune` removes old ones).
 */
import { claimRef } from '../attempt-names.js';
import type { RepoState } from '../repo-state.js';
import type { DeleteRefAction } from './actions.js';
import type { TaskProgress } from './task-progress.js';

export function planCleanup(state: RepoState, progress: Iterable<TaskProgress>): DeleteRefAction[] {
  const issues = new Map(state.issues.map((issue) => [issue.number, issue]));
  const actions: DeleteRefAction[] = [];
  for (const entry of progress) {
    const issue = issues.get(entry.task);
    if (
      entry.phase !== 'closed' ||
      issue?.stateReason === 'not_planned' ||
      issue?.stateReason === 'duplicate'
    )
      continue;
    const merged = entry.pr?.state === 'merged' ? entry.pr.headRef : null;
    for (const attempt of entry.attempts) {
      const ref = claimRef(entry.task, attempt.number, attempt.kind);
      // A follow-up's claim is a hidden ref nobody sees: a write each to delete it is not worth it
      // (500 content-creating requests an hour); `drover prune` and `/drover cleanup` remove them.
      if (!ref.startsWith('refs/heads/')) continue;
      const isMergedHead = merged !== null && ref === `refs/heads/${merged}`;
      if (isMergedHead && state.deletesMergedBranches) continue;
      actions.push({ kind: 'delete-ref', task: entry.task, ref });
    }
  }
  return actions;
}
