/**
 * How every request the controller makes behaves, in one place (an Octokit `request` hook):
 * - conditional reads: a GET sends the ETag of its last answer; a 304 is answered from the cache
 *   and does not count against the rate limit ("Best practices for using the REST API": make
 *   conditional requests);
 * - rate limits: a secondary limit (403/429 with `retry-after`) or an exhausted primary limit
 *   (`x-ratelimit-remaining: 0`, `x-ratelimit-reset`) is waited out and the request sent again,
 *   whatever its method, because GitHub did not perform it;
 * - faults: a read that fails with 5xx or no answer is retried with backoff; a write never is (it
 *   may have happened: the loop finds it again through its claim, branch or name);
 * - spacing: writes wait their turn, one second apart against GitHub (app/github/write-spacing.ts);
 * - deadlines: a request with `request.notAfter` (epoch ms) is never sent after that instant,
 *   checked before every try and once more when it leaves (inside `fetch`, after any queue of the
 *   write spacing): a claim's dispatch must not leave late (docs/control-loop.md §4);
 * - errors: everything that still fails leaves as a GitHubError (core/gateway/github-error.ts).
 */
import type { Octokit } from '@octokit/core';
import type { EndpointDefaults, OctokitResponse } from '@octokit/types';
import { GitHubError, type GitHubErrorKind } from '../../core/gateway/github-error.js';
import type { ConditionalCache } from './conditional-cache.js';
import type { WriteSpacing } from './write-spacing.js';

export interface RequestStats {
  /** Requests GitHub counts against the rate limit (every answer but a 304). */
  billed: number;
  notModified: number;
  /** POST, PATCH, PUT, DELETE and GraphQL mutations. */
  writes: number;
  graphqlPoints: number;
  /** The REST rate limit as the latest answer reported it (`x-ratelimit-*` headers); absent until one did. */
  rateLimit?: { remaining: number; limit: number | null; resetAt: string | null };
}

export function emptyStats(): RequestStats {
  return { billed: 0, notModified: 0, writes: 0, graphqlPoints: 0 };
}

export interface RequestPolicyOptions {
  cache: ConditionalCache;
  stats: RequestStats;
  /** Longest rate-limit wait honoured in place; longer ones fail the request (the pass is retried later). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Writes (not reads, not GraphQL queries) wait their turn here; none: sent at once. */
  spacing?: WriteSpacing;
}

type Options = Required<EndpointDefaults>;
type Response = OctokitResponse<unknown>;

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  cause?: unknown;
}

/** Thrown by the guarded `fetch` instead of sending a request past its deadline. */
class DeadlinePassed extends Error {}

const READ_RETRIES = 3;
const WRITE_RATE_LIMIT_RETRIES = 3;
const DEFAULT_MAX_WAIT_MS = 60_000;

export function applyRequestPolicy(octokit: Octokit, policy: RequestPolicyOptions): void {
  const sleep = policy.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxWaitMs = policy.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  octokit.hook.wrap('request', async (request, options: Options): Promise<Response> => {
    const route = describeRoute(octokit, options);
    const write = isWrite(options);
    const key = write || route.method !== 'GET' ? null : route.url;
    const notAfter = deadlineOf(options);
    if (notAfter !== undefined) guardFetch(options, notAfter);
    if (write && policy.spacing !== undefined) spaceFetch(options, policy.spacing);
    for (let attempt = 1; ; attempt++) {
      const cached = key === null ? undefined : policy.cache.get(key);
      if (cached !== undefined) options.headers = { ...options.headers, 'if-none-match': cached.etag };
      if (notAfter !== undefined && Date.now() > notAfter) throw tooLate(route.label);
      try {
        const response: Response = await request(options);
        policy.stats.billed += 1;
        if (write) policy.stats.writes += 1;
        noteRateLimit(policy.stats, response.headers);
        const etag = response.headers.etag;
        if (key !== null && typeof etag === 'string') policy.cache.set(key, { etag, response });
        return response;
      } catch (error) {
        const failure = error as RequestErrorLike;
        if (failure.cause instanceof DeadlinePassed) throw tooLate(route.label);
        if (failure.status === 304 && cached !== undefined) {
          policy.stats.notModified += 1;
          return cached.response;
        }
        if (failure.status !== undefined) policy.stats.billed += 1;
        noteRateLimit(policy.stats, failure.response?.headers);
        const wait = rateLimitWaitMs(failure);
        // A wait that would end past the request's deadline is not waited: the request fails now.
        const waitable =
          wait !== null && wait <= maxWaitMs && (notAfter === undefined || Date.now() + wait <= notAfter);
        if (waitable && attempt <= (write ? WRITE_RATE_LIMIT_RETRIES : READ_RETRIES)) {
          await sleep(wait);
          continue;
        }
        if (!write && wait === null && isFault(failure) && attempt <= READ_RETRIES) {
          await sleep(250 * 2 ** (attempt - 1));
          continue;
        }
        throw toGitHubError(failure, route.label, write, wait);
      }
    }
  });
}

