/**
 * The app drives whole backlogs to completion against the simulator, with the stub action
 * doing each attempt's work: a 10-task DAG with workers = 3, the same with every webhook
 * delivered twice, and a backlog with a cycle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DroverWorld, waitFor, type TestRepo } from './drover-world.js';
import { expectEachTaskDoneOnce } from './expect-done-once.js';

/** Native "blocked by" links and `blocked-by:#N` labels, per task, as the test built them. */
type Blockers = Map<number, number[]>;

interface Backlog {
  tasks: number[];
  /** Children run inside their parent's attempt; they are never dispatched themselves. */
  children: number[];
  blockers: Blockers;
}

/**
 * 10 issues: an epic, priorities, native dependencies, `blocked-by` labels, and a parent with
 * two sub-issues.
 *   a(high, epic:web) ← b(epic:web, native) ← parent{child1, child2}(native) ← g(epic:web, native)
 *   a ← c(label)      ← e(native c, label d) ;  d(low) ;  f(critical)
 */
async function createTenTaskBacklog(repo: TestRepo): Promise<Backlog> {
  const a = await repo.createIssue('Task a', ['drover', 'priority:high', 'epic:web']);
  const b = await repo.createIssue('Task b', ['drover', 'epic:web']);
  const c = await repo.createIssue('Task c', ['drover', `blocked-by:#${a}`]);
  const d = await repo.createIssue('Task d', ['drover', 'priority:low']);
  const parent = await repo.createIssue('Parent task', ['drover']);
  const child1 = await repo.createIssue('Child one', ['drover']);
  const child2 = await repo.createIssue('Child two', ['drover']);
  const e = await repo.createIssue('Task e', ['drover', `blocked-by:#${d}`]);
  const f = await repo.createIssue('Task f', ['drover', 'priority:critical']);
  const g = await repo.createIssue('Task g', ['drover', 'epic:web']);
  await repo.addBlockedBy(b, a);
  await repo.addSubIssue(parent, child1);
  await repo.addSubIssue(parent, child2);
  await repo.addBlockedBy(parent, b);
  await repo.addBlockedBy(e, c);
  await repo.addBlockedBy(g, parent);
  const blockers: Blockers = new Map([
    [b, [a]],
    [c, [a]],
    [parent, [b]],
    [e, [c, d]],
    [g, [parent]],
  ]);
  return { tasks: [a, b, c, d, parent, child1, child2, e, f, g], children: [child1, child2], blockers };
}

function expectCompletedInDependencyOrder(repo: TestRepo, backlog: Backlog): void {
  for (const task of backlog.tasks) expect(repo.issue(task).stateReason).toBe('completed');
  for (const child of backlog.children) expect(repo.runsOf(child)).toHaveLength(0);
  for (const [task, blockers] of backlog.blockers) {
    for (const run of repo.runsOf(task)) {
      for (const blocker of blockers) {
        const closedAt = repo.issue(blocker).closedAt;
        expect({
          task,
          blocker,
          startedAfterBlockerClosed: Date.parse(run.createdAt) >= Date.parse(closedAt!),
        }).toEqual({
          task,
          blocker,
          startedAfterBlockerClosed: true,
        });
      }
    }
  }
}

