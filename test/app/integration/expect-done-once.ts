/** The "nothing doubled, nothing lost" check shared by the integration tests. */
import { expect } from '@jest/globals';
import type { TestRepo } from './drover-world.js';

/**
 * One run and one merged PR per task, closed as completed; no note on a task that went well
 * (notes are for tasks that need a person); one status comment on the dashboard.
 */
export function expectEachTaskDoneOnce(repo: TestRepo, tasks: number[]): void {
  for (const task of tasks) {
    expect({ task, runs: repo.runsOf(task).length, reason: repo.issue(task).stateReason }).toEqual({
      task,
      runs: 1,
      reason: 'completed',
    });
    const pulls = repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${task}/`));
    expect({ task, pulls: pulls.map((pull) => pull.merged) }).toEqual({ task, pulls: [true] });
    const notes = repo.comments(task).filter((comment) => comment.body.includes('<!-- drover:note -->'));
    expect({ task, notes: notes.length }).toEqual({ task, notes: 0 });
  }
  const statusComments = repo
    .comments(repo.dashboardIssue())
    .filter((comment) => comment.body.includes('<!-- drover:status -->'));
  expect(statusComments).toHaveLength(1);
}
