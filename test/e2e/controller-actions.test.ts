/**
 * Drover with no server: the demo scenario, smaller, driven by the controller workflow
 * (controller/drover-controller.yml) that the simulator's runner executes on each event, as
 * GitHub would, with the App's id and key as a repository variable and secret. No app process
 * runs: every write comes from a controller job.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { buildReport, type DemoReport } from '../../demo/demo-report.js';
import { startDemoSession, type DemoSession } from '../../demo/demo-session.js';
import { runAndWatch, type WatchResult } from '../../demo/watch-run.js';

const WORKERS = 2;
/** T1 words ← T2 capitalize (a dependency); T5 truncate fails its first attempt. */
const SCENARIO = ['T1', 'T2', 'T5'];
/** Generous: the machine running the suite may be busy; the scenario itself takes well under a minute. */
const SCENARIO_TIMEOUT_MS = 180_000;
const CONTROLLER_WORKFLOW = '.github/workflows/drover-controller.yml';

let session: DemoSession;
let watched: WatchResult;
let report: DemoReport;

beforeAll(async () => {
  session = await startDemoSession({ workers: WORKERS, only: SCENARIO, controller: 'actions' });
  watched = await runAndWatch(session, { workers: WORKERS, timeoutMs: SCENARIO_TIMEOUT_MS });
  await session.appIdle();
  report = await buildReport(session, watched);
}, SCENARIO_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await session?.close();
});

const controllerRuns = () =>
  session.sim.actions.runs().filter((run) => run.workflowPath === CONTROLLER_WORKFLOW);

describe('controller mode: the controller workflow drives the backlog', () => {
  test('every task is closed as completed by a merged pull request', async () => {
    expect(watched.finished).toBe('all-closed');
    expect(report.done).toBe(SCENARIO.length);
    for (const id of SCENARIO) {
      const { data: issue } = await session.maintainer.rest.issues.get({
        ...session.repo,
        issue_number: session.numbers[id] ?? 0,
      });
      expect([id, issue.state, issue.state_reason]).toEqual([id, 'closed', 'completed']);
    }
  });

  test('the controller ran as workflow runs, on the events of its `on:`, one reconcile at a time', () => {
    const runs = controllerRuns();
    const events = new Set(runs.map((run) => run.event));
    expect(events).toContain('issue_comment');
    expect(events).toContain('workflow_run');
    // The command's job queued the pass it asked for in the repository's group (workflow_dispatch).
    expect(events).toContain('workflow_dispatch');
    // Every run that did work succeeded (the others were skipped by the job's `if:` or replaced in the queue).
    expect(
      runs.filter((run) => run.conclusion === 'failure').map((run) => session.sim.actions.runLog(run.id)),
    ).toEqual([]);
  });

  test("the controller's own comments and changes do not start it in a loop", async () => {
    await session.sim.actions.idle();
    const before = controllerRuns().length;
    // Nothing happens any more: no run is queued or running, and none starts by itself.
    expect(session.sim.actions.load()).toEqual({ queued: 0, running: 0 });
    await session.sim.actions.idle();
    expect(controllerRuns().length).toBe(before);
  });

  test('the pull requests are written by the App (its token), not by GITHUB_TOKEN', async () => {
    const pulls = await session.maintainer.paginate(session.maintainer.rest.pulls.list, {
      ...session.repo,
      state: 'closed',
      per_page: 100,
    });
    expect(pulls.length).toBeGreaterThanOrEqual(SCENARIO.length);
    for (const pull of pulls) expect(pull.user?.login).toBe(`${session.sim.app.slug}[bot]`);
  });
});
