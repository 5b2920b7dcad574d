/**
 * Workflows on the events that run the default branch's workflow file: `issues`,
 * `issue_comment`, `check_suite`, `workflow_run` (of the workflows named), a `schedule` tick;
 * GITHUB_SHA is the default branch's last commit. Events a GITHUB_TOKEN caused start no run,
 * `workflow_dispatch` excepted; a job whose `if:` is false is skipped without a runner.
 * https://docs.github.com/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { octokitFor } from '../sim-helpers.js';

const WATCH = `name: Watch
on:
  issues:
    types: [labeled]
  issue_comment:
    types: [created]
  workflow_run:
    workflows: [Work]
    types: [completed]
  schedule:
    - cron: '*/10 * * * *'
permissions:
  issues: write
jobs:
  watch:
    runs-on: ubuntu-latest
    if: github.event_name != 'issue_comment' || contains(github.event.comment.body, 'go')
    steps:
      - run: echo "event=$GITHUB_EVENT_NAME ref=$GITHUB_REF sha=$GITHUB_SHA"
      - if: github.event_name == 'issues'
        run: >-
          curl -sSf -X POST -H "Authorization: Bearer $GITHUB_TOKEN" -H 'Content-Type: application/json'
          -d '{"body":"go: from the job"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/issues/1/comments"
`;

const WORK = `name: Work
on: workflow_dispatch
permissions:
  actions: write
jobs:
  work:
    runs-on: ubuntu-latest
    steps:
      - run: echo working
`;

describe('Actions: runs on the default branch’s events', () => {
  let sim: Simulator;
  let person: Octokit;
  let app: Octokit;
  const repo = { owner: 'acme', repo: 'tasks' };
  const runsOf = (event: string) =>
    sim.actions.runs().filter((run) => run.workflowName === 'Watch' && run.event === event);

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    const mona = sim.createUser('mona');
    sim.createRepo('acme', 'tasks', {
      files: { '.github/workflows/watch.yml': WATCH, '.github/workflows/work.yml': WORK },
    });
    sim.setPermission('acme/tasks', 'mona', 'write');
    person = octokitFor(sim, mona.token);
    app = octokitFor(sim, await sim.installationToken(sim.installApp('acme/tasks')));
    await person.rest.issues.create({ ...repo, title: 'A task' });
  });
  afterAll(async () => sim.close());

  test('issues: the listed activity runs the default branch’s workflow at its last commit', async () => {
    const { data: main } = await person.rest.repos.getBranch({ ...repo, branch: 'main' });
    await person.rest.issues.update({ ...repo, issue_number: 1, title: 'Renamed' }); // edited: not listed
    await person.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['drover'] });
    await sim.actions.idle();
    const runs = runsOf('issues');
    expect(runs.map((run) => [run.conclusion, run.githubRef, run.githubSha])).toEqual([
      ['success', 'refs/heads/main', main.commit.sha],
    ]);
    expect(sim.actions.runLog(runs[0]!.id)).toContain(
      `event=issues ref=refs/heads/main sha=${main.commit.sha}`,
    );
  });

  test('a comment the job’s GITHUB_TOKEN wrote starts nothing; a person’s does, and if: skips what it filters', async () => {
    // The job above commented with its GITHUB_TOKEN: no issue_comment run came of it.
    const { data: comments } = await person.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(comments.map((comment) => [comment.user?.login, comment.body])).toEqual([
      ['github-actions[bot]', 'go: from the job'],
    ]);
    expect(runsOf('issue_comment')).toEqual([]);
    await person.rest.issues.createComment({ ...repo, issue_number: 1, body: 'go on' });
    await person.rest.issues.createComment({ ...repo, issue_number: 1, body: 'just chatting' });
    await sim.actions.idle();
    // The two events' runs may be created in either order (each trigger is evaluated on its own).
    const outcomes = runsOf('issue_comment').map((run) => [run.conclusion, run.jobs[0]!.conclusion]);
    expect(outcomes.sort()).toEqual([
      ['skipped', 'skipped'],
      ['success', 'success'],
    ]);
  });

  test('an App installation’s comment starts runs (only GITHUB_TOKEN events are held back)', async () => {
    await app.rest.issues.createComment({ ...repo, issue_number: 1, body: 'go, says the app' });
    await sim.actions.idle();
    expect(runsOf('issue_comment')).toHaveLength(3);
  });

  test('workflow_run: a completed run of a followed workflow starts one; requested and in_progress do not', async () => {
    await app.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'work.yml', ref: 'main' });
    await sim.actions.idle();
    const runs = runsOf('workflow_run');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.eventPayload).toMatchObject({ action: 'completed', workflow: { name: 'Work' } });
  });

  test('schedule: a tick runs the workflow once, on the default branch', async () => {
    await sim.actions.schedule('acme/tasks');
    await sim.actions.idle();
    expect(runsOf('schedule').map((run) => [run.conclusion, run.githubRef])).toEqual([
      ['success', 'refs/heads/main'],
    ]);
    expect(runsOf('schedule')[0]!.eventPayload).toMatchObject({ schedule: '*/10 * * * *' });
  });
});
