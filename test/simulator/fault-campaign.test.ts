import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type FaultRule, type Simulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

const repo = { owner: 'alice', repo: 'chaos' };

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/** Status, headers and body of a request, whether Octokit resolves or throws. */
const answerOf = (promise: Promise<{ status: number; headers: object; data?: unknown }>): Promise<Answer> =>
  promise.then(
    (response) => ({
      status: response.status,
      headers: response.headers as Answer['headers'],
      body: response.data,
    }),
    (error: { status: number; response?: { headers: Answer['headers']; data: unknown } }) => ({
      status: error.status,
      headers: error.response?.headers ?? {},
      body: error.response?.data,
    }),
  );

async function newSim(): Promise<{ sim: Simulator; app: Octokit; alice: Octokit; appToken: string }> {
  const sim = await startSimulator();
  const alice = octokitFor(sim, sim.createUser('alice').token);
  sim.createRepo('alice', 'chaos', { files: { 'README.md': '# chaos\n' } });
  const appToken = await sim.installationToken(sim.installApp('alice/chaos'));
  return { sim, app: octokitFor(sim, appToken), alice, appToken };
}

/** A fixed sequence of reads and writes; returns each answer's status. */
async function traffic(app: Octokit, order: 'grouped' | 'interleaved'): Promise<Map<string, number[]>> {
  const statuses = new Map<string, number[]>([
    ['get', []],
    ['post', []],
  ]);
  const get = async () => statuses.get('get')?.push((await answerOf(app.rest.repos.get(repo))).status);
  const post = async (i: number) =>
    statuses
      .get('post')
      ?.push((await answerOf(app.rest.issues.createLabel({ ...repo, name: `l${i}` }))).status);
  if (order === 'grouped') {
    for (let i = 0; i < 20; i += 1) await get();
    for (let i = 0; i < 20; i += 1) await post(i);
  } else {
    for (let i = 0; i < 20; i += 1) {
      await post(i);
      await get();
    }
  }
  return statuses;
}

const CAMPAIGN: FaultRule[] = [
  { fault: 502, rate: 0.3, method: 'GET' },
  { fault: 'secondary-limit', rate: 0.3, writes: true, retryAfter: 1 },
];

