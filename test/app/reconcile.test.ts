import { describe, expect, it } from '@jest/globals';
import { plan } from '../../core/plan.js';
import { reconcile } from '../../app/reconcile/reconcile.js';
import { activeRun, Crash, FakeGateway, patchFor } from './fake-gateway.js';

const NOW = new Date('2026-01-01T01:00:00Z');
const deps = { planner: plan, now: () => NOW };

function threeTasks(): FakeGateway {
  const gateway = new FakeGateway();
  gateway.configText =
    'merge: { mode: direct }\nmax_attempts: 2\nbackoff: { base_seconds: 1, factor: 1, max_seconds: 1 }\n';
  gateway.run = activeRun(2);
  gateway.addTask(1);
  gateway.addTask(2, { blockedBy: [{ number: 1, repo: 'octo/repo', state: 'open', stateReason: null }] });
  gateway.addTask(3);
  return gateway;
}

describe('reconcile', () => {
  it('dispatches ready tasks up to the run’s workers, marking them running with an attempt marker', async () => {
    const gateway = threeTasks();
    const report = await reconcile(gateway, deps);
    expect(report.dispatched.map((entry) => entry.task).sort()).toEqual([1, 3]);
    expect(gateway.runs.map((run) => run.name).sort()).toEqual([
      'drover #1 attempt 1',
      'drover #3 attempt 1',
    ]);
    expect(gateway.issue(1).labels).toContain('drover:running');
    expect(gateway.attempts[1]).toMatchObject({ attempt: 1, runId: gateway.runs[0]?.id, lastOutcome: null });
  });

  it('publishes a success as commits and one PR, merges it, and dispatches the dependent in the same reconcile', async () => {
    const gateway = threeTasks();
    await reconcile(gateway, deps);
    for (const run of gateway.inFlightRuns()) gateway.finishRun(run, 'success');
    const report = await reconcile(gateway, deps);
    expect(report.pullRequests.map((entry) => entry.task).sort()).toEqual([1, 3]);
    expect(gateway.pulls.every((pull) => pull.merged)).toBe(true);
    expect(gateway.pulls[0]?.body).toContain('Closes #');
    expect(gateway.branches.has('drover/1-task-1')).toBe(true);
    expect(report.dispatched).toEqual([
      { task: 2, attempt: 1, runId: expect.any(Number), mode: 'implement' },
    ]);
  });

  it('retries a failed attempt after the backoff, then marks the task failed once attempts are exhausted', async () => {
    const gateway = threeTasks();
    gateway.issues = gateway.issues.filter((issue) => issue.number === 3);
    await reconcile(gateway, deps);
    gateway.finishRun(gateway.inFlightRuns()[0]!, 'failed', { reason: 'tests failed' });
    await reconcile(gateway, deps);
    expect(gateway.attempts[3]).toMatchObject({ attempt: 1, lastOutcome: 'failed', reason: 'tests failed' });
    expect(gateway.branches.has('drover/wip/3-attempt-1')).toBe(true);
    const later = { planner: plan, now: () => new Date(NOW.getTime() + 5_000) };
    await reconcile(gateway, later);
    expect(gateway.runs.map((run) => run.name)).toEqual(['drover #3 attempt 1', 'drover #3 attempt 2']);
    gateway.finishRun(gateway.inFlightRuns()[0]!, 'failed', { reason: 'still failing' });
    const report = await reconcile(gateway, later);
    expect(report.failed).toEqual([3]);
    expect(gateway.issue(3).labels).toEqual(expect.arrayContaining(['drover:failed']));
    expect(gateway.issue(3).labels).not.toContain('drover:running');
  });

  it('labels a blocked outcome drover:blocked with the agent’s reason', async () => {
    const gateway = threeTasks();
    await reconcile(gateway, deps);
    gateway.finishRun(gateway.runs[0]!, 'blocked', { reason: 'Which database?', patch: null });
    await reconcile(gateway, deps);
    expect(gateway.issue(1).labels).toContain('drover:blocked');
    expect(gateway.attempts[1]).toMatchObject({ lastOutcome: 'blocked', reason: 'Which database?' });
  });

  it('refuses a patch touching .github/workflows/: the attempt fails with the reason and nothing is written', async () => {
    const gateway = threeTasks();
    await reconcile(gateway, deps);
    gateway.finishRun(gateway.runs[0]!, 'success', { patch: patchFor(1, '.github/workflows/ci.yml') });
    await reconcile(gateway, deps);
    expect(gateway.attempts[1]?.lastOutcome).toBe('failed');
    expect(gateway.attempts[1]?.reason).toMatch(/\.github\/workflows\/ci\.yml.*allow_workflow_changes/);
    expect([...gateway.branches.keys()].some((branch) => branch.startsWith('drover/1-'))).toBe(false);
  });

  it('counts a run that left no artifact, or vanished, as a failed attempt', async () => {
    const gateway = threeTasks();
    await reconcile(gateway, deps);
    gateway.finishRun(gateway.runs[0]!, 'failed', { artifact: false });
    gateway.runs.splice(1, 1);
    await reconcile(gateway, deps);
    expect(gateway.attempts[1]?.reason).toMatch(/without an attempt artifact/);
    expect(gateway.attempts[3]?.reason).toMatch(/vanished/);
  });

  it('dispatches nothing and reports the problems when drover.yml is invalid', async () => {
    const gateway = threeTasks();
    gateway.configText = 'merge: { mode: fast }\n';
    const report = await reconcile(gateway, deps);
    expect(report.configProblems.join(' ')).toMatch(/merge\.mode/);
    expect(gateway.runs).toEqual([]);
    expect(gateway.writes).toEqual([]);
  });

  it('dispatches nothing while the run is paused', async () => {
    const gateway = threeTasks();
    gateway.run = { ...activeRun(2), paused: true };
    await reconcile(gateway, deps);
    expect(gateway.runs).toEqual([]);
  });

  it('sends a task whose PR was closed unmerged back to ready as a failed attempt', async () => {
    const gateway = threeTasks();
    gateway.configText = 'merge: { mode: manual }\n';
    await reconcile(gateway, deps);
    gateway.finishRun(gateway.runs[0]!, 'success');
    await reconcile(gateway, deps);
    expect(gateway.issue(1).labels).toContain('drover:review');
    gateway.pulls[0]!.state = 'closed';
    await reconcile(gateway, deps);
    expect(gateway.issue(1).labels).not.toContain('drover:review');
    expect(gateway.attempts[1]).toMatchObject({
      lastOutcome: 'failed',
      reason: expect.stringMatching(/closed without merging/),
    });
  });
});

