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

let world: DroverWorld;

beforeAll(async () => {
  world = await DroverWorld.start();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('after the PR: CI fixes and branches', () => {
  let repo: TestRepo;
  let fixed: number;
  let hopeless: number;

  beforeAll(async () => {
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

  it('fixes a PR whose CI failed with a fix attempt on its branch, and merges it once green', () => {
    const runs = repo.runsOf(fixed).filter((run) => run.displayTitle.startsWith('drover #'));
    expect(runs.map((run) => run.inputs.mode)).toEqual(['implement', 'fix']);
    const fix = runs[1];
    expect(fix?.inputs['pull-request']).toBe(
      String(repo.pulls().find((pull) => pull.headRef === `drover/${fixed}/attempt-1`)?.number),
    );
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

  it('deletes the merged branch once the task is done; the hidden fix claim is left to prune', () => {
    expect(repo.droverBranches().filter((branch) => branch.startsWith(`drover/${fixed}/`))).toEqual([]);
    const claims = world.sim.state.git.matchingRefs(repo.fullName, `refs/drover/${fixed}/`);
    expect(claims.map((claim) => claim.ref)).toEqual([`refs/drover/${fixed}/attempt-2`]);
  });
});

describe('after the PR: revisions asked for by people', () => {
  let repo: TestRepo;
  let task: number;
  let pull: number;
  let trustedReview: number;
  let stranger: { token: string };

  const revisionRuns = () => repo.runsOf(task).filter((run) => run.inputs.mode === 'revise');
  const review = async (
    token: string,
    body: string,
    comments: Array<{ path: string; line: number; body: string }> = [],
  ) => {
    const { data } = await repo.clientFor(token).rest.pulls.createReview({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull,
      event: 'REQUEST_CHANGES',
      body,
      comments,
    });
    return data.id;
  };

  beforeAll(async () => {
    // A person merges: the PR stays open for its reviews.
    repo = world.createRepo(`${FAST_CONFIG}merge: { mode: manual }\n`);
    const maintainer = world.sim.createUser('maintainer');
    world.sim.state.repos.setPermission(repo.fullName, 'maintainer', 'write');
    task = await repo.createIssue('Needs review');
    await repo.comment(task, '/drover run');
    await waitFor(
      'the task PR open',
      () => repo.pulls().some((candidate) => candidate.headRef.startsWith(`drover/${task}/`)),
      60_000,
      () => repo.describe([task]),
    );
    pull = repo.pulls().find((candidate) => candidate.headRef.startsWith(`drover/${task}/`))?.number ?? 0;
    await world.quiesce();
    // An outsider's request for changes does nothing.
    stranger = world.sim.createUser('stranger');
    await review(stranger.token, 'Rewrite it all in Rust.');
    await world.quiesce();
    expect(revisionRuns()).toHaveLength(0);
    trustedReview = await review(maintainer.token, 'Please add a changelog entry.', [
      { path: `tasks/${task}.txt`, line: 1, body: 'Say which attempt did it.' },
    ]);
    await waitFor(
      'the revision pushed and answered',
      () => repo.comments(pull).some((comment) => comment.body.includes('<!-- drover:revision-review-')),
      60_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
  }, 120_000);

  it('ignores a request for changes from someone below the trust level', () => {
    expect(revisionRuns().map((run) => run.inputs.feedback)).toEqual([`review:${trustedReview}`]);
  });

  it('revises the PR on its branch for a trusted reviewer, and answers on the PR', () => {
    const head = world.sim.state.pulls.require(repo.fullName, pull).headSha;
    const bare = world.sim.state.repos.bare(world.sim.state.repos.require(repo.fullName));
    expect(bare.readCommit(head).message).toContain('Drover-Attempt: 2');
    const answer = repo
      .comments(pull)
      .find((comment) => comment.body.includes('<!-- drover:revision-review-'));
    expect(answer?.body).toContain('pushed the changes maintainer asked for');
    expect(repo.controlRecord()?.revisions ?? {}).toEqual({});
  });

  it('revises on `/drover revise` from a trusted person, and refuses an outsider', async () => {
    await repo.comment(pull, '/drover revise use tabs', repo.clientFor(stranger.token));
    const asked = await repo.comment(pull, '/drover revise use tabs, not spaces');
    await waitFor(
      'the second revision answered',
      () =>
        repo
          .comments(pull)
          .some((comment) => comment.body.includes(`<!-- drover:revision-comment-${asked} -->`)),
      60_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
    expect(revisionRuns().map((run) => run.inputs.feedback)).toEqual([
      `review:${trustedReview}`,
      `comment:${asked}`,
    ]);
    expect(
      repo.comments(pull).some((comment) => comment.body.startsWith('@stranger thanks for the nudge')),
    ).toBe(true);
  }, 90_000);
});

describe('after the PR: budgets per epic', () => {
  it('stops dispatching an epic at its budget from the config, says so, and passes agents what is left', async () => {
    const repo = world.createRepo(
      `${FAST_CONFIG.replace('workers: 3', 'workers: 1')}epic_budgets_usd: { alpha: 1 }\n`,
    );
    const tasks = [
      await repo.createIssue('Alpha one', ['drover', 'epic:alpha']),
      await repo.createIssue('Alpha two', ['drover', 'epic:alpha']),
      await repo.createIssue('Alpha three', ['drover', 'epic:alpha']),
    ];
    repo.setScenario(Object.fromEntries(tasks.map((task) => [`${task}:1`, { costUsd: 0.6 }])));
    await repo.comment(tasks[0] as number, '/drover run epic-alpha');
    await waitFor(
      'two tasks done and the budget reached',
      () =>
        tasks.filter((task) => repo.isClosed(task)).length === 2 &&
        repo.statusComment().includes('Budget reached'),
      60_000,
      () => repo.describe(tasks),
    );
    await world.quiesce();
    const runs = repo.runs().filter((run) => run.displayTitle.startsWith('drover #'));
    expect(runs.map((run) => run.inputs['budget-usd'])).toEqual(['1.00', '0.40']);
    expect(tasks.filter((task) => repo.runsOf(task).length === 0)).toHaveLength(1);
    const status = repo.statusComment();
    expect(status).toContain('Spend: $1.20 of $1.00. **Budget reached: no new attempt starts**');
    expect(status).toContain(`| #${tasks[0]} | Alpha one | alpha | 5 | done | $0.60 |`);
  }, 90_000);
});
