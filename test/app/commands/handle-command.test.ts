import { beforeEach, describe, expect, it } from '@jest/globals';
import type { RepoPermission } from '../../../core/gateway.js';
import { handleCommand, type HandleCommandInput } from '../../../app/commands/handle-command.js';
import { aConfig, anAttempt, anIssue, aRun } from '../fakes/drover-fixtures.js';
import { InMemoryGateway } from '../fakes/in-memory-gateway.js';

const OWN_APP_ID = 1001;
const now = new Date('2026-11-25T12:00:00.000Z');
let gateway: InMemoryGateway;

beforeEach(() => {
  gateway = new InMemoryGateway();
  gateway.permissions = {
    admin: 'admin',
    maint: 'maintain',
    writer: 'write',
    triager: 'triage',
    reader: 'read',
  };
  gateway.snapshot.issues = [
    anIssue(1, { labels: ['drover', 'epic:auth'], title: 'Schema' }),
    anIssue(2, { labels: ['drover', 'epic:auth', 'drover:failed'], title: 'API' }),
    anIssue(3, { labels: ['drover', 'epic:billing', 'drover:blocked'], title: 'Invoices' }),
    anIssue(4, { labels: ['drover', 'drover:running'], title: 'Docs' }),
    anIssue(5, { labels: ['drover', 'drover:review'], title: 'Logo' }),
  ];
});

function command(body: string, author = 'writer', extra: Partial<HandleCommandInput['comment']> = {}) {
  return handleCommand({
    gateway,
    config: aConfig(),
    issue: 42,
    comment: { id: 900, body, author, authorType: 'User', viaAppId: null, ...extra },
    ownAppId: OWN_APP_ID,
    now,
    loadSnapshot: () => gateway.loadSnapshot(),
  });
}

function onlyReply(): string {
  const replies = gateway.repliesTo(42);
  expect(replies).toHaveLength(1);
  return replies[0] as string;
}

function writesOtherThanReplies() {
  return gateway.writes.filter((write) => write.op !== 'upsertComment');
}

describe('authorization', () => {
  it.each(['admin', 'maint', 'writer'])('%s (write or more) may give commands', async (login) => {
    const result = await command('/drover pause', login);
    expect(result.handled).toBe(true);
    expect(onlyReply()).toContain('There is no active run');
  });

  it.each(['triager', 'reader', 'stranger'])(
    '%s gets one polite refusal and nothing changes',
    async (login) => {
      gateway.snapshot.run = aRun();
      const result = await command('/drover cancel', login);
      expect(result).toEqual({ handled: true, reconcile: false });
      const refusal = onlyReply();
      expect(refusal).toContain(`@${login} thanks for the nudge!`);
      expect(refusal).toContain('**write** permission');
      expect(writesOtherThanReplies()).toEqual([]);
      expect(gateway.permissionLookups).toEqual([login]);
    },
  );

  it('refuses the same comment only once, even when the webhook is delivered again', async () => {
    await command('/drover run', 'reader');
    await command('/drover run', 'reader');
    expect(gateway.comments.size).toBe(1);
    expect([...gateway.comments.keys()]).toEqual(['42/reply-900']);
  });

  it('honours a stricter trust.min_permission', async () => {
    const result = await handleCommand({
      gateway,
      config: aConfig({ trust: { min_permission: 'maintain' } }),
      issue: 42,
      comment: { id: 1, body: '/drover pause', author: 'writer', authorType: 'User' },
      ownAppId: OWN_APP_ID,
      now,
      loadSnapshot: () => gateway.loadSnapshot(),
    });
    expect(result.reconcile).toBe(false);
    expect(onlyReply()).toContain('**maintain** permission');
  });

  it('ignores bots without a word and without asking for their permission', async () => {
    const result = await command('/drover run', 'renovate[bot]', { authorType: 'Bot' });
    expect(result).toEqual({ handled: false, reconcile: false });
    expect(gateway.writes).toEqual([]);
    expect(gateway.permissionLookups).toEqual([]);
  });

  it('ignores comments our own app posted, whatever the author looks like', async () => {
    const result = await command('/drover run', 'admin', { viaAppId: OWN_APP_ID });
    expect(result).toEqual({ handled: false, reconcile: false });
    expect(gateway.writes).toEqual([]);
  });

  it('a look-alike "drover-bot" user posting via another app is checked like any user, by permission', async () => {
    const refused = await command('/drover run', 'drover-bot', { viaAppId: 2002 });
    expect(refused.handled).toBe(true);
    expect(onlyReply()).toContain('thanks for the nudge');
    expect(gateway.permissionLookups).toEqual(['drover-bot']);
    expect(writesOtherThanReplies()).toEqual([]);
  });

  it('a write user posting through another app is obeyed', async () => {
    const result = await command('/drover run', 'writer', { viaAppId: 2002 });
    expect(result).toEqual({ handled: true, reconcile: true });
  });

  it('ignores comments that are not commands, without any API call', async () => {
    expect(await command('> /drover run\nno thanks')).toEqual({ handled: false, reconcile: false });
    expect(gateway.permissionLookups).toEqual([]);
  });

  it('a refused malformed command gets the refusal, not the usage', async () => {
    await command('/drover fly', 'reader');
    expect(onlyReply()).not.toContain('/drover run [epic-x|x]');
  });
});

