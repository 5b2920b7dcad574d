/**
 * GitHub's documented secondary rate limits, per budget holder ("About secondary rate limits",
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits):
 * - at most 100 concurrent requests, shared by REST and GraphQL;
 * - at most 80 content-generating requests a minute and 500 an hour;
 * - at most 900 points a minute per REST endpoint and 2,000 for the GraphQL endpoint, where a
 *   GET (or a GraphQL query) costs 1 point and a POST/PATCH/PUT/DELETE (or a mutation) costs 5.
 * The CPU-time limit and the undisclosed ones are not modelled. Windows slide on the simulator's
 * clock; a refused request is not counted in them.
 */
import type { RequestFacts } from './request-facts.js';

export interface SecondaryLimitRules {
  concurrent: number;
  contentPerMinute: number;
  contentPerHour: number;
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
}

export const GITHUB_SECONDARY_LIMITS: Readonly<SecondaryLimitRules> = {
  concurrent: 100,
  contentPerMinute: 80,
  contentPerHour: 500,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2_000,
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const WRITE_POINTS = 5;

/** Why a request is refused, and how long to wait when GitHub would say (`retry-after`). */
export interface SecondaryRefusal {
  reason: 'concurrency' | 'content-per-minute' | 'content-per-hour' | 'endpoint-points';
  retryAfterSeconds?: number;
}

interface Stamp {
  at: number;
  points: number;
}

export class SecondaryLimits {
  private rules: SecondaryLimitRules = { ...GITHUB_SECONDARY_LIMITS };
  private readonly inFlight = new Map<string, number>();
  private readonly content = new Map<string, number[]>();
  private readonly points = new Map<string, Stamp[]>();

  constructor(private readonly now: () => Date) {}

  setRules(rules: Partial<SecondaryLimitRules>): void {
    this.rules = { ...this.rules, ...rules };
  }

  /** Takes one of the holder's concurrent slots: the release function, or a refusal. */
  enter(holder: string): (() => void) | SecondaryRefusal {
    const count = this.inFlight.get(holder) ?? 0;
    // No retry-after: GitHub does not promise one, and then asks for at least a minute's wait.
    if (count >= this.rules.concurrent) return { reason: 'concurrency' };
    this.inFlight.set(holder, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(holder) ?? 1) - 1;
      if (left > 0) this.inFlight.set(holder, left);
      else this.inFlight.delete(holder);
    };
  }

  /** A refusal when this request would exceed a limit; otherwise records it and returns undefined. */
  admit(facts: RequestFacts): SecondaryRefusal | undefined {
    const now = this.now().getTime();
    const refusal = this.contentRefusal(facts, now) ?? this.pointsRefusal(facts, now);
    if (refusal) return refusal;
    if (facts.write) this.stamps(this.content, facts.holder, now, HOUR_MS).push(now);
    this.stamps(this.points, endpointKey(facts), now, MINUTE_MS).push({ at: now, points: pointsOf(facts) });
    return undefined;
  }

  clear(): void {
    this.content.clear();
    this.points.clear();
  }

  private contentRefusal(facts: RequestFacts, now: number): SecondaryRefusal | undefined {
    if (!facts.write) return undefined;
    const hour = this.stamps(this.content, facts.holder, now, HOUR_MS);
    const minute = hour.filter((at) => at > now - MINUTE_MS);
    if (minute.length >= this.rules.contentPerMinute) {
      const expiring = minute[minute.length - this.rules.contentPerMinute] ?? now;
      return { reason: 'content-per-minute', retryAfterSeconds: secondsUntil(expiring + MINUTE_MS, now) };
    }
    if (hour.length >= this.rules.contentPerHour) {
      const expiring = hour[hour.length - this.rules.contentPerHour] ?? now;
      return { reason: 'content-per-hour', retryAfterSeconds: secondsUntil(expiring + HOUR_MS, now) };
    }
    return undefined;
  }

  private pointsRefusal(facts: RequestFacts, now: number): SecondaryRefusal | undefined {
    const limit =
      facts.api === 'graphql' ? this.rules.graphqlPointsPerMinute : this.rules.restPointsPerMinute;
    const stamps = this.stamps(this.points, endpointKey(facts), now, MINUTE_MS);
    let excess = stamps.reduce((sum, stamp) => sum + stamp.points, 0) + pointsOf(facts) - limit;
    if (excess <= 0) return undefined;
    // The wait: until enough of the oldest stamps leave the minute for this request to fit.
    for (const stamp of stamps) {
      excess -= stamp.points;
      if (excess <= 0)
        return { reason: 'endpoint-points', retryAfterSeconds: secondsUntil(stamp.at + MINUTE_MS, now) };
    }
    return { reason: 'endpoint-points', retryAfterSeconds: 60 };
  }

  /** The holder's stamps still inside the window (older ones dropped). */
  private stamps<T extends number | Stamp>(
    map: Map<string, T[]>,
    key: string,
    now: number,
    windowMs: number,
  ): T[] {
    const kept = (map.get(key) ?? []).filter((stamp) => stampTime(stamp) > now - windowMs);
    map.set(key, kept);
    return kept;
  }
}

const stampTime = (stamp: number | Stamp): number => (typeof stamp === 'number' ? stamp : stamp.at);
const pointsOf = (facts: RequestFacts): number => (facts.write ? WRITE_POINTS : 1);
const endpointKey = (facts: RequestFacts): string =>
  `${facts.holder} ${facts.route ?? `${facts.method} ${facts.path}`}`;
const secondsUntil = (at: number, now: number): number => Math.max(1, Math.ceil((at - now) / 1000));
