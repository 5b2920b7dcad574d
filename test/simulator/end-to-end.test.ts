/**
 * The simulator's "done when", end to end with real clients: issues with labels, dependencies
 * and sub-issues; a branch pushed with `git push` over smart HTTP; a PR that closes an issue on
 * merge; signed webhooks received by an HTTP server; GraphQL reading the result.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { createHmac } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { cloneRepo } from './git-client.js';
import { octokitFor } from './sim-helpers.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe('simulator: end to end with real clients', () => {
  let sim: Simulator;
  let receiver: WebhookReceiver;
  let app: Octokit;
  let appToken: string;
  let aliceToken: string;
  const repo = { owner: 'alice', repo: 'e2e' };
  let workDir = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ webhookUrl: receiver.url, webhookSecret: 'hush' });
    aliceToken = sim.createUser('alice').token;
    sim.createRepo('alice', 'e2e');
    appToken = await sim.installationToken(sim.installApp('alice/e2e'));
    app = octokitFor(sim, appToken);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
    if (workDir) rmSync(path.dirname(workDir), { recursive: true, force: true });
  });

  it('runs a task from issue to merged PR, with webhooks and GraphQL agreeing', async () => {
    const alice = octokitFor(sim, aliceToken);
    const { data: epic } = await alice.rest.issues.create({ ...repo, title: 'Epic', labels: ['drover'] });
    const { data: first } = await alice.rest.issues.create({ ...repo, title: 'First', labels: ['drover'] });
    const { data: second } = await alice.rest.issues.create({ ...repo, title: 'Second', labels: ['drover'] });
    await app.rest.issues.addSubIssue({ ...repo, issue_number: epic.number, sub_issue_id: first.id });
    await app.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: second.number,
      issue_id: first.id,
    });

    const client = await cloneRepo(sim.host.cloneUrl('alice', 'e2e'), aliceToken);
    workDir = client.dir;
    await client.git('checkout', '-q', '-b', `drover/${first.number}-first`);
    writeFileSync(path.join(client.dir, 'first.txt'), 'done\n');
    await client.git('add', 'first.txt');
    await client.git('commit', '-q', '-m', 'First task');
    await client.git('push', '-q', 'origin', `drover/${first.number}-first`);

    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'First task',
      head: `drover/${first.number}-first`,
      base: 'main',
      body: `Fixes #${first.number}`,
    });
    await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'merge' });
    expect((await app.rest.issues.get({ ...repo, issue_number: first.number })).data).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
    });

    await sim.webhooks.settled();
    const events = receiver.received.map((r) => {
      const payload = JSON.parse(r.body) as { action?: string; issue?: { number: number } };
      expect(r.headers['x-hub-signature-256']).toBe(
        `sha256=${createHmac('sha256', 'hush').update(r.body).digest('hex')}`,
      );
      return `${String(r.headers['x-github-event'])}.${payload.action ?? ''}`;
    });
    expect(events).toEqual(
      expect.arrayContaining([
        'push.',
        'pull_request.opened',
        'pull_request.closed',
        'issues.closed',
        'sub_issues.sub_issue_added',
      ]),
    );
    expect(events.indexOf('pull_request.closed')).toBeLessThan(events.indexOf('issues.closed'));

    const gql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${appToken}` } });
    const result = await gql<{
      repository: {
        issue: { state: string; stateReason: string; blocking: { nodes: Array<{ number: number }> } };
      };
    }>(
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) {
          issue(number: $number) { state stateReason blocking(first: 5) { nodes { number } } }
        }
      }`,
      { owner: 'alice', name: 'e2e', number: first.number },
    );
    expect(result.repository.issue).toEqual({
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      blocking: { nodes: [{ number: second.number }] },
    });
    expect(sim.counters.snapshot().graphql.queries).toBe(1);
  });

  it('accepts a gzip-encoded JSON body, as some clients send', async () => {
    const response = await fetch(`${sim.baseUrl}/repos/alice/e2e/issues`, {
      method: 'POST',
      headers: {
        authorization: `token ${aliceToken}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: gzipSync(JSON.stringify({ title: 'zipped' })),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { title: string }).title).toBe('zipped');
  });
});
