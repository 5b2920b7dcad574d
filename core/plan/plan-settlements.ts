/**
 * Writing what finished attempts produced: a success's commits on its branch (a compare-and-swap
 * from the pinned commit), a failure's partial work on its own branch, and the pull request of a
 * published implement attempt. What was already written is not planned again (task-progress.ts).
 */
import { attemptBranch } from '../attempt-names.js';
import type { RepoState } from '../repo-state.js';
import type { OpenPullRequestAction, PublishAction } from './actions.js';
import type { TaskProgress } from './task-progress.js';

export function planSettlements(
  state: RepoState,
  progress: Iterable<TaskProgress>,
): Array<PublishAction | OpenPullRequestAction> {
  const actions: Array<PublishAction | OpenPullRequestAction> = [];
  for (const entry of progress) {
    const publish = publishAction(entry);
    if (publish !== null) actions.push(publish);
    const open = openAction(state, entry);
    if (open !== null) actions.push(open);
  }
  return actions;
}

function publishAction(entry: TaskProgress): PublishAction | null {
  const work = entry.toPublish;
  if (work === null) return null;
  const { attempt, patch } = work;
  const { pinnedSha, result } = attempt;
  if (pinnedSha === null || result === null) return null;
  const implement = attempt.kind === 'implement';
  const branch = implement ? attemptBranch(entry.task, attempt.number) : entry.pr?.headRef;
  if (branch === undefined) return null;
  return {
    kind: 'publish',
    task: entry.task,
    attempt: attempt.number,
    branch,
    expectedHead: pinnedSha,
    commits: patch.commits,
    partial: result.status !== 'success',
  };
}

function openAction(state: RepoState, entry: TaskProgress): OpenPullRequestAction | null {
  const attempt = entry.toOpen;
  if (attempt === null) return null;
  const patch = state.patches.get(`${entry.task}/${attempt.number}`);
  if (patch === undefined) return null;
  return {
    kind: 'open-pull-request',
    task: entry.task,
    attempt: attempt.number,
    head: attemptBranch(entry.task, attempt.number),
    base: state.defaultBranch.name,
    title: patch.pullRequest.title,
    body: patch.pullRequest.body,
  };
}
