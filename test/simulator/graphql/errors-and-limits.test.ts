import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGraphqlFixture, type GraphqlFixture } from './sim-fixture.js';

let fixture: GraphqlFixture;
let installationToken: string;
let aliceToken: string;

/** A raw POST, to see the HTTP status and body GitHub's clients would get. */
async function post(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(fixture.sim.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  fixture = await startGraphqlFixture();
  installationToken = await fixture.sim.installationToken(fixture.sim.installApp('alice/tasks'));
  aliceToken = fixture.sim.state.tokens.mintUser('alice');
  await fixture.rest.rest.issues.create({ owner: 'alice', repo: 'tasks', title: 'one' });
});

afterAll(async () => {
  await fixture.sim.close();
});

describe('queries GitHub would reject', () => {
  it('answers an unknown field with GitHub error shape and HTTP 200', async () => {
    const query = '{ repository(owner: "alice", name: "tasks") { issue(number: 1) { bogus } } }';
    const { status, body } = await post(installationToken, query);
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [
        {
          message: 'Cannot query field "bogus" on type "Issue". Did you mean "body"?',
          locations: [{ line: 1, column: 66 }],
        },
      ],
    });
  });

  it('answers a syntax error without data', async () => {
    const { status, body } = await post(installationToken, '{ repository(owner: "alice" { id } }');
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('data');
    expect((body.errors as { message: string }[])[0]?.message).toMatch(/^Syntax Error/);
  });

  it('refuses first above 100 before running anything', async () => {
    const query = '{ repository(owner: "alice", name: "tasks") { issues(first: 101) { nodes { number } } } }';
    const { body } = await post(installationToken, query);
    expect(body).toEqual({
      errors: [
        expect.objectContaining({
          type: 'EXCESSIVE_PAGINATION',
          path: ['repository', 'issues', 'first'],
          message:
            'Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records.',
        }),
      ],
    });
  });

  it('refuses a connection without first or last', async () => {
    const query = '{ repository(owner: "alice", name: "tasks") { issues { nodes { number } } } }';
    const { body } = await post(installationToken, query);
    expect((body.errors as { type: string }[])[0]?.type).toBe('MISSING_PAGINATION_BOUNDARIES');
  });

  it('answers a missing repository with NOT_FOUND and null data', async () => {
    const { body } = await post(installationToken, '{ repository(owner: "alice", name: "nope") { id } }');
    expect(body).toEqual({
      data: { repository: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          locations: [{ line: 1, column: 3 }],
          message: "Could not resolve to a Repository with the name 'alice/nope'.",
        },
      ],
    });
  });

  it('hides a private repository from tokens that were not granted it', async () => {
    fixture.sim.createRepo('alice', 'secret', { private: true });
    const stranger = fixture.sim.createUser('stranger').token;
    const query = '{ repository(owner: "alice", name: "secret") { nameWithOwner } }';
    for (const token of [installationToken, stranger]) {
      const { body } = await post(token, query);
      expect(body.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND' })]);
    }
    const owner = await post(aliceToken, query);
    expect(owner.body).toEqual({ data: { repository: { nameWithOwner: 'alice/secret' } } });
  });

  it('answers an unknown node id with NOT_FOUND', async () => {
    const { body } = await post(installationToken, '{ node(id: "I_nope") { id } }');
    expect(body.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message: "Could not resolve to a node with the global id of 'I_nope'",
      }),
    ]);
  });

  it('requires a query string', async () => {
    const { status, body } = await post(installationToken, '');
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [{ message: 'A query attribute must be specified and must be a string.' }],
    });
  });

  it('refuses an anonymous request with 401', async () => {
    const response = await fetch(fixture.sim.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('rate limit', () => {
  const COSTLY = `query { rateLimit { cost remaining used limit nodeCount resetAt }
    repository(owner: "alice", name: "tasks") { issues(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } }`;

  it('charges each query its cost against the token holder, and says so in headers', async () => {
    const first = await post(installationToken, COSTLY);
    const second = await post(installationToken, COSTLY);
    const a = (first.body.data as { rateLimit: Record<string, unknown> }).rateLimit;
    const b = (second.body.data as { rateLimit: Record<string, unknown> }).rateLimit;
    expect(a).toMatchObject({ cost: 1, nodeCount: 10_100, limit: 5_000 });
    expect(b.remaining).toBe((a.remaining as number) - 1);
    expect(b.used).toBe((a.used as number) + 1);
    expect(second.headers.get('x-ratelimit-remaining')).toBe(String(b.remaining));
    expect(second.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(Date.parse(String(b.resetAt))).toBeGreaterThan(Date.now());
  });

  it('keeps a separate budget per token holder', async () => {
    const before = await post(installationToken, '{ rateLimit { remaining } }');
    const other = await post(fixture.sim.createUser('dave').token, '{ rateLimit { remaining used } }');
    const after = await post(installationToken, '{ rateLimit { remaining } }');
    expect((other.body.data as { rateLimit: { used: number } }).rateLimit.used).toBe(1);
    const remaining = (body: Record<string, unknown>) =>
      (body.data as { rateLimit: { remaining: number } }).rateLimit.remaining;
    expect(remaining(after.body)).toBe(remaining(before.body) - 1);
  });

  it('computes the cost without charging it on a dry run', async () => {
    const before = await post(installationToken, '{ rateLimit { remaining } }');
    const dry = await post(installationToken, '{ rateLimit(dryRun: true) { cost remaining } }');
    const after = await post(installationToken, '{ rateLimit { remaining } }');
    const remaining = (body: Record<string, unknown>) =>
      (body.data as { rateLimit: { remaining: number } }).rateLimit.remaining;
    expect(remaining(dry.body)).toBe(remaining(before.body));
    expect(remaining(after.body)).toBe(remaining(before.body) - 1);
  });

  it('refuses queries once the hourly points are spent, and resets after the hour', async () => {
    const job = fixture.sim.host.mintJobToken('alice/tasks', { issues: 'read' });
    // 1 + 100 + 100 x 100 = 10,101 requests per copy: 101 points; four copies: 404 points.
    const nested =
      'issues(first: 100) { nodes { subIssues(first: 100) { nodes { labels(first: 10) { nodes { name } } } } } }';
    const expensive = `{ repository(owner: "alice", name: "tasks") { a: ${nested} b: ${nested} c: ${nested} d: ${nested} } }`;
    const costs: number[] = [];
    let refused: Record<string, unknown> | undefined;
    while (!refused && costs.length < 5) {
      const { body } = await post(job, expensive);
      if (body.errors) refused = body;
      else costs.push(404);
    }
    expect(costs).toHaveLength(2);
    expect(refused).toEqual({
      errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for repository alice/tasks.' }],
    });
    fixture.sim.advanceClock(60 * 60 * 1000 + 1);
    const { body } = await post(job, expensive);
    expect(body.errors).toBeUndefined();
  });
});
