/**
 * Errors that need a network the tests must not touch (an unknown host, a bad certificate) are
 * produced by a fetch that fails as undici does; GraphQL's errors come from a nock'd GitHub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { describeError } from '../../cli/describe-error.js';
import { createGitHubClient } from '../../cli/github-client.js';
import { runDrover } from './run-drover.js';

beforeAll(() => {
  nock.disableNetConnect();
});
// nock's interceptor outlives this file in the worker: later files talk to 127.0.0.1 for real.
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

afterEach(() => {
  nock.cleanAll();
});

/** A fetch that fails the way undici does: `TypeError: fetch failed` caused by a system error. */
function failingFetch(code: string, message: string): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetch = (async () => {
    calls++;
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

describe('network failures', () => {
  test.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND ghes.nowhere.test', 'unknown host (the name does not resolve)'],
    [
      'ECONNREFUSED',
      'connect ECONNREFUSED 10.0.0.1:443',
      'connection refused (is the server running on that port?)',
    ],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'TLS certificate problem (CERT_HAS_EXPIRED)'],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'self-signed certificate',
      'TLS certificate problem (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
  ])('%s: named with the host, and not retried', async (code, message, reason) => {
    const failing = failingFetch(code, message);
    const client = createGitHubClient({
      token: 't',
      apiUrl: 'https://ghes.nowhere.test/api/v3',
      fetch: failing.fetch,
    });
    const error = await client.rest.repos.get({ owner: 'o', repo: 'r' }).catch((caught: unknown) => caught);
    expect(describeError(error)).toBe(
      `network failure: cannot reach ghes.nowhere.test: ${reason}; check --api-url (or GITHUB_API_URL)`,
    );
    expect(failing.calls()).toBe(1);
  });
});

describe("GraphQL's own message", () => {
  test('a GraphQL error is reported with its message, in one line', async () => {
    const api = 'https://ghes.example.test/api/v3';
    nock('https://ghes.example.test')
      // Once to check the repository exists, once for its settings.
      .get('/api/v3/repos/acme/shop')
      .times(2)
      .reply(200, { id: 1, full_name: 'acme/shop', default_branch: 'main' })
      .get('/api/v3/repos/acme/shop/git/ref/heads%2Fmain')
      .reply(200, { ref: 'refs/heads/main', object: { sha: 'a'.repeat(40), type: 'commit' } })
      .get('/api/v3/repos/acme/shop/contents/.github%2Fdrover.yml')
      .reply(404, { message: 'Not Found' })
      .get('/api/v3/repos/acme/shop/contents/.github%2Fworkflows%2Fdrover.yml')
      .reply(404, { message: 'Not Found' })
      .get('/api/v3/repos/acme/shop/git/ref/drover%2Fstate')
      .reply(404, { message: 'Not Found' })
      // A full read lists the attempts' claims before it reads the issues (read-attempts.ts).
      .get('/api/v3/repos/acme/shop/git/matching-refs/heads%2Fdrover%2F')
      .reply(200, [])
      .get('/api/v3/repos/acme/shop/git/matching-refs/drover%2F')
      .reply(200, [])
      .post('/api/graphql')
      .reply(200, {
        data: null,
        errors: [
          {
            type: 'MAX_NODE_LIMIT_EXCEEDED',
            message:
              'This query requests up to 600,000 possible nodes which exceeds the maximum limit of 500,000.',
          },
        ],
      });
    const result = await runDrover(['plan', '--repo', 'acme/shop'], {
      GITHUB_TOKEN: 't',
      GITHUB_API_URL: api,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "drover: GitHub's GraphQL API answered: This query requests up to 600,000 possible nodes which exceeds the maximum limit of 500,000.\n",
    );
    expect(nock.isDone()).toBe(true);
  });

  test("a validation error gives each of GitHub's messages", async () => {
    // A loopback URL: the client spaces writes to github.com by a second, as GitHub asks.
    nock('http://127.0.0.1:9')
      .post('/repos/acme/shop/issues', { title: 'x' })
      .reply(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Issue',
            code: 'custom',
            field: 'title',
            message: 'title is too long (maximum is 256 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      });
    const client = createGitHubClient({ token: 't', apiUrl: 'http://127.0.0.1:9' });
    const error = await client.rest.issues
      .create({ owner: 'acme', repo: 'shop', title: 'x' })
      .catch((caught: unknown) => caught);
    expect(describeError(error)).toBe(
      'GitHub answered 422 to POST /repos/acme/shop/issues: Validation Failed: title is too long (maximum is 256 characters)',
    );
  });
});
