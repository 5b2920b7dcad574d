import { afterEach, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type RateLimitOptions, type Simulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

const SECONDARY = /^You have exceeded a secondary rate limit/;

interface Setup {
  sim: Simulator;
  app: Octokit;
  installationId: number;
  alice: string;
}

async function setup(rateLimits?: RateLimitOptions): Promise<Setup> {
  const sim = await startSimulator(rateLimits ? { rateLimits } : {});
  const alice = sim.createUser('alice').token;
  sim.createRepo('alice', 'limits', { files: { 'README.md': '# limits\n' } });
  const installationId = sim.installApp('alice/limits');
  return { sim, app: octokitFor(sim, await sim.installationToken(installationId)), installationId, alice };
}

const repo = { owner: 'alice', repo: 'limits' };
/** The status and headers of a request, whether Octokit resolves or throws. */
const outcome = (promise: Promise<{ status: number; headers: object }>) =>
  promise.then(
    (response) => ({
      status: response.status,
      headers: response.headers as Record<string, string>,
      message: '',
    }),
    (error: { status: number; message: string; response: { headers: Record<string, string> } }) => ({
      status: error.status,
      headers: error.response.headers,
      message: error.message,
    }),
  );

describe('simulator: rate-limit headers and enforcement', () => {
  let current: Simulator | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it("reports each holder's own REST budget: installation 5,000, GITHUB_TOKEN 1,000 per repository, user 5,000, anonymous 60", async () => {
    const { sim, app, alice, installationId } = await setup();
    current = sim;
    const first = await app.rest.repos.get(repo);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    const reset = Number(first.headers['x-ratelimit-reset']);
    expect(reset * 1000).toBeGreaterThan(Date.now() + 59 * 60_000);
    // A second token of the same installation spends the same budget.
    const second = await octokitFor(sim, await sim.installationToken(installationId)).rest.repos.get(repo);
    expect(second.headers).toMatchObject({ 'x-ratelimit-used': '2', 'x-ratelimit-reset': String(reset) });
    const jobA = sim.host.mintJobToken('alice/limits', {}, 'job:1');
    const jobB = sim.host.mintJobToken('alice/limits', {}, 'job:2');
    await octokitFor(sim, jobA).rest.repos.get(repo);
    const job = await octokitFor(sim, jobB).rest.repos.get(repo);
    expect(job.headers).toMatchObject({ 'x-ratelimit-limit': '1000', 'x-ratelimit-used': '2' });
    const user = await octokitFor(sim, alice).rest.repos.get(repo);
    expect(user.headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-used': '1' });
    const anonymous = await fetch(`${sim.baseUrl}/repos/alice/limits`);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('60');
    expect(sim.rateLimits.status('job:alice/limits')).toMatchObject({ limit: 1000, used: 2, remaining: 998 });
  });

  it('reports a spent budget without refusing anything unless enforcement is on', async () => {
    const { sim, app } = await setup({ budgets: { installation: 2 } });
    current = sim;
    await app.rest.repos.get(repo);
    await app.rest.repos.get(repo);
    const over = await app.rest.repos.get(repo);
    expect(over.status).toBe(200);
    expect(over.headers['x-ratelimit-remaining']).toBe('0');
  });

  it("refuses with GitHub's primary-limit answer once the budget is spent, until the window resets", async () => {
    const { sim, app, installationId } = await setup({ primary: true, budgets: { installation: 2 } });
    current = sim;
    await app.rest.repos.get(repo);
    await app.rest.repos.get(repo);
    const refused = await outcome(app.rest.repos.get(repo));
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(
      new RegExp(`^API rate limit exceeded for installation ID ${installationId}\\.`),
    );
    expect(refused.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '2' });
    expect(sim.counters.snapshot().usage.byKind.installation).toMatchObject({ rest: 3, rateLimited: 1 });
    expect(sim.rateLimits.status(`installation:${installationId}`).used).toBe(2);
    sim.advanceClock(60 * 60_000);
    const after = await app.rest.repos.get(repo);
    expect(after.headers['x-ratelimit-used']).toBe('1');
  });

  it('refuses the 81st content-generating request in a minute with retry-after, and admits it a minute later', async () => {
    const { sim, app } = await setup({ secondary: true });
    current = sim;
    const firstWrite = Date.now();
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'comments' });
    for (let i = 1; i < 80; i += 1) {
      await app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: `c${i}` });
    }
    const reads = await outcome(app.rest.issues.get({ ...repo, issue_number: issue.number }));
    expect(reads.status).toBe(200);
    const refused = await outcome(
      app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'x' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(SECONDARY);
    // The window opened at the first write: what is left of its minute (80 writes take seconds on a busy machine).
    const elapsed = Math.ceil((Date.now() - firstWrite) / 1000);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59 - elapsed);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(sim.state.comments.list('alice/limits', issue.number)).toHaveLength(79);
    sim.advanceClock(61_000);
    const admitted = await outcome(
      app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'y' }),
    );
    expect(admitted.status).toBe(201);
  });

  it('counts GraphQL mutations, not queries, as content-generating alongside REST writes', async () => {
    const { sim, app, installationId } = await setup({
      secondary: true,
      secondaryRules: { contentPerMinute: 2 },
    });
    current = sim;
    const headers = { authorization: `token ${await sim.installationToken(installationId)}` };
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'gql' }); // write 1
    const { data: label } = await app.rest.issues.createLabel({ ...repo, name: 'x' }); // write 2
    const post = (query: string) =>
      fetch(`${sim.baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
    const query = await post('query { viewer { login } }');
    expect(query.status).toBe(200);
    const mutation = await post(
      `mutation { addLabelsToLabelable(input: { labelableId: "${issue.node_id}", labelIds: ["${label.node_id}"] }) { clientMutationId } }`,
    );
    expect(mutation.status).toBe(403);
    expect(((await mutation.json()) as { message: string }).message).toMatch(SECONDARY);
    expect(sim.state.issues.require('alice/limits', issue.number).labels).toEqual([]);
  });

  it('refuses the 501st content-generating request in an hour', async () => {
    const { sim, app } = await setup({ secondary: true });
    current = sim;
    for (let i = 0; i < 500; i += 1) {
      if (i > 0 && i % 80 === 0) sim.advanceClock(60_000);
      await app.rest.issues.createLabel({ ...repo, name: `l${i}` });
    }
    sim.advanceClock(60_000);
    const refused = await outcome(app.rest.issues.createLabel({ ...repo, name: 'one-too-many' }));
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(SECONDARY);
    // The oldest write leaves the hour after 60 minutes; 7 minutes of the clock have passed.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(52 * 60);
  });

  it('limits the points a minute on one endpoint (GET 1, write 5)', async () => {
    const { sim, app } = await setup({ secondary: true, secondaryRules: { restPointsPerMinute: 12 } });
    current = sim;
    await app.rest.issues.createLabel({ ...repo, name: 'a' }); // 5 points on POST …/labels
    await app.rest.issues.createLabel({ ...repo, name: 'b' }); // 10
    const third = await outcome(app.rest.issues.createLabel({ ...repo, name: 'c' }));
    expect(third.status).toBe(403);
    expect(third.message).toMatch(SECONDARY);
    // Another endpoint has its own points.
    for (let i = 0; i < 12; i += 1) expect((await outcome(app.rest.repos.get(repo))).status).toBe(200);
    expect((await outcome(app.rest.repos.get(repo))).status).toBe(403);
  });

  it('refuses a holder’s 101st concurrent request', async () => {
    const { sim, app } = await setup({ secondary: true });
    current = sim;
    // Slow answers keep the first hundred in flight while the last arrives.
    sim.faults.inject({ method: 'GET', path: '/repos/alice/limits', delayMs: 1500 });
    const answers = await Promise.all(Array.from({ length: 101 }, () => outcome(app.rest.repos.get(repo))));
    const refused = answers.filter((answer) => answer.status === 403);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.message).toMatch(SECONDARY);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(100);
  });
});
