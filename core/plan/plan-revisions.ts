/**
 * Answering revision requests (`/drover revise`, "changes requested" reviews): once the revise
 * attempt that serves a request is over, or the pull request closed before one ran, the request
 * leaves the control record and the person who asked is told what came of it.
 */
import type { RepoState } from '../repo-state.js';
import type { FinishRevisionAction } from './actions.js';
import { revisionIsOver, revisionRequests, servingAttempt } from './follow-ups.js';
import type { TaskProgress } from './task-progress.js';

export function planRevisions(
  state: RepoState,
  progress: ReadonlyMap<number, TaskProgress>,
  now: Date,
): FinishRevisionAction[] {
  const actions: FinishRevisionAction[] = [];
  const tasks = new Set(Object.values(state.control.revisions ?? {}).map((request) => request.task));
  for (const task of tasks) {
    if (state.unknownTasks.has(task)) continue;
    const entry = progress.get(task);
    for (const { key, request } of revisionRequests(state.control, task)) {
      const base = {
        kind: 'finish-revision' as const,
        task,
        key,
        pullRequest: request.pullRequest,
        by: request.by,
      };
      const serving = entry === undefined ? null : servingAttempt(entry.attempts, request, now);
      if (serving !== null) {
        if (!revisionIsOver(serving, now) || serving.result === null) continue;
        const revised = serving.result.status === 'success';
        actions.push({
          ...base,
          outcome: revised ? 'revised' : 'failed',
          sha: revised ? serving.publishedSha : null,
          reason: revised ? null : serving.result.reason,
        });
        continue;
      }
      const open = entry?.pr?.number === request.pullRequest && entry.pr.state === 'open';
      if (!open) actions.push({ ...base, outcome: 'dropped', sha: null, reason: null });
    }
  }
  return actions;
}
