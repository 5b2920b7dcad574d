/**
 * Who may start Drover, and what survives a crash: a non-collaborator's `/drover run` is refused
 * (once, then with a reaction), a bot's is ignored, a command replayed under a new delivery id is
 * acted on once, the app restarted mid-run finishes the run without doubling or losing anything,
 * and the app failing between writing the commits and opening the PR ends with one PR.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMMAND_LEASE_MS } from '../../../app/controller.js';
import { DroverWorld, waitFor } from './drover-world.js';
import { expectEachTaskDoneOnce } from './expect-done-once.js';

describe('commands and crashes', () => {
  let world: DroverWorld;

  beforeAll(async () => {
    world = await DroverWorld.start();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("refuses a non-collaborator's /drover run: a reply says why, nothing is dispatched", async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Anything');
    const stranger = world.sim.createUser('stranger');
    await repo.comment(task, '/drover run', repo.clientFor(stranger.token));
    await waitFor(
      'a reply to the stranger',
      () => repo.comments(task).some((comment) => comment.body.includes('permission')),
      30_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
    const reply = repo.comments(task).find((comment) => comment.body.includes('permission'))!;
    expect(reply.viaApp).toBe(true);
    expect(reply.body).toContain('nothing was changed');
    // A second try is answered with a reaction, not a second comment.
    const again = await repo.comment(task, '/drover run --workers 2', repo.clientFor(stranger.token));
    await world.quiesce();
    expect(repo.comments(task).filter((comment) => comment.body.includes('permission'))).toHaveLength(1);
    expect(repo.reactionsOf(again)).toContain('confused');
    expect(repo.runs()).toHaveLength(0);
    expect(repo.labelsOf(task)).toEqual(['drover']);
    expect(() => repo.dashboardIssue()).toThrow(/no "Drover dashboard" issue/);
  }, 60_000);

  it('acts on a command once when its signed delivery is replayed under a new delivery id', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Anything');
    await repo.comment(task, '/drover run');
    await waitFor(
      'the run started',
      () => repo.comments(task).some((c) => c.body.includes('Started run')),
      30_000,
    );
    await world.quiesce();
    await repo.comment(task, '/drover cancel');
    await waitFor(
      'the run cancelled',
      () => repo.comments(task).some((c) => c.body.includes('Cancelled run')),
      30_000,
    );
    await world.quiesce();
    const run = world.sim.webhooks.deliveries.find(
      (delivery) =>
        delivery.event === 'issue_comment' && JSON.stringify(delivery.payload).includes('/drover run'),
    )!;
    world.sim.webhooks.replay(run.id);
    await world.quiesce();
    expect(repo.comments(task).filter((c) => c.body.includes('Started run'))).toHaveLength(1);
    expect(repo.controlRecord()?.run?.cancelled).toBe(true);
  }, 60_000);

  it("ignores a bot's /drover run, even from a bot with write permission: no reply, nothing dispatched", async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Anything');
    const bot = world.sim.createUser('helper[bot]', { type: 'Bot' });
    world.sim.setPermission(repo.fullName, bot.login, 'write');
    await repo.comment(task, '/drover run', repo.clientFor(bot.token));
    await world.quiesce();
    const delivered = world.sim.webhooks.deliveries.filter(
      (delivery) =>
        delivery.event === 'issue_comment' &&
        (delivery.payload.comment as { user: { login: string } }).user.login === bot.login,
    );
    expect(delivered.map((delivery) => delivery.status)).toEqual([200]);
    expect(repo.comments(task).map((comment) => comment.user)).toEqual([bot.login]);
    expect(repo.runs()).toHaveLength(0);
    expect(repo.labelsOf(task)).toEqual(['drover']);
  }, 60_000);

  it('finds a /drover run whose webhook reached no controller once one reads the repository again', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Unheard');
    // Every controller down while the comment is made: GitHub does not deliver it again.
    for (const app of world.apps) world.sim.webhooks.target(app.webhookUrl).drop();
    await repo.comment(task, '/drover run');
    await world.sim.webhooks.settled();
    expect(repo.runs()).toEqual([]);
    await world.restartApp();
    await waitFor(
      'the task closed',
      () => repo.isClosed(task),
      60_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, [task]);
  }, 90_000);

  it('takes up a /drover run whose controller died after claiming it, once its lease ends, and answers once', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Claimed, then the controller died');
    for (const app of world.apps) world.sim.webhooks.target(app.webhookUrl).drop();
    const command = await repo.comment(task, '/drover run');
    await world.sim.webhooks.settled();
    // The 👀 claim a controller made just before it was killed: no run, no answer.
    world.sim.state.comments.react(repo.fullName, command, world.sim.state.appBotLogin, 'eyes');
    const claimedAt = Date.now();
    await world.restartApp();
    await waitFor(
      'the task closed',
      () => repo.isClosed(task),
      90_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, [task]);
    // Not before the lease: its controller might have been answering it still.
    const firstRun = Math.min(...repo.runs().map((run) => Date.parse(run.createdAt)));
    expect(firstRun - claimedAt).toBeGreaterThanOrEqual(COMMAND_LEASE_MS - 1000);
    expect(repo.comments(task).filter((c) => c.body.includes('Started run'))).toHaveLength(1);
    expect(repo.controlRecord()?.commands).toContain(command);
  }, 120_000);

  it('finishes a run after the app is restarted in the middle: nothing doubled, nothing lost', async () => {
    const repo = world.createRepo();
    const first = await repo.createIssue('First');
    const second = await repo.createIssue('Second');
    const third = await repo.createIssue('Third');
    const last = await repo.createIssue('Last');
    await repo.addBlockedBy(last, first);
    const tasks = [first, second, third, last];
    await repo.comment(first, '/drover run');
    await waitFor(
      'three attempts dispatched',
      () => repo.runs().length === 3,
      60_000,
      () => repo.describe(tasks),
    );
    await world.restartApp();
    await waitFor(
      'every task closed',
      () => tasks.every((task) => repo.isClosed(task)),
      180_000,
      () => repo.describe(tasks),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, tasks);
  }, 240_000);

  it('ends with exactly one PR when the app dies between writing the commits and opening the PR', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Survive a crash');
    // Opening the PR fails (every retry too), as if the process died right after the commits.
    world.sim.faults.inject({
      method: 'POST',
      path: new RegExp(`^/repos/${repo.fullName}/pulls$`),
      status: 500,
    });
    await repo.comment(task, '/drover run');
    const branchWritten = () => repo.branchAheadOfMainOr0(`drover/${task}/attempt-1`) > 0;
    await waitFor('the work written on the attempt branch', branchWritten, 120_000, () =>
      repo.describe([task]),
    );
    await world.quiesce();
    expect(repo.pulls()).toHaveLength(0);

    world.sim.faults.clear();
    await world.restartApp();
    await waitFor(
      'the task closed',
      () => repo.isClosed(task),
      120_000,
      () => repo.describe([task]),
    );
    await world.quiesce();
    expectEachTaskDoneOnce(repo, [task]);
    expect(repo.runsOf(task)).toHaveLength(1);
  }, 240_000);
});
