/**
 * What the app makes of each kind of attempt outcome, end to end through the simulator with the
 * stub action: retries after failures, exhausted attempts (and the dependents that wait), a
 * blocked task, and a patch that touches `.github/workflows/` (refused).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DroverWorld, waitFor, type TestRepo } from './drover-world.js';

const WORKFLOW_PATCH = '.github/workflows/hijack.yml';

describe('attempt outcomes', () => {
  let world: DroverWorld;
  let repo: TestRepo;
  let flaky: number;
  let doomed: number;
  let dependent: number;
  let stuck: number;
  let hijack: number;

  /** Everything below runs in one repository and one run; the tests read the state it ends in. */
  beforeAll(async () => {
    world = await DroverWorld.start();
    repo = world.createRepo();
    flaky = await repo.createIssue('Flaky task');
    doomed = await repo.createIssue('Doomed task');
    dependent = await repo.createIssue('Depends on the doomed task');
    stuck = await repo.createIssue('Needs a decision');
    hijack = await repo.createIssue('Touches workflows');
    await repo.addBlockedBy(dependent, doomed);
    const hijackAttempt = { files: { [WORKFLOW_PATCH]: 'on: push\n', 'src/ok.txt': 'fine\n' } };
    repo.setScenario({
      [`${flaky}:1`]: { status: 'failed', reason: 'verify failed (1)' },
      [`${flaky}:2`]: { status: 'failed', reason: 'verify failed (2)' },
      [`${doomed}:1`]: { status: 'failed', reason: 'tests keep failing' },
      [`${doomed}:2`]: { status: 'failed', reason: 'tests keep failing' },
      [`${doomed}:3`]: { status: 'failed', reason: 'tests keep failing' },
      [`${stuck}:1`]: { status: 'blocked', reason: 'Which database should this use?' },
      [`${hijack}:1`]: hijackAttempt,
      [`${hijack}:2`]: hijackAttempt,
      [`${hijack}:3`]: hijackAttempt,
    });
    await repo.comment(flaky, '/drover run');
    const tasks = [flaky, doomed, dependent, stuck, hijack];
    await waitFor(
      'the flaky task merged, the doomed and hijack tasks failed, the stuck task blocked',
      () =>
        repo.isClosed(flaky) &&
        repo.labelsOf(doomed).includes('drover:failed') &&
        repo.labelsOf(hijack).includes('drover:failed') &&
        repo.labelsOf(stuck).includes('drover:blocked'),
      240_000,
      () => repo.describe(tasks),
    );
    await world.quiesce();
  }, 300_000);

  afterAll(async () => {
    await world?.close();
  });

  it('retries a task that fails twice, and merges its third attempt', () => {
    expect(repo.runsOf(flaky).map((run) => run.inputs.attempt)).toEqual(['1', '2', '3']);
    expect(repo.issue(flaky).stateReason).toBe('completed');
    const pulls = repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${flaky}-`));
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.merged).toBe(true);
  });

  it('marks a task failed after three failed attempts; its dependent waits and the status says on what', () => {
    expect(repo.runsOf(doomed)).toHaveLength(3);
    expect(repo.issue(doomed).state).toBe('open');
    expect(repo.labelsOf(doomed)).not.toContain('drover:running');
    expect(repo.runsOf(dependent)).toHaveLength(0);
    expect(repo.issue(dependent).state).toBe('open');
    const doomedComment = repo.comments(doomed).find((comment) => comment.body.includes('drover:task'));
    expect(doomedComment?.body).toContain('tests keep failing');
    const statusComment = repo
      .comments(repo.dashboardIssue())
      .find((comment) => comment.body.includes(`#${dependent} |`));
    expect(statusComment?.body).toMatch(
      new RegExp(`\\| #${dependent} \\|.*waiting \\(on failed #${doomed}\\)`),
    );
  });

  it('leaves a blocked task to a person, with the agent’s reason, and does not retry it', () => {
    expect(repo.runsOf(stuck)).toHaveLength(1);
    expect(repo.issue(stuck).state).toBe('open');
    expect(repo.labelsOf(stuck)).not.toContain('drover:running');
    const comment = repo.comments(stuck).find((candidate) => candidate.body.includes('drover:task'));
    expect(comment?.body).toContain('Which database should this use?');
  });

  it('refuses a patch touching .github/workflows/: the task fails with the reason, nothing is written', () => {
    expect(repo.runsOf(hijack)).toHaveLength(3);
    const comment = repo.comments(hijack).find((candidate) => candidate.body.includes('drover:task'));
    expect(comment?.body).toContain(`it changes ${WORKFLOW_PATCH}`);
    expect(repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${hijack}-`))).toHaveLength(0);
    expect(repo.droverBranches().filter((branch) => branch.startsWith(`drover/${hijack}-`))).toEqual([]);
  });
});