describe('malformed commands', () => {
  it('answer with what is wrong and the usage, and change nothing', async () => {
    const result = await command('/drover run --workers 0');
    expect(result).toEqual({ handled: true, reconcile: false });
    const reply = onlyReply();
    expect(reply).toContain('--workers must be a whole number from 1 to 64');
    expect(reply).toContain('/drover reset #N [#M…] | --failed');
    expect(writesOtherThanReplies()).toEqual([]);
  });
});

describe('/drover run', () => {
  it('records the run with scope, workers, budget, who and when, and asks for a reconcile', async () => {
    const result = await command('/drover run epic-auth --workers 5 --budget 20', 'maint');
    expect(result).toEqual({ handled: true, reconcile: true });
    expect(writesOtherThanReplies()).toEqual([
      {
        op: 'writeRun',
        run: {
          id: 'run-900',
          epic: 'auth',
          workers: 5,
          budgetUsd: 20,
          paused: false,
          cancelled: false,
          startedBy: 'maint',
          startedAt: '2026-11-25T12:00:00.000Z',
        },
      },
    ]);
    expect(onlyReply()).toContain(
      'Started run `run-900` over epic `auth` with 5 workers and a budget of $20.00.',
    );
  });

  it('takes workers and budget from the config by default and matches the epic case-insensitively', async () => {
    await command('/drover run AUTH');
    expect(gateway.snapshot.run).toMatchObject({ epic: 'auth', workers: 3, budgetUsd: null });
  });

  it('an unknown epic says which epics exist and starts nothing', async () => {
    const result = await command('/drover run payments');
    expect(result).toEqual({ handled: true, reconcile: false });
    expect(onlyReply()).toContain(
      'There is no epic `payments`: the epics are `auth`, `billing`. Nothing was started.',
    );
    expect(writesOtherThanReplies()).toEqual([]);
  });

  it('a backtick in the requested epic cannot break out of the code span', async () => {
    await command('/drover run a`b');
    expect(onlyReply()).toContain('There is no epic `ab`:');
  });

  it('says when it replaces the active run', async () => {
    gateway.snapshot.run = aRun({ id: 'run-1' });
    await command('/drover run');
    expect(onlyReply()).toContain('It replaces run `run-1`.');
  });
});

