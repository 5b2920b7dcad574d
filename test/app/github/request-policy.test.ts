import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/core';
import nock from 'nock';
import { ConditionalCache } from '../../../app/github/conditional-cache.js';
import { applyRequestPolicy, emptyStats, rateLimitWaitMs } from '../../../app/github/request-policy.js';
import { WriteSpacing } from '../../../app/github/write-spacing.js';
import { GitHubError } from '../../../core/gateway/github-error.js';

const API = 'https://api.github.com';

function client(sleeps: number[] = []) {
  const octokit = new Octokit({ auth: 'ghs_test' });
  const stats = emptyStats();
  applyRequestPolicy(octokit, {
    cache: new ConditionalCache(),
    stats,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { octokit, stats };
}

describe('the request policy', () => {
  beforeAll(() => nock.disableNetConnect());
  // nock's interceptor outlives this file in the worker: later files talk to 127.0.0.1 for real.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it('sends the ETag of the last answer and answers a 304 from the cache, unbilled', async () => {
    const { octokit, stats } = client();
    nock(API).get('/repos/o/r').reply(200, { default_branch: 'main' }, { etag: 'W/"v1"' });
    nock(API, { reqheaders: { 'if-none-match': 'W/"v1"' } })
      .get('/repos/o/r')
      .reply(304, '', { etag: 'W/"v1"' });
    const first = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    const second = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(second.data).toEqual(first.data);
    expect(stats).toEqual({ billed: 1, notModified: 1, writes: 0, graphqlPoints: 0 });
  });

  it('waits out a secondary rate limit (retry-after) and sends a write again: GitHub did not perform it', async () => {
    const sleeps: number[] = [];
    const { octokit, stats } = client(sleeps);
    nock(API)
      .post('/repos/o/r/issues/1/comments')
      .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '7' });
    nock(API).post('/repos/o/r/issues/1/comments').reply(201, { id: 5 });
    const created = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'o',
      repo: 'r',
      issue_number: 1,
      body: 'hi',
    });
    expect(created.data).toEqual({ id: 5 });
    expect(sleeps).toEqual([7000]);
    expect(stats.writes).toBe(1);
  });

  it('waits for the reset of an exhausted primary limit', () => {
    const now = Date.parse('2026-11-01T10:00:00Z');
    const reset = String(now / 1000 + 30);
    const wait = rateLimitWaitMs(
      { status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } } },
      now,
    );
    expect(wait).toBe(30_000);
    expect(
      rateLimitWaitMs({
        status: 403,
        response: { headers: {}, data: { message: 'Resource not accessible' } },
      }),
    ).toBeNull();
  });

  it('retries a read that failed with 5xx, with backoff', async () => {
    const sleeps: number[] = [];
    const { octokit } = client(sleeps);
    nock(API).get('/repos/o/r').reply(502, { message: 'Bad Gateway' });
    nock(API).get('/repos/o/r').reply(503, { message: 'Unavailable' });
    nock(API).get('/repos/o/r').reply(200, { default_branch: 'main' });
    const answer = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(answer.data).toEqual({ default_branch: 'main' });
    expect(sleeps).toEqual([250, 500]);
  });

  it('never retries a write that failed with 5xx: it may have happened', async () => {
    const { octokit } = client();
    nock(API)
      .post('/repos/o/r/actions/workflows/drover.yml/dispatches')
      .reply(502, { message: 'Bad Gateway' });
    const dispatch = octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner: 'o',
        repo: 'r',
        workflow_id: 'drover.yml',
        ref: 'main',
      },
    );
    await expect(dispatch).rejects.toMatchObject({
      name: 'GitHubError',
      kind: 'server',
      status: 502,
      performed: 'unknown',
      request: 'POST /repos/o/r/actions/workflows/drover.yml/dispatches',
    });
  });

  it('answers 405, 409 and 422 at once: they are answers, not faults', async () => {
    const { octokit } = client();
    nock(API).put('/repos/o/r/pulls/3/merge').reply(405, { message: 'Pull Request is not mergeable' });
    const error = await octokit
      .request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
        owner: 'o',
        repo: 'r',
        pull_number: 3,
      })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({
      kind: 'conflict',
      performed: 'no',
      detail: 'Pull Request is not mergeable',
    });
  });

  it('counts a GraphQL mutation as a write and a query as a read', async () => {
    const { octokit, stats } = client();
    nock(API)
      .post('/graphql')
      .twice()
      .reply(200, { data: { ok: true } });
    await octokit.graphql('query Q { viewer { login } }');
    await octokit.graphql('mutation M { addStar(input: {starrableId: "x"}) { clientMutationId } }');
    expect(stats.writes).toBe(1);
    expect(stats.billed).toBe(2);
  });

  it('spaces writes one turn apart (REST writes and GraphQL mutations), never reads or GraphQL queries', async () => {
    // A clock that only the spacing's sleeps move: GitHub sees each write one interval after the last.
    let clock = 0;
    const seen: string[] = [];
    const spacing = new WriteSpacing(
      1000,
      () => clock,
      async (ms) => {
        clock += ms;
      },
    );
    const octokit = new Octokit({ auth: 'ghs_test' });
    applyRequestPolicy(octokit, { cache: new ConditionalCache(), stats: emptyStats(), spacing });
    const at =
      (what: string, status: number, body: object = {}) =>
      (_uri: string, requestBody: unknown) => {
        const query = (requestBody as { query?: string } | null)?.query?.split(' ')[0];
        seen.push(`${clock} ${what}${query ? ` ${query}` : ''}`);
        return [status, body] as [number, object];
      };
    nock(API).post('/repos/o/r/git/refs').reply(at('POST ref', 201));
    nock(API).get('/repos/o/r').twice().reply(at('GET repo', 200));
    nock(API)
      .post('/graphql')
      .times(2)
      .reply(at('graphql', 200, { data: { ok: true } }));
    nock(API).patch('/repos/o/r/git/refs/heads%2Fx').reply(at('PATCH ref', 200));
    const repo = { owner: 'o', repo: 'r' };
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: 'refs/heads/x', sha: 'a' });
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    await octokit.graphql('query Q { viewer { login } }');
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: 'heads/x',
      sha: 'b',
    });
    await octokit.graphql('mutation M { addStar(input: {starrableId: "x"}) { clientMutationId } }');
    await octokit.request('GET /repos/{owner}/{repo}', repo);
    expect(seen).toEqual([
      '0 POST ref',
      '0 GET repo',
      '0 graphql query',
      '1000 PATCH ref',
      '2000 graphql mutation',
      '2000 GET repo',
    ]);
  });

  describe("a deadline (request.notAfter): a claim's dispatch never leaves late", () => {
    const dispatch = (octokit: Octokit, notAfter: number) =>
      octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        owner: 'o',
        repo: 'r',
        workflow_id: 'drover.yml',
        ref: 'main',
        request: { notAfter },
      });

    it('is sent while the deadline is ahead', async () => {
      const { octokit } = client();
      nock(API).post('/repos/o/r/actions/workflows/drover.yml/dispatches').reply(204);
      await expect(dispatch(octokit, Date.now() + 60_000)).resolves.toMatchObject({ status: 204 });
    });

    it('is never sent once the deadline passed: too-late, not performed', async () => {
      const { octokit, stats } = client();
      const sent = nock(API).post('/repos/o/r/actions/workflows/drover.yml/dispatches').reply(204);
      await expect(dispatch(octokit, Date.now() - 1)).rejects.toMatchObject({
        kind: 'too-late',
        performed: 'no',
      });
      expect(sent.isDone()).toBe(false);
      expect(stats.billed).toBe(0);
      nock.cleanAll();
    });

    it('does not wait out a secondary limit whose wait ends past the deadline', async () => {
      const sleeps: number[] = [];
      const { octokit } = client(sleeps);
      nock(API)
        .post('/repos/o/r/actions/workflows/drover.yml/dispatches')
        .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '30' });
      const error = await dispatch(octokit, Date.now() + 10_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitHubError);
      expect(error).toMatchObject({ kind: 'rate-limited', performed: 'no' });
      expect(sleeps).toEqual([]);
    });

    it('is not sent after a wait inside the client outlasted the deadline (the write spacing queue)', async () => {
      const octokit = new Octokit({ auth: 'ghs_test' });
      // Registered first, so inner to the policy: like plugin-throttling's queue of writes.
      octokit.hook.wrap('request', async (request, options) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return request(options);
      });
      applyRequestPolicy(octokit, { cache: new ConditionalCache(), stats: emptyStats() });
      const sent = nock(API).post('/repos/o/r/actions/workflows/drover.yml/dispatches').reply(204);
      await expect(dispatch(octokit, Date.now() + 20)).rejects.toMatchObject({ kind: 'too-late' });
      expect(sent.isDone()).toBe(false);
      nock.cleanAll();
    });
  });
});