describe('simulator: seeded fault campaigns', () => {
  it('injects the same faults for the same seed, whatever the interleaving, and others for another seed', async () => {
    const runs: Array<Map<string, number[]>> = [];
    for (const [seed, order] of [
      [7, 'grouped'],
      [7, 'interleaved'],
      [8, 'grouped'],
    ] as const) {
      const { sim, app } = await newSim();
      sim.faults.campaign({ seed, rules: CAMPAIGN });
      runs.push(await traffic(app, order));
      expect(sim.faults.injected().length).toBeGreaterThan(0);
      await sim.close();
    }
    const [first, interleaved, otherSeed] = runs;
    expect(interleaved).toEqual(first);
    expect(first?.get('get')).toContain(502);
    expect(first?.get('post')).toContain(403);
    expect(otherSeed).not.toEqual(first);
  }, 60_000);

  describe('on one simulator', () => {
    let sim: Simulator;
    let app: Octokit;
    let alice: Octokit;
    let appToken: string;

    beforeAll(async () => {
      ({ sim, app, alice, appToken } = await newSim());
    });
    afterEach(() => sim.faults.clear());
    afterAll(async () => {
      await sim.close();
    });

    const only = (rule: Omit<FaultRule, 'rate'>) =>
      sim.faults.campaign({ seed: 1, rules: [{ rate: 1, ...rule }] });

    it('filters by token kind, method, path and reads/writes', async () => {
      only({ fault: 500, tokenKind: 'installation', method: 'GET', path: /^\/repos\/alice\/chaos$/ });
      expect((await answerOf(alice.rest.repos.get(repo))).status).toBe(200);
      expect((await answerOf(app.rest.repos.get(repo))).status).toBe(500);
      expect((await answerOf(app.rest.issues.listForRepo(repo))).status).toBe(200);
      only({ fault: 503, writes: true });
      expect((await answerOf(app.rest.repos.get(repo))).status).toBe(200);
      expect((await answerOf(app.rest.issues.create({ ...repo, title: 'no' }))).status).toBe(503);
      const injected = sim.faults.injected().slice(-2);
      expect(injected.map((f) => [f.fault, f.method, f.route, f.tokenKind])).toEqual([
        [500, 'GET', 'GET /repos/{owner}/{repo}', 'installation'],
        [503, 'POST', 'POST /repos/{owner}/{repo}/issues', 'installation'],
      ]);
    });

    it('answers each kind of fault as GitHub does', async () => {
      for (const status of [500, 502, 503, 504] as const) {
        only({ fault: status });
        const answer = await answerOf(app.rest.repos.get(repo));
        expect(answer.status).toBe(status);
        expect(answer.body).toMatchObject({ message: expect.any(String) });
      }
      only({ fault: 'secondary-limit', retryAfter: 7 });
      const secondary = await answerOf(app.rest.repos.get(repo));
      expect(secondary).toMatchObject({ status: 403, headers: { 'retry-after': '7' } });
      expect(secondary.body).toMatchObject({ message: expect.stringMatching(/secondary rate limit/) });
      only({ fault: 'too-many-requests', retryAfter: 3 });
      expect(await answerOf(app.rest.repos.get(repo))).toMatchObject({
        status: 429,
        headers: { 'retry-after': '3' },
      });
      only({ fault: 'primary-limit', resetAfter: 120 });
      const primary = await answerOf(app.rest.repos.get(repo));
      expect(primary).toMatchObject({ status: 403, headers: { 'x-ratelimit-remaining': '0' } });
      const reset = Number(primary.headers['x-ratelimit-reset']) * 1000;
      expect(Math.abs(reset - (Date.now() + 120_000))).toBeLessThan(5_000);
      expect(primary.body).toMatchObject({
        message: expect.stringMatching(/^API rate limit exceeded for installation ID/),
      });
    });

    it('answers a GraphQL primary-limit fault as GraphQL does (200, RATE_LIMITED)', async () => {
      only({ fault: 'primary-limit', api: 'graphql' });
      expect((await answerOf(app.rest.repos.get(repo))).status).toBe(200);
      const response = await fetch(`${sim.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `token ${appToken}` },
        body: JSON.stringify({ query: '{ viewer { login } }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await response.json()).toMatchObject({ errors: [{ type: 'RATE_LIMITED' }] });
    });

    it('performs a REST write, then answers 502', async () => {
      only({ fault: 'performed-then-502', method: 'POST', path: '/repos/alice/chaos/issues' });
      const before = sim.history({ event: 'issues', action: 'opened' }).length;
      const answer = await answerOf(app.rest.issues.create({ ...repo, title: 'performed' }));
      expect(answer.status).toBe(502);
      expect(sim.state.issues.list('alice/chaos').some((issue) => issue.title === 'performed')).toBe(true);
      expect(sim.history({ event: 'issues', action: 'opened' })).toHaveLength(before + 1);
      expect(sim.counters.snapshot().usage.byKind.installation.faulted).toBeGreaterThan(0);
    });

    it('performs a GraphQL mutation, then answers 502', async () => {
      const { data: issue } = await app.rest.issues.create({ ...repo, title: 'to label' });
      const { data: label } = await app.rest.issues.createLabel({ ...repo, name: 'performed' });
      only({ fault: 'performed-then-502', api: 'graphql', writes: true });
      const response = await fetch(`${sim.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `token ${appToken}` },
        body: JSON.stringify({
          query: `mutation { addLabelsToLabelable(input: { labelableId: "${issue.node_id}", labelIds: ["${label.node_id}"] }) { clientMutationId } }`,
        }),
      });
      expect(response.status).toBe(502);
      expect(sim.state.issues.require('alice/chaos', issue.number).labels).toEqual(['performed']);
    });

    it('adds seeded latency within its range, and stops after `times` hits', async () => {
      sim.faults.campaign({
        seed: 'slow',
        rules: [
          { fault: 'latency', rate: 1, latencyMs: [5, 25], method: 'GET' },
          { fault: 500, rate: 1, method: 'GET', times: 2 },
        ],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await answerOf(app.rest.repos.get(repo))).status);
      expect(statuses).toEqual([500, 500, 200, 200]);
      const latencies = sim.faults.injected().filter((f) => f.fault === 'latency');
      expect(latencies).toHaveLength(4);
      for (const { delayMs } of latencies) {
        expect(delayMs).toBeGreaterThanOrEqual(5);
        expect(delayMs).toBeLessThanOrEqual(25);
      }
    });

    it('refuses a rule it cannot apply and keeps the single-shot inject working', async () => {
      expect(() => sim.faults.campaign({ seed: 1, rules: [{ fault: 500, rate: 2 }] })).toThrow(/rate/);
      expect(() => sim.faults.campaign({ seed: 1, rules: [{ fault: 'latency', rate: 1 }] })).toThrow(
        /latencyMs/,
      );
      sim.faults.inject({ method: 'GET', path: '/repos/alice/chaos', status: 503, times: 1 });
      expect((await answerOf(app.rest.repos.get(repo))).status).toBe(503);
      expect((await answerOf(app.rest.repos.get(repo))).status).toBe(200);
    });
  });
});