describe('the app runs a backlog to completion against the simulator', () => {
  let world: DroverWorld;

  beforeAll(async () => {
    world = await DroverWorld.start();
  });

  afterAll(async () => {
    await world?.close();
  });

  it('runs a 10-task DAG with workers = 3: never more than 3 running, never a task before its blockers closed', async () => {
    const repo = world.createRepo();
    const backlog = await createTenTaskBacklog(repo);
    await repo.comment(backlog.tasks[0]!, '/drover run');
    await waitFor(
      'every task closed',
      () => backlog.tasks.every((task) => repo.isClosed(task)),
      240_000,
      () => repo.describe(backlog.tasks),
    );
    await world.quiesce();

    expectCompletedInDependencyOrder(repo, backlog);
    expect(repo.maxConcurrentRuns()).toBeLessThanOrEqual(3);
    // Workers are used: the three first-ready tasks were all dispatched before any result was published.
    const firstPullOpenedAt = Math.min(
      ...repo.pulls().map((pull) => Date.parse(world.sim.state.issues.byId(pull.issueId)!.createdAt)),
    );
    const firstThree = repo.runs().slice(0, 3);
    expect(firstThree.filter((run) => Date.parse(run.createdAt) <= firstPullOpenedAt)).toHaveLength(3);
    const dispatched = backlog.tasks.filter((task) => !backlog.children.includes(task));
    for (const task of dispatched) expect(repo.runsOf(task)).toHaveLength(1);
    // The first three dispatches, highest priority first: critical f, high a, then the rest.
    const [a, , , , parent, child1, child2, , f] = backlog.tasks;
    expect(
      repo
        .runs()
        .slice(0, 2)
        .map((run) => Number(run.inputs.task)),
    ).toEqual([f, a]);
    const pulls = repo.pulls();
    expect(pulls).toHaveLength(dispatched.length);
    expect(pulls.every((pull) => pull.merged)).toBe(true);
    const parentPull = pulls.find((pull) => pull.headRef.startsWith(`drover/${parent}/`))!;
    const parentPullBody = world.sim.state.issues.byId(parentPull.issueId)!.body;
    expect(parentPullBody).toContain(`Closes #${child1}`);
    expect(parentPullBody).toContain(`Closes #${child2}`);
    // Tasks that went well get no note: the PR that closed them says what was done.
    for (const task of backlog.tasks)
      expect({ task, notes: repo.notesOf(task) }).toEqual({ task, notes: [] });
    expect(repo.statusComment()).toContain('The run is done');
  }, 300_000);

  it('does everything once when every webhook is delivered twice', async () => {
    const repo = world.createRepo();
    world.sim.webhooks.duplicate(
      (delivery) =>
        (delivery.payload.repository as { full_name?: string } | undefined)?.full_name === repo.fullName,
    );
    const first = await repo.createIssue('First');
    const second = await repo.createIssue('Second');
    const third = await repo.createIssue('Third');
    await repo.addBlockedBy(second, first);
    const tasks = [first, second, third];
    await repo.comment(first, '/drover run');
    await waitFor(
      'every task closed',
      () => tasks.every((task) => repo.isClosed(task)),
      120_000,
      () => repo.describe(tasks),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, tasks);
    const replies = repo.comments(first).filter((comment) => comment.body.includes('Started run'));
    expect(replies).toHaveLength(1);
  }, 180_000);

  it('runs the rest of a backlog with a cycle, tells each member of the cycle once, and ends the run', async () => {
    const repo = world.createRepo();
    const x = await repo.createIssue('Cycle x');
    const y = await repo.createIssue('Cycle y');
    const free = await repo.createIssue('Free task');
    await repo.addBlockedBy(x, y);
    await repo.addBlockedBy(y, x);
    await repo.comment(free, '/drover run');
    await waitFor(
      'the free task closed and the run over',
      () => repo.isClosed(free) && repo.runEnded(),
      120_000,
      () => repo.describe([x, y, free]),
    );
    await world.quiesce();
    expect(repo.runsOf(x)).toHaveLength(0);
    expect(repo.runsOf(y)).toHaveLength(0);
    for (const [task, other] of [
      [x, y],
      [y, x],
    ] as const) {
      expect(repo.issue(task).state).toBe('open');
      expect(repo.labelsOf(task)).toContain('drover:stuck');
      const notes = repo.notesOf(task);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain(`cycle with #${other}`);
    }
    expect(repo.statusComment()).toMatch(new RegExp(`#${x} cannot start: cycle`));
    expect(repo.controlRecord()?.run?.verdict).toMatch(/^stopped: 1 done, 2 need a person/);
  }, 180_000);
});
