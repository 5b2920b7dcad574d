/**
 * After the PR, end to end through the simulator with the stub action and a real CI workflow
 * (run by the simulator's runner on `pull_request`, reported through the Checks API): a PR whose
 * CI fails gets a fix attempt on its branch and merges once green; one that keeps failing ends
 * failed with the failing check named; merged branches are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DroverWorld, FAST_CONFIG, waitFor, type TestRepo } from './drover-world.js';

/** CI fails while `broken.txt` exists in the PR's merge commit. */
const CI_WORKFLOW = `name: CI
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - run: |
          if [ -f broken.txt ]; then echo "error: broken.txt must not exist"; exit 1; fi
          echo ok
`;

const CONFIG = `${FAST_CONFIG}max_fix_attempts: 2\n`;

describe('after the PR: CI fixes and branches', () => {
  let world: DroverWorld;
  let repo: TestRepo;
  let fixed: number;
  let hopeless: number;

  beforeAll(async () => {
    world = await DroverWorld.start();
    repo = world.createRepo(CONFIG, { '.github/workflows/ci.yml': CI_WORKFLOW });
    fixed = await repo.createIssue('Fixed once');
    hopeless = await repo.createIssue('Keeps failing');
    const broken = (task: number) => ({ [`tasks/${task}.txt`]: 'done\n', 'broken.txt': 'oops\n' });
    repo.setScenario({
      [`${fixed}:1`]: { files: broken(fixed) },
      // The fix deletes the file that makes CI fail.
      [`${fixed}:2`]: { files: { 'broken.txt': null } },
      [`${hopeless}:1`]: { files: broken(hopeless) },
      [`${hopeless}:2`]: { files: { 'still.txt': 'still broken\n' } },
      [`${hopeless}:3`]: { files: { 'still.txt': 'still broken, again\n' } },
    });
    await repo.comment(fixed, '/drover run');
    await waitFor(
      'the run over: one task merged after a fix, one failed after its fixes',
      () => repo.runEnded(),
      120_000,
      () => repo.describe([fixed, hopeless]),
    );
    await world.quiesce();
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  it('fixes a PR whose CI failed with a fix attempt on its branch, and merges it once green', () => {
    const runs = repo.runsOf(fixed).filter((run) => run.displayTitle.startsWith('drover #'));
    expect(runs.map((run) => run.inputs.mode)).toEqual(['implement', 'fix']);
    const fix = runs[1];
    expect(fix?.inputs['pull-request']).toBe(String(repo.pulls().find((pull) => pull.headRef === `drover/${fixed}/attempt-1`)?.number));
    const pulls = repo.pulls().filter((pull) => pull.headRef.startsWith(`drover/${fixed}/`));
    expect(pulls.map((pull) => [pull.headRef, pull.merged])).toEqual([[`drover/${fixed}/attempt-1`, true]]);
    expect(repo.issue(fixed).stateReason).toBe('completed');
    expect(repo.labelsOf(fixed)).not.toContain('drover:failed');
  });

  it('fails a task whose CI keeps failing once the fix attempts are used up, naming the check', () => {
    const runs = repo.runsOf(hopeless).filter((run) => run.displayTitle.startsWith('drover #'));
    expect(runs.map((run) => run.inputs.mode)).toEqual(['implement', 'fix', 'fix']);
    expect(repo.issue(hopeless).state).toBe('open');
    expect(repo.labelsOf(hopeless)).toContain('drover:failed');
    const notes = repo.notesOf(hopeless);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('after 2 fix attempts');
    expect(notes[0]).toContain('test \\(failure\\)');
    const pull = repo.pulls().find((candidate) => candidate.headRef === `drover/${hopeless}/attempt-1`);
    expect(repo.issue(pull?.number ?? 0).state).toBe('open');
    expect(pull?.merged).toBe(false);
  });

  it('never merges red: the failing PR stayed open, and the status says why', () => {
    expect(repo.statusComment()).toContain(`#${hopeless} failed`);
  });

  it('deletes the merged branch and the fix claim once the task is done', () => {
    expect(repo.droverBranches().filter((branch) => branch.startsWith(`drover/${fixed}/`))).toEqual([]);
    const claims = world.sim.state.git.matchingRefs(repo.fullName, `refs/drover/${fixed}/`);
    expect(claims).toEqual([]);
  });
});
