/**
 * What the controller makes of each kind of attempt outcome, end to end through the simulator
 * with the stub action and the default configuration: retries after failures, exhausted attempts
 * (and the dependent that then cannot move), a blocked task, and a patch that touches
 * `.github/workflows/` (refused by the patch policy).
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
      'the run over: the flaky task merged, the doomed and hijack tasks failed, the stuck one blocked',
      () => repo.runEnded(),
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
    const pulls = repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${flaky}/`));
    expect(pulls.map((pull) => [pull.headRef, pull.merged])).toEqual([[`drover/${flaky}/attempt-3`, true]]);
    // The note it had while it waited to retry went away once it was done.
    expect(repo.notesOf(flaky)).toEqual([]);
  });

  it('marks a task failed after three failed attempts, says why once, and its dependent cannot move', () => {
    expect(repo.runsOf(doomed)).toHaveLength(3);
    expect(repo.issue(doomed).state).toBe('open');
    expect(repo.labelsOf(doomed)).toContain('drover:failed');
    const notes = repo.notesOf(doomed);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('tests keep failing');
    expect(notes[0]).toContain(`/drover retry #${doomed}`);
    expect(repo.runsOf(dependent)).toHaveLength(0);
    expect(repo.labelsOf(dependent)).toContain('drover:stuck');
    expect(repo.notesOf(dependent)[0]).toContain(`#${doomed}, which failed`);
  });

  it('leaves a blocked task to a person, with the agent’s reason, and does not retry it', () => {
    expect(repo.runsOf(stuck)).toHaveLength(1);
    expect(repo.labelsOf(stuck)).toContain('drover:blocked');
    expect(repo.notesOf(stuck)[0]).toContain('Which database should this use?');
  });

  it('refuses a patch touching .github/workflows/: the task fails with the reason, nothing is written', () => {
    expect(repo.runsOf(hijack)).toHaveLength(3);
    expect(repo.notesOf(hijack)[0]).toContain('allow\\_workflow\\_changes');
    expect(repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${hijack}/`))).toHaveLength(0);
    // Each attempt's branch (its claim) still points at the commit it started from: nothing was written.
    for (const branch of repo.droverBranches().filter((name) => name.startsWith(`drover/${hijack}/`)))
      expect(repo.branchAheadOfMain(branch)).toBe(0);
  });

  it('ends the run with a verdict that names what needs a person', () => {
    const status = repo.statusComment();
    expect(status).toContain('The run is over');
    expect(status).toContain(`#${doomed} failed`);
    expect(status).toContain(`#${stuck} is blocked`);
    expect(status).toContain(`#${dependent} cannot start`);
  });
});
