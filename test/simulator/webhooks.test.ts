import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { createHmac } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const eventsOf = (received: WebhookReceiver['received']) =>
  received.map(
    (r) =>
      `${String(r.headers['x-github-event'])}.${(JSON.parse(r.body) as { action?: string }).action ?? ''}`,
  );

describe('simulator: webhook deliveries', () => {
  let sim: Simulator;
  let receiver: WebhookReceiver;
  let app: Octokit;
  let installationId: number;
  const repo = { owner: 'alice', repo: 'hooks' };

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ webhookUrl: receiver.url, webhookSecret: 's3cret' });
    sim.createUser('alice');
    sim.createRepo('alice', 'hooks');
    installationId = sim.installApp('alice/hooks');
    app = new Octokit({
      baseUrl: sim.baseUrl,
      auth: await sim.installationToken(installationId),
      log: quiet,
    });
    await sim.webhooks.settled();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('delivers signed events with GitHub headers and the installation', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'T', labels: ['drover'] });
    await app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hi' });
    await sim.webhooks.settled();
    expect(eventsOf(receiver.received)).toEqual(['issues.opened', 'issues.labeled', 'issue_comment.created']);
    for (const { headers, body } of receiver.received) {
      const expected = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
      expect(headers['x-hub-signature-256']).toBe(expected);
      expect(headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers['x-github-hook-installation-target-id']).toBe(String(sim.app.id));
      expect(JSON.parse(body).installation).toEqual({ id: installationId, node_id: expect.any(String) });
    }
    expect(new Set(receiver.received.map((r) => r.headers['x-github-delivery'])).size).toBe(3);
  });

  it('holds, reorders and releases deliveries', async () => {
    sim.webhooks.hold();
    await app.rest.issues.create({ ...repo, title: 'first' });
    await app.rest.issues.create({ ...repo, title: 'second' });
    await sim.webhooks.settled();
    expect(receiver.received).toHaveLength(0);
    sim.webhooks.reorder();
    sim.webhooks.release();
    await sim.webhooks.settled();
    const titles = receiver.received.map(
      (r) => (JSON.parse(r.body) as { issue: { title: string } }).issue.title,
    );
    expect(titles).toEqual(['second', 'first']);
  });

  it('drops and duplicates chosen deliveries', async () => {
    sim.webhooks.drop((d) => d.event === 'issues' && d.action === 'labeled');
    sim.webhooks.duplicate((d) => d.event === 'issues' && d.action === 'opened');
    await app.rest.issues.create({ ...repo, title: 'dup', labels: ['x'] });
    await sim.webhooks.settled();
    expect(eventsOf(receiver.received)).toEqual(['issues.opened', 'issues.opened']);
    expect(receiver.received[0]?.headers['x-github-delivery']).toBe(
      receiver.received[1]?.headers['x-github-delivery'],
    );
    expect(sim.webhooks.deliveries.some((d) => d.action === 'labeled' && d.status === 'dropped')).toBe(true);
  });

  it('logs a failed delivery instead of throwing', async () => {
    const closed = await startReceiver();
    await closed.close();
    sim.webhooks.setTarget(closed.url, 's3cret');
    await app.rest.issues.create({ ...repo, title: 'lost' });
    await sim.webhooks.settled();
    expect(sim.webhooks.deliveries.at(-1)).toMatchObject({ event: 'issues', status: 'failed' });
    sim.webhooks.setTarget(receiver.url, 's3cret');
  });

  it('emits sub_issues and issue_dependencies events', async () => {
    const { data: parent } = await app.rest.issues.create({ ...repo, title: 'parent' });
    const { data: child } = await app.rest.issues.create({ ...repo, title: 'child' });
    await app.rest.issues.addSubIssue({ ...repo, issue_number: parent.number, sub_issue_id: child.id });
    await app.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: parent.number,
      issue_id: child.id,
    });
    await sim.webhooks.settled();
    expect(eventsOf(receiver.received).slice(-4)).toEqual([
      'sub_issues.sub_issue_added',
      'sub_issues.parent_issue_added',
      'issue_dependencies.blocked_by_added',
      'issue_dependencies.blocking_added',
    ]);
  });
});
