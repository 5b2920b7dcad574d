/**
 * Graceful shutdown of the app: `close()` stops taking connections, lets the pass in progress
 * finish, or, past the grace bound, abandons it (safe: every write is claimed or
 * compare-and-swapped, and the next pass finds what it left) and still resolves.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startApp, type RunningApp } from '../../../app/start-app.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

let sim: Simulator;
let app: RunningApp;

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(async () => {
  sim = await startSimulator();
  sim.createUser('mona');
  sim.createRepo('mona', 'app');
  sim.installApp('mona/app');
  // The startup pass's snapshot answers slowly: it is still running when the signal comes.
  sim.faults.inject({ method: 'POST', path: '/graphql', delayMs: 1_500, times: 1 });
  app = await startApp({
    appId: sim.app.id,
    privateKey: sim.app.privateKey,
    webhookSecret: sim.app.webhookSecret,
    baseUrl: sim.baseUrl,
    log: 'silent',
    throttleWrites: false,
  });
  await until(() => app.controller().scheduler.depth().running === 1, 'the startup pass');
});

afterEach(async () => {
  // An abandoned pass still has its requests in flight: let them end before the simulator does.
  await until(() => app.controller().scheduler.depth().running === 0, 'the abandoned pass to end');
  await sim.close();
});

describe('close()', () => {
  test('waits for the pass in progress, then stops serving', async () => {
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    expect(await app.close({ graceMs: 30_000 })).toBe('finished');
    expect(app.controller().scheduler.depth().running).toBe(0);
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
  });

  test('past its bound it abandons the pass and still resolves', async () => {
    const started = Date.now();
    expect(await app.close({ graceMs: 100 })).toBe('abandoned');
    expect(Date.now() - started).toBeLessThan(1_400);
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
  });
});
