/**
 * The controller as users run it: the default merge mode (auto), the real Octokit clients against
 * the simulator, two app instances behind one webhook URL (each delivery reaches one of them, as
 * a load balancer does), and the production write spacing on (content-creating requests spaced as
 * GitHub's best practices ask). A small DAG runs to completion with every task done once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DroverWorld, waitFor } from './drover-world.js';
import { expectEachTaskDoneOnce } from './expect-done-once.js';

describe('the production configuration, two instances', () => {
  let world: DroverWorld;

  beforeAll(async () => {
    world = await DroverWorld.start({ instances: 2, throttleWrites: true });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('runs a DAG to completion in dependency order, each task once, never over workers', async () => {
    const repo = world.createRepo();
    const a = await repo.createIssue('Task a');
    const b = await repo.createIssue('Task b');
    const c = await repo.createIssue('Task c');
    const d = await repo.createIssue('Task d');
    await repo.addBlockedBy(c, a);
    await repo.addBlockedBy(d, c);
    await repo.addBlockedBy(d, b);
    await repo.comment(a, '/drover run --workers 2');
    const tasks = [a, b, c, d];
    await waitFor(
      'every task closed',
      () => tasks.every((task) => repo.isClosed(task)),
      150_000,
      () => repo.describe(tasks),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, tasks);
    expect(repo.maxConcurrentRuns()).toBeLessThanOrEqual(2);
    for (const [task, blocker] of [
      [c, a],
      [d, c],
      [d, b],
    ] as const) {
      const started = Date.parse(repo.runsOf(task)[0]!.createdAt);
      expect(started).toBeGreaterThanOrEqual(Date.parse(repo.issue(blocker).closedAt!));
    }
    // Its own wait is bounded at 150 s: spaced writes (about one a second per instance) and the
    // default delays take about a minute under the full suite's load.
  }, 180_000);
});
