/**
 * The answers GitHub gives when it refuses or fails a request: primary and secondary rate limits
 * and server errors. Shapes and rules from "Rate limits for the REST API"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit):
 * a primary limit answers 403 (or 429) with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`;
 * a secondary limit answers 403 or 429 with a message naming it, often with `retry-after`.
 */
import type { SimAuth, SimResponse } from '../host.js';

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface RateLimitState {
  limit: number;
  remaining: number;
  used: number;
  /** UTC epoch seconds. */
  reset: number;
  resource: 'core' | 'graphql';
}

/** The `x-ratelimit-*` headers GitHub sends with every REST and GraphQL answer. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-reset': String(state.reset),
    'x-ratelimit-resource': state.resource,
  };
}

/** 403 or 429 with GitHub's secondary-limit message; `retry-after` (seconds) when given. */
export function secondaryLimitAnswer(status: 403 | 429, retryAfterSeconds?: number): SimResponse {
  return {
    status,
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    body: { message: SECONDARY_RATE_LIMIT_MESSAGE, documentation_url: SECONDARY_DOCS },
  };
}

/**
 * Whose budget is spent, in GitHub's words ("API rate limit exceeded for installation ID 42.";
 * unauthenticated callers are named by IP and told that authenticating helps).
 */
export function primaryLimitMessage(auth: SimAuth, userId: number | undefined): string {
  if (auth.kind === 'installation')
    return `API rate limit exceeded for installation ID ${auth.installationId ?? '?'}.`;
  if (auth.kind === 'user') return `API rate limit exceeded for user ID ${userId ?? '?'}.`;
  if (auth.kind === 'job') return `API rate limit exceeded for repository ${auth.repo ?? '?'}.`;
  if (auth.kind === 'app') return 'API rate limit exceeded for app.';
  return "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)";
}

/**
 * A spent primary budget. REST answers 403 with remaining 0; GraphQL answers 200 with a
 * `RATE_LIMITED` error (docs: "Rate limits and query limits for the GraphQL API").
 */
export function primaryLimitAnswer(
  api: 'rest' | 'graphql',
  message: string,
  state: RateLimitState,
): SimResponse {
  const headers = rateLimitHeaders({ ...state, remaining: 0, used: Math.max(state.used, state.limit) });
  if (api === 'graphql')
    return { status: 200, headers, body: { errors: [{ type: 'RATE_LIMITED', message }] } };
  return { status: 403, headers, body: { message, documentation_url: RATE_LIMIT_DOCS } };
}

const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

export function serverErrorAnswer(status: number): SimResponse {
  return { status, body: { message: SERVER_ERROR_MESSAGES[status] ?? 'Server Error' } };
}
