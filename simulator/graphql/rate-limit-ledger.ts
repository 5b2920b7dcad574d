/**
 * GraphQL primary rate limits, per token holder, in hourly windows
 * (https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api):
 * 5,000 points an hour for a user or an app installation, 1,000 points an hour per repository
 * for a workflow's GITHUB_TOKEN.
 */
import type { SimAuth } from '../host.js';

const WINDOW_MS = 60 * 60 * 1000;
const USER_OR_INSTALLATION_LIMIT = 5_000;
const GITHUB_TOKEN_LIMIT = 1_000;

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  resetAt: Date;
}

interface Window {
  limit: number;
  used: number;
  resetAt: Date;
}

export class GraphqlRateLimits {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => Date) {}

  /** The holder's current window, without charging anything. */
  status(auth: SimAuth): RateLimitStatus {
    return present(this.window(auth));
  }

  /** Charges `cost` points; returns undefined (and charges nothing) when too few remain. */
  charge(auth: SimAuth, cost: number): RateLimitStatus | undefined {
    const window = this.window(auth);
    if (window.used + cost > window.limit) return undefined;
    window.used += cost;
    return present(window);
  }

  private window(auth: SimAuth): Window {
    const key = holderKey(auth);
    const now = this.now();
    const current = this.windows.get(key);
    if (current && current.resetAt > now) return current;
    const fresh = { limit: limitFor(auth), used: 0, resetAt: new Date(now.getTime() + WINDOW_MS) };
    this.windows.set(key, fresh);
    return fresh;
  }
}

/** Whose points a request spends: the installation, the repository of a job token, or the user. */
export function holderKey(auth: SimAuth): string {
  if (auth.kind === 'installation') return `installation:${auth.installationId ?? auth.login ?? ''}`;
  if (auth.kind === 'job') return `job:${auth.repo ?? ''}`;
  return `${auth.kind}:${auth.login ?? ''}`;
}

function limitFor(auth: SimAuth): number {
  return auth.kind === 'job' ? GITHUB_TOKEN_LIMIT : USER_OR_INSTALLATION_LIMIT;
}

function present(window: Window): RateLimitStatus {
  return {
    limit: window.limit,
    remaining: window.limit - window.used,
    used: window.used,
    resetAt: window.resetAt,
  };
}