describe('/drover pause, resume, cancel', () => {
  it('pause and resume flip the flag of the active run', async () => {
    gateway.snapshot.run = aRun();
    expect(await command('/drover pause')).toEqual({ handled: true, reconcile: true });
    expect(gateway.snapshot.run?.paused).toBe(true);
    gateway.writes = [];
    await command('/drover pause');
    expect(onlyReply()).toContain('already paused');
    gateway.writes = [];
    await command('/drover resume');
    expect(gateway.snapshot.run?.paused).toBe(false);
    expect(onlyReply()).toContain('Resumed run `run-1`.');
  });

  it('resume of a run that is not paused says so', async () => {
    gateway.snapshot.run = aRun();
    expect(await command('/drover resume')).toEqual({ handled: true, reconcile: false });
    expect(onlyReply()).toContain('is not paused');
  });

  it('cancel stops dispatching first, then cancels every attempt in flight', async () => {
    gateway.snapshot.run = aRun();
    gateway.snapshot.inFlight = [
      { runId: 71, task: 4, attempt: 1, status: 'in_progress', createdAt: '2026-11-25T11:00:00Z' },
      { runId: 72, task: 1, attempt: 2, status: 'queued', createdAt: '2026-11-25T11:30:00Z' },
    ];
    expect(await command('/drover cancel')).toEqual({ handled: true, reconcile: true });
    expect(writesOtherThanReplies()).toEqual([
      { op: 'writeRun', run: { ...aRun(), cancelled: true } },
      { op: 'cancelRun', runId: 71 },
      { op: 'cancelRun', runId: 72 },
    ]);
    expect(onlyReply()).toContain('cancelling the attempts of #4, #1');
  });

  it('cancel reports a run it could not cancel and still cancels the others', async () => {
    gateway.snapshot.run = aRun();
    gateway.snapshot.inFlight = [
      { runId: 71, task: 4, attempt: 1, status: 'in_progress', createdAt: '2026-11-25T11:00:00Z' },
      { runId: 72, task: 1, attempt: 1, status: 'queued', createdAt: '2026-11-25T11:00:00Z' },
    ];
    gateway.failCancelOf.add(71);
    await command('/drover cancel');
    expect(gateway.writes.filter((write) => write.op === 'cancelRun')).toHaveLength(2);
    expect(onlyReply()).toContain('Could not cancel: #4 (workflow run 71): HTTP 500: cancel failed');
  });

  it('cancel without a run or attempts says there is nothing to cancel', async () => {
    expect(await command('/drover cancel')).toEqual({ handled: true, reconcile: false });
    expect(onlyReply()).toContain('There is no active run');
  });
});

describe('/drover retry', () => {
  it('clears the failed label and retry time, keeping the attempt history', async () => {
    const record = anAttempt({
      attempt: 3,
      lastOutcome: 'failed',
      reason: 'tests',
      nextRetryAt: '2026-11-25T13:00:00Z',
      durationsMs: [1, 2, 3],
      costUsd: 4,
    });
    gateway.snapshot.attempts[2] = record;
    expect(await command('/drover retry #2')).toEqual({ handled: true, reconcile: true });
    expect(writesOtherThanReplies()).toEqual([
      { op: 'writeAttempt', task: 2, record: { ...record, nextRetryAt: null, lastOutcome: null } },
      { op: 'setLabels', issue: 2, add: [], remove: ['drover:failed', 'drover:blocked'] },
    ]);
    expect(onlyReply()).toContain('#2 will be retried (attempt 4)');
  });

  it('clears the blocked label of a blocked task', async () => {
    gateway.snapshot.run = aRun();
    await command('/drover retry #3');
    expect(writesOtherThanReplies()).toEqual([
      { op: 'setLabels', issue: 3, add: [], remove: ['drover:failed', 'drover:blocked'] },
    ]);
  });

  it('refuses a task that is neither failed nor blocked, and an issue that is no task', async () => {
    expect(await command('/drover retry #1')).toEqual({ handled: true, reconcile: false });
    expect(onlyReply()).toContain('#1 is todo, not failed or blocked');
    gateway.writes = [];
    await command('/drover retry #99');
    expect(onlyReply()).toContain('#99 is not a Drover task');
    expect(writesOtherThanReplies()).toEqual([]);
  });
});

