/**
 * Controller mode with the plain GITHUB_TOKEN (no App): it still works, and the status comment
 * says what is lost. GitHub starts no workflow for what that token does (workflow_dispatch
 * excepted), so here the attempt starts (a dispatch), but its completion and Drover's own pull
 * request wake nothing: the scheduled resync carries the task on.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { GITHUB_TOKEN_NOTICE } from '../../app/actions/controller-job.js';
import { startDemoSession, type DemoSession } from '../../demo/demo-session.js';

const CONTROLLER_WORKFLOW = '.github/workflows/drover-controller.yml';
let session: DemoSession;

beforeAll(async () => {
  session = await startDemoSession({
    workers: 1,
    only: ['T1'],
    controller: 'actions',
    controllerToken: 'github-token',
  });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const fullName = () => `${session.repo.owner}/${session.repo.repo}`;
const controllerRuns = (event: string) =>
  session.sim.actions
    .runs()
    .filter(
      (run) =>
        run.workflowPath === CONTROLLER_WORKFLOW && run.event === event && run.conclusion === 'success',
    );
const task = async () =>
  (await session.maintainer.rest.issues.get({ ...session.repo, issue_number: session.numbers.T1 ?? 0 })).data;

describe('controller mode on GITHUB_TOKEN', () => {
  test('a /drover run comment starts the attempt (workflow_dispatch works with GITHUB_TOKEN)', async () => {
    const { data: host } = await session.maintainer.rest.issues.create({
      ...session.repo,
      title: 'Run here',
    });
    await session.maintainer.rest.issues.createComment({
      ...session.repo,
      issue_number: host.number,
      body: '/drover run --workers 1',
    });
    await session.sim.actions.idle();
    const attempts = session.sim.actions
      .runs()
      .filter((run) => run.workflowPath === '.github/workflows/drover.yml');
    expect(attempts.map((run) => [run.actor, run.conclusion])).toEqual([['github-actions[bot]', 'success']]);
    // Its completion woke no controller (an event of the token's own doing), and the task is not done yet.
    expect(controllerRuns('workflow_run')).toEqual([]);
    expect((await task()).state).toBe('open');
  }, 60_000);

  test('the scheduled resync publishes, opens and merges the pull request', async () => {
    await session.sim.actions.schedule(fullName());
    await session.sim.actions.idle();
    expect(controllerRuns('schedule')).toHaveLength(1);
    const issue = await task();
    expect([issue.state, issue.state_reason]).toEqual(['closed', 'completed']);
    const { data: pulls } = await session.maintainer.rest.pulls.list({ ...session.repo, state: 'closed' });
    expect(pulls.map((pull) => [pull.user?.login, pull.merged_at !== null])).toEqual([
      ['github-actions[bot]', true],
    ]);
  }, 60_000);

  test('the status comment says what GITHUB_TOKEN loses', async () => {
    const { maintainer, repo } = session;
    const issues = await maintainer.paginate(maintainer.rest.issues.listForRepo, { ...repo, state: 'all' });
    const comments = [];
    for (const issue of issues)
      comments.push(
        ...(await maintainer.rest.issues.listComments({ ...repo, issue_number: issue.number })).data,
      );
    const status = comments.filter((comment) => comment.body?.includes(GITHUB_TOKEN_NOTICE));
    expect(status).toHaveLength(1);
    expect(status[0]!.user?.login).toBe('github-actions[bot]');
  });
});
