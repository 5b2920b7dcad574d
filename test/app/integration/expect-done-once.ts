/** The "nothing doubled, nothing lost" check shared by the integration tests. */
import { expect } from '@jest/globals';
import type { TestRepo } from './drover-world.js';

/** One run, one merged PR and one task comment per task; one dashboard with one status comment. */
export function expectEachTaskDoneOnce(repo: TestRepo, tasks: number[]): void {
  for (const task of tasks) {
    expect({ task, runs: repo.runsOf(task).length, reason: repo.issue(task).stateReason }).toEqual({
      task,
      runs: 1,
      reason: 'completed',
    });
    const pulls = repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${task}-`));
    expect({ task, pulls: pulls.map((pull) => pull.merged) }).toEqual({ task, pulls: [true] });
    const taskComments = repo.comments(task).filter((comment) => comment.body.includes('drover:task'));
    expect({ task, taskComments: taskComments.length }).toEqual({ task, taskComments: 1 });
  }
  const statusComments = repo.comments(repo.dashboardIssue()).filter((comment) => comment.viaApp);
  expect(statusComments).toHaveLength(1);
}
