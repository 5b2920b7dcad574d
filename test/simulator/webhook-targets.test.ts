import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator, type TargetOptions } from '../../simulator/index.js';
import { verifySignature } from '../../simulator/webhooks/sign.js';
import { octokitFor } from './sim-helpers.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

const repo = { owner: 'alice', repo: 'replicas' };
const titleOf = (body: string) => (JSON.parse(body) as { issue: { title: string } }).issue.title;
const titles = (receiver: WebhookReceiver) => receiver.received.map((r) => titleOf(r.body));

describe('simulator: webhook targets, redelivery and replay', () => {
  let sim: Simulator;
  let app: Octokit;
  let a: WebhookReceiver;
  let b: WebhookReceiver;

  beforeAll(async () => {
    [a, b] = await Promise.all([startReceiver(), startReceiver()]);
    sim = await startSimulator({ webhookSecret: 's3cret' });
    sim.createUser('alice');
    sim.createRepo('alice', 'replicas');
    app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/replicas')));
    sim.webhooks.setTarget(a.url); // takes the queued `installation` delivery out of the way
    await sim.webhooks.settled();
  });
  beforeEach(() => {
    a.received.length = 0;
    b.received.length = 0;
  });
  afterEach(() => sim.webhooks.setTargets([]));
  afterAll(async () => {
    await sim.close();
    await Promise.all([a.close(), b.close()]);
  });

  /** Opens issues named `names` (one `issues.opened` delivery each) and waits for the deliveries. */
  const open = async (...names: string[]) => {
    for (const title of names) await app.rest.issues.create({ ...repo, title });
    await sim.webhooks.settled();
  };
  const useTargets = (options?: TargetOptions) => sim.webhooks.setTargets([a.url, b.url], options);

  it('spreads deliveries round-robin, one target each', async () => {
    useTargets();
    await open('r1', 'r2', 'r3', 'r4');
    expect(titles(a)).toEqual(['r1', 'r3']);
    expect(titles(b)).toEqual(['r2', 'r4']);
  });

  it('spreads deliveries at random, reproducibly from the seed, one target each', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `x${i}`);
    const pick = () => names.map((name) => (titles(a).includes(name) ? 'a' : 'b')).join('');
    useTargets({ strategy: 'random', seed: 42 });
    await open(...names);
    expect(a.received.length + b.received.length).toBe(names.length);
    const first = pick();
    expect(first).toMatch(/a/);
    expect(first).toMatch(/b/);
    a.received.length = 0;
    b.received.length = 0;
    useTargets({ strategy: 'random', seed: 42 });
    await open(...names);
    expect(pick()).toBe(first);
  });

  it("sends every delivery to every target with 'all'", async () => {
    useTargets({ strategy: 'all' });
    await open('all1', 'all2');
    expect(titles(a)).toEqual(['all1', 'all2']);
    expect(titles(b)).toEqual(['all1', 'all2']);
    const last = sim.webhooks.deliveries.at(-1);
    expect(last?.attempts.map((attempt) => attempt.target).sort()).toEqual([a.url, b.url].sort());
  });

  it('holds and releases one target while the other keeps receiving', async () => {
    useTargets();
    sim.webhooks.target(b.url).hold();
    await open('h1', 'h2', 'h3');
    expect(titles(a)).toEqual(['h1', 'h3']);
    expect(b.received).toHaveLength(0);
    expect(sim.webhooks.targets()).toEqual([
      { url: a.url, holding: false, dropping: false, queued: 0 },
      { url: b.url, holding: true, dropping: false, queued: 1 },
    ]);
    expect(sim.webhooks.deliveries.at(-2)?.status).toBe('held');
    sim.webhooks.target(b.url).release();
    await sim.webhooks.settled();
    expect(titles(b)).toEqual(['h2']);
  });

  it('drops what is routed to a dropping target, until it stops dropping', async () => {
    useTargets();
    sim.webhooks.target(b.url).drop();
    await open('d1', 'd2');
    expect(titles(a)).toEqual(['d1']);
    expect(b.received).toHaveLength(0);
    expect(sim.webhooks.deliveries.at(-1)).toMatchObject({
      status: 'dropped',
      attempts: [{ target: b.url, status: 'dropped' }],
    });
    sim.webhooks.target(b.url).stopDropping();
    await open('d3', 'd4');
    expect(titles(b)).toEqual(['d4']);
  });

  it('keeps the global hold and reorder working across targets', async () => {
    useTargets();
    sim.webhooks.hold();
    await open('g1', 'g2');
    expect(a.received.length + b.received.length).toBe(0);
    sim.webhooks.reorder();
    sim.webhooks.release();
    await sim.webhooks.settled();
    expect(titles(a)).toEqual(['g2']);
    expect(titles(b)).toEqual(['g1']);
  });

  it('redelivers a past delivery with the same delivery id and body, as GitHub does', async () => {
    sim.webhooks.setTarget(a.url);
    await open('again');
    const [original] = a.received;
    const historyLength = sim.history().length;
    const id = String(original?.headers['x-github-delivery']);
    const redelivery = sim.webhooks.redeliver(id);
    await sim.webhooks.settled();
    expect(redelivery).toMatchObject({ id, redelivery: true, status: 200 });
    const [, resent] = a.received;
    expect(resent?.headers['x-github-delivery']).toBe(id);
    expect(resent?.body).toBe(original?.body);
    expect(resent?.headers['x-hub-signature-256']).toBe(original?.headers['x-hub-signature-256']);
    expect(sim.history()).toHaveLength(historyLength); // a redelivery is not a new event
  });

  it('replays a captured delivery under a new delivery id with a signature that still verifies', async () => {
    sim.webhooks.setTarget(a.url);
    await open('captured');
    const [original] = a.received;
    const id = String(original?.headers['x-github-delivery']);
    const replay = sim.webhooks.replay(id);
    await sim.webhooks.settled();
    const [, replayed] = a.received;
    expect(replay).toMatchObject({ replayOf: id, status: 200 });
    expect(replayed?.headers['x-github-delivery']).toBe(replay.id);
    expect(replay.id).not.toBe(id);
    expect(replayed?.body).toBe(original?.body);
    expect(
      verifySignature('s3cret', replayed?.body ?? '', String(replayed?.headers['x-hub-signature-256'])),
    ).toBe(true);
    expect(() => sim.webhooks.replay('no-such-delivery')).toThrow(/No webhook delivery/);
  });

  it('routes again what was still queued at a target when the targets change', async () => {
    useTargets();
    sim.webhooks.target(b.url).hold();
    await open('s1', 's2');
    expect(titles(b)).toEqual([]);
    sim.webhooks.setTarget(a.url);
    await sim.webhooks.settled();
    expect(titles(a)).toEqual(['s1', 's2']);
  });

  it('refuses an unknown target and duplicate target URLs', () => {
    useTargets();
    expect(() => sim.webhooks.target('http://127.0.0.1:1/nope')).toThrow(/No webhook target/);
    expect(() => sim.webhooks.setTargets([a.url, a.url])).toThrow(/must differ/);
  });
});