describe('/drover reset', () => {
  it('forgets the attempt record and state labels of the named tasks, cancelling a running attempt', async () => {
    gateway.snapshot.attempts[4] = anAttempt({ attempt: 1, runId: 71 });
    gateway.snapshot.inFlight = [
      { runId: 71, task: 4, attempt: 1, status: 'in_progress', createdAt: '2026-11-25T11:00:00Z' },
    ];
    expect(await command('/drover reset #4 #1')).toEqual({ handled: true, reconcile: true });
    const allLabels = ['drover:running', 'drover:review', 'drover:blocked', 'drover:failed'];
    expect(writesOtherThanReplies()).toEqual([
      { op: 'cancelRun', runId: 71 },
      { op: 'writeAttempt', task: 4, record: anAttempt() },
      { op: 'setLabels', issue: 4, add: [], remove: allLabels },
      { op: 'setLabels', issue: 1, add: [], remove: allLabels },
    ]);
    expect(onlyReply()).toContain('Reset #4, #1: they start again from attempt 1.');
  });

  it('--failed resets every failed task and only those', async () => {
    await command('/drover reset --failed');
    expect(writesOtherThanReplies().map((write) => ('issue' in write ? write.issue : null))).toEqual([2]);
  });

  it('refuses a task in review and reports what it skipped', async () => {
    await command('/drover reset #5 #77');
    expect(writesOtherThanReplies()).toEqual([]);
    expect(onlyReply()).toContain(
      'Nothing was reset. Skipped: #5 has an open pull request: close it first, then reset; #77 is not a Drover task.',
    );
  });
});

describe('/drover status, plan, help', () => {
  it('status replies with the rendered run status (without the run-status marker)', async () => {
    gateway.snapshot.run = aRun({ epic: 'auth' });
    expect(await command('/drover status')).toEqual({ handled: true, reconcile: false });
    const reply = onlyReply();
    expect(reply).toContain('## Drover run (in progress)');
    expect(reply).toContain('| #1 | Schema | auth |');
    expect(reply).not.toContain('drover:run-status');
    expect(writesOtherThanReplies()).toEqual([]);
  });

  it('plan replies with the order, the critical path and an ETA', async () => {
    gateway.snapshot.run = aRun();
    await command('/drover plan');
    const reply = onlyReply();
    expect(reply).toContain('Ready, in the order Drover starts them:');
    expect(reply).toMatch(/1\. #1 Schema \(priority 5\)/);
    expect(reply).toContain('ETA:');
  });

  it('plan without a run says nothing starts until /drover run', async () => {
    await command('/drover plan');
    expect(onlyReply()).toContain('No run is active: nothing starts until `/drover run`.');
  });

  it.each(['admin', 'writer'])('help answers %s with the usage', async (login) => {
    await command('/drover help', login);
    expect(onlyReply()).toContain('/drover retry #N');
  });
});

describe('errors', () => {
  it('tells the person when a command fails, then rethrows for the caller to log', async () => {
    gateway.snapshot.run = aRun();
    gateway.writeRun = async () => {
      throw new Error('HTTP 502');
    };
    await expect(command('/drover pause')).rejects.toThrow('HTTP 502');
    expect(onlyReply()).toContain('`/drover pause` did not complete: HTTP 502. It is safe to give it again.');
  });

  it('a permission lookup that fails is not taken as a refusal', async () => {
    gateway.getPermission = async (): Promise<RepoPermission> => {
      throw new Error('HTTP 503');
    };
    await expect(command('/drover run')).rejects.toThrow('HTTP 503');
    expect(gateway.writes).toEqual([]);
  });
});