function deadlineOf(options: Options): number | undefined {
  const notAfter = (options.request as { notAfter?: unknown } | undefined)?.notAfter;
  return typeof notAfter === 'number' ? notAfter : undefined;
}

/**
 * The request's `fetch` refuses to send past the deadline: the last check before the request
 * leaves, after whatever held it back (the write spacing's turn, or a plugin's queue inside Octokit).
 */
function guardFetch(options: Options, notAfter: number): void {
  const inner: typeof fetch = options.request.fetch ?? globalThis.fetch;
  options.request = {
    ...options.request,
    fetch: (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
      Date.now() > notAfter ? Promise.reject(new DeadlinePassed()) : inner(input, init),
  };
}

/**
 * A write takes its turn in the spacing as it leaves, in `fetch`: whatever runs between the
 * policy and the socket (an installation token fetched, other hooks) cannot bring two writes
 * closer than the spacing. Outermost, so the deadline is checked after the wait.
 */
function spaceFetch(options: Options, spacing: WriteSpacing): void {
  const inner: typeof fetch = options.request.fetch ?? globalThis.fetch;
  options.request = {
    ...options.request,
    fetch: async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      await spacing.turn();
      return inner(input, init);
    },
  };
}

function tooLate(request: string): GitHubError {
  return new GitHubError({
    kind: 'too-late',
    status: 0,
    request,
    detail: 'not sent: its deadline passed',
    performed: 'no',
  });
}

/** Remembers the budget GitHub reports on every answer (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api). */
function noteRateLimit(stats: RequestStats, headers: Record<string, unknown> | undefined): void {
  const remaining = Number(headers?.['x-ratelimit-remaining']);
  if (headers?.['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return;
  const limit = Number(headers['x-ratelimit-limit']);
  const reset = Number(headers['x-ratelimit-reset']);
  stats.rateLimit = {
    remaining,
    limit: Number.isFinite(limit) ? limit : null,
    resetAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : null,
  };
}

function describeRoute(octokit: Octokit, options: Options): { method: string; url: string; label: string } {
  const endpoint = octokit.request.endpoint(options);
  const path = new URL(endpoint.url).pathname;
  return {
    method: endpoint.method.toUpperCase(),
    url: endpoint.url,
    label: `${endpoint.method.toUpperCase()} ${path}`,
  };
}

/** GraphQL goes over POST: only a mutation writes. */
function isWrite(options: Options): boolean {
  const method = String(options.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  if (String(options.url).endsWith('/graphql')) {
    const query = typeof options.query === 'string' ? options.query : '';
    return /^\s*mutation\b/.test(query);
  }
  return true;
}

function isFault(failure: RequestErrorLike): boolean {
  return failure.status === undefined || failure.status === 0 || failure.status >= 500;
}

/** How long GitHub asked us to wait, for a secondary or an exhausted primary rate limit; else null. */
export function rateLimitWaitMs(failure: RequestErrorLike, now = Date.now()): number | null {
  if (failure.status !== 403 && failure.status !== 429) return null;
  const headers = failure.response?.headers ?? {};
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset'] !== undefined)
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now);
  // A secondary limit without retry-after: GitHub says wait at least a minute.
  if (/secondary rate limit/i.test(messageOf(failure))) return 60_000;
  return null;
}

function toGitHubError(
  failure: RequestErrorLike,
  request: string,
  write: boolean,
  wait: number | null,
): GitHubError {
  const status = failure.status ?? 0;
  const fault = isFault(failure);
  return new GitHubError({
    kind: wait !== null ? 'rate-limited' : kindOf(status),
    status,
    request,
    detail: messageOf(failure),
    performed: write && fault ? 'unknown' : 'no',
    ...(wait !== null && { retryAfterMs: wait }),
  });
}

function kindOf(status: number): GitHubErrorKind {
  if (status === 0) return 'network';
  if (status >= 500) return 'server';
  const kinds: Record<number, GitHubErrorKind> = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    405: 'conflict',
    409: 'conflict',
    410: 'not-found',
    422: 'unprocessable',
  };
  return kinds[status] ?? 'other';
}

function messageOf(failure: RequestErrorLike): string {
  const data = failure.response?.data as { message?: unknown } | undefined;
  if (typeof data?.message === 'string') return data.message;
  return failure.message ?? 'no answer';
}
