import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type RunningApp } from '../../../app/start-app.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

describe('startApp against the simulator', () => {
  let sim: Simulator;
  let app: RunningApp;

  beforeAll(async () => {
    sim = await startSimulator();
    app = await startApp({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      webhookSecret: sim.app.webhookSecret,
      baseUrl: sim.baseUrl,
      port: 0,
      log: 'silent',
    });
    sim.webhooks.setTarget(app.webhookUrl, sim.app.webhookSecret);
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('receives a signed delivery and reconciles the repository with its installation token', async () => {
    const alice = sim.createUser('alice');
    sim.createRepo('alice', 'backlog', { files: { 'README.md': '# backlog\n' } });
    const installation = sim.installApp('alice/backlog');
    sim.counters.reset();
    const response = await fetch(`${sim.baseUrl}/repos/alice/backlog/issues`, {
      method: 'POST',
      headers: { authorization: `token ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Add a greeting', body: 'Say hello.', labels: ['drover'] }),
    });
    expect(response.status).toBe(201);
    await sim.webhooks.settled();
    await app.idle();
    const delivered = sim.webhooks.deliveries.filter((delivery) => delivery.event === 'issues');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((delivery) => delivery.status === 200)).toBe(true);
    expect(sim.counters.snapshot().byToken[`installation:${installation}`]).toBeGreaterThan(0);
  });
});
