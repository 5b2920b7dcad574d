import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { startSimulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

describe('simulator: lifecycle', () => {
  it('runs side by side on different ports and removes its repositories on close', async () => {
    const [one, two] = await Promise.all([startSimulator(), startSimulator()]);
    expect(one.baseUrl).not.toBe(two.baseUrl);
    one.createRepo('alice', 'demo');
    two.createRepo('alice', 'demo');
    const gitDirs = [one.host.repoGitDir('alice', 'demo'), two.host.repoGitDir('alice', 'demo')];
    expect(gitDirs[0]).not.toBe(gitDirs[1]);
    expect(gitDirs.every((dir) => existsSync(dir))).toBe(true);
    await Promise.all([one.close(), two.close()]);
    expect(gitDirs.some((dir) => existsSync(dir))).toBe(false);
  });

  it('keeps state for a new client, counts per token, and resets counters', async () => {
    const sim = await startSimulator();
    const alice = sim.createUser('alice');
    sim.createRepo('alice', 'demo');
    await octokitFor(sim, alice.token).rest.issues.create({ owner: 'alice', repo: 'demo', title: 'kept' });
    const jobToken = sim.host.mintJobToken('alice/demo', { issues: 'read' }, 'job:42');
    const { data } = await octokitFor(sim, jobToken).rest.issues.listForRepo({
      owner: 'alice',
      repo: 'demo',
    });
    expect(data.map((i) => i.title)).toEqual(['kept']);
    expect(sim.counters.snapshot().byToken).toEqual({ alice: 1, 'job:42': 1 });
    sim.counters.reset();
    const { usage, ...legacy } = sim.counters.snapshot();
    expect(legacy).toEqual({ rest: {}, graphql: { queries: 0, points: 0 }, byToken: {} });
    expect(usage.total.rest).toBe(0);
    expect(usage.byToken).toEqual({});
    await sim.close();
  });

  it('answers a slowed request normally once the delay has passed', async () => {
    const sim = await startSimulator();
    const alice = sim.createUser('alice');
    sim.createRepo('alice', 'demo');
    sim.faults.inject({ method: 'GET', path: '/repos/alice/demo', delayMs: 50, times: 1 });
    const { status } = await octokitFor(sim, alice.token).rest.repos.get({ owner: 'alice', repo: 'demo' });
    expect(status).toBe(200);
    await sim.close();
  });
});