/** Drive the three-task DAG to the end, finishing every run with success after each reconcile. */
async function runToCompletion(gateway: FakeGateway): Promise<number> {
  let crashes = 0;
  for (let round = 0; round < 30; round += 1) {
    try {
      await reconcile(gateway, deps);
    } catch (error) {
      if (!(error instanceof Crash)) throw error;
      crashes += 1; // the app died; the next reconcile is a fresh process reading GitHub
      continue;
    }
    for (const run of gateway.inFlightRuns()) gateway.finishRun(run, 'success');
    if (gateway.issues.every((issue) => issue.state === 'closed')) return crashes;
  }
  throw new Error('the DAG did not complete in 30 reconciles');
}

describe('crash safety', () => {
  it('reaches the same end state, with nothing doubled, whichever write the app dies before', async () => {
    const clean = threeTasks();
    await runToCompletion(clean);
    const totalWrites = clean.writes.length;
    expect(totalWrites).toBeGreaterThan(10);
    for (let crashAt = 1; crashAt <= totalWrites; crashAt += 1) {
      const gateway = threeTasks();
      gateway.crashBeforeWrite = crashAt;
      const crashes = await runToCompletion(gateway);
      const context = `crash before write ${crashAt}`;
      expect([context, crashes]).toEqual([context, 1]);
      const runNames = gateway.runs.map((run) => run.name);
      expect([context, new Set(runNames).size]).toEqual([context, runNames.length]);
      expect([context, runNames.length]).toEqual([context, 3]);
      const heads = gateway.pulls.map((pull) => pull.head);
      expect([context, heads.length]).toEqual([context, 3]);
      const running = gateway.issues
        .filter((issue) => issue.labels.includes('drover:running'))
        .map((issue) => issue.number);
      expect([context, running]).toEqual([context, []]);
      expect([context, gateway.issues.every((issue) => issue.state === 'closed')]).toEqual([context, true]);
    }
  });
});
