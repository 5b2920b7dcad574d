/**
 * The REST API's primary rate limit (resource `core`), per budget holder, in hourly windows that
 * open with the holder's first billed request. Budgets from "Rate limits for the REST API"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits):
 * 60/h unauthenticated (per IP), 5,000/h for a user, 5,000/h minimum for an app installation,
 * 1,000/h per repository for a workflow's GITHUB_TOKEN. GitHub does not document a budget for
 * requests signed with the app's JWT; the simulator gives them 5,000.
 */
import type { RateLimitState } from './limit-answers.js';
import type { TokenKind } from './request-facts.js';

export type RateLimitBudgets = Record<TokenKind, number>;

export const GITHUB_REST_BUDGETS: Readonly<RateLimitBudgets> = {
  installation: 5_000,
  user: 5_000,
  job: 1_000,
  app: 5_000,
  anonymous: 60,
};

const WINDOW_MS = 60 * 60 * 1000;

interface Window {
  used: number;
  resetAt: number;
}

export class PrimaryRateLimits {
  private readonly windows = new Map<string, Window>();
  private budgets: RateLimitBudgets = { ...GITHUB_REST_BUDGETS };

  constructor(private readonly now: () => Date) {}

  setBudgets(budgets: Partial<RateLimitBudgets>): void {
    this.budgets = { ...this.budgets, ...budgets };
  }

  /** The holder's window now, charging nothing. */
  state(holder: string, kind: TokenKind): RateLimitState {
    return this.present(kind, this.current(holder));
  }

  exhausted(holder: string, kind: TokenKind): boolean {
    return (this.current(holder)?.used ?? 0) >= this.budgets[kind];
  }

  /** Bills one request to the holder (opening a window if none is open). */
  charge(holder: string, kind: TokenKind): RateLimitState {
    const window = this.current(holder) ?? this.open(holder);
    window.used += 1;
    return this.present(kind, window);
  }

  clear(): void {
    this.windows.clear();
  }

  private current(holder: string): Window | undefined {
    const window = this.windows.get(holder);
    return window && window.resetAt > this.now().getTime() ? window : undefined;
  }

  private open(holder: string): Window {
    const window = { used: 0, resetAt: this.now().getTime() + WINDOW_MS };
    this.windows.set(holder, window);
    return window;
  }

  private present(kind: TokenKind, window: Window | undefined): RateLimitState {
    const limit = this.budgets[kind];
    const used = window?.used ?? 0;
    const resetAt = window?.resetAt ?? this.now().getTime() + WINDOW_MS;
    return {
      limit,
      remaining: Math.max(0, limit - used),
      used,
      reset: Math.floor(resetAt / 1000),
      resource: 'core',
    };
  }
}
