/**
 * One controller job against the simulator, with the App's token minted from its id and key:
 * the event goes through the app's router and gates, so commands and refusals are the app's,
 * bots (Drover itself included) are ignored, and a schedule event is a full pass.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { runControllerJob } from '../../../app/actions/controller-job.js';
import { jobAccess, type JobAccess } from '../../../app/actions/job-access.js';
import { silentLogger } from '../../../app/reconcile/apply/apply-context.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { octokitFor } from '../../simulator/sim-helpers.js';

const REPO = 'acme/tasks';
let sim: Simulator;
let access: JobAccess;
let maintainer: Octokit;
let reader: Octokit;
let issue: number;
let runId = 0;

beforeAll(async () => {
  sim = await startSimulator();
  sim.createUser('acme', { type: 'Organization' });
  sim.createRepo('acme', 'tasks');
  maintainer = octokitFor(sim, sim.createUser('maya').token);
  reader = octokitFor(sim, sim.createUser('rita').token);
  sim.setPermission(REPO, 'maya', 'admin');
  sim.setPermission(REPO, 'rita', 'read');
  sim.installApp(REPO);
  issue = (await maintainer.rest.issues.create({ owner: 'acme', repo: 'tasks', title: 'Run here' })).data
    .number;
  access = await jobAccess(
    { kind: 'app', appId: sim.app.id, privateKey: sim.app.privateKey },
    { repo: REPO, baseUrl: sim.baseUrl, webUrl: sim.serverUrl, spaceWrites: false },
  );
});

afterAll(async () => sim.close());

async function commentEvent(author: Octokit, body: string, type = 'User') {
  const { data: comment } = await author.rest.issues.createComment({
    owner: 'acme',
    repo: 'tasks',
    issue_number: issue,
    body,
  });
  return {
    action: 'created',
    issue: { number: issue },
    comment: { id: comment.id, body, user: { login: comment.user?.login, type } },
    repository: { full_name: REPO },
    sender: { login: comment.user?.login, type },
  };
}

const job = (eventName: string, payload: Record<string, unknown>) =>
  runControllerJob({
    repo: REPO,
    eventName,
    payload,
    deliveryId: `run-${++runId}`,
    access,
    log: silentLogger,
  });

const replies = async () =>
  (
    await maintainer.rest.issues.listComments({ owner: 'acme', repo: 'tasks', issue_number: issue })
  ).data.filter((comment) => comment.user?.login === `${sim.app.slug}[bot]`);

describe('a controller job', () => {
  test('works as the App: its identity comes from the App id and key', async () => {
    expect(access.kind).toBe('app');
    expect(await access.identity()).toEqual({ appId: sim.app.id, botLogin: `${sim.app.slug}[bot]` });
  });

  test('a command from someone without the permission is refused, as the app refuses it', async () => {
    await job('issue_comment', await commentEvent(reader, '/drover run'));
    const answers = await replies();
    expect(answers).toHaveLength(1);
    // No attempt workflow here: the config has a problem, so the app's fail-closed rule asks for admin.
    expect(answers[0]!.body).toContain('takes commands only from people with **admin** permission');
    expect(answers[0]!.body).toContain('yours is **read**');
  });

  test('a bot’s command is ignored without a word or a pass; so is a comment that is no command', async () => {
    const before = (await replies()).length;
    expect(await job('issue_comment', await commentEvent(maintainer, '/drover run', 'Bot'))).toEqual({
      passes: 0,
      failedPasses: 0,
      failed: false,
    });
    expect((await job('issue_comment', await commentEvent(maintainer, 'nice work'))).passes).toBe(0);
    expect(await replies()).toHaveLength(before);
  });

  test('a maintainer’s command is answered, then the repository is reconciled', async () => {
    const result = await job('issue_comment', await commentEvent(maintainer, '/drover status'));
    expect(result.failed).toBe(false);
    expect((await replies()).at(-1)?.body).toContain('@maya');
  });

  test('the scheduled resync is a full pass; an event Drover does not know is a no-op', async () => {
    expect((await job('schedule', { schedule: '*/10 * * * *' })).passes).toBeGreaterThanOrEqual(1);
    expect((await job('watch', { action: 'started', repository: { full_name: REPO } })).passes).toBe(0);
  });
});
