/**
 * Request counters for benchmarks.
 *
 * The first three fields are the original counters, kept as they were: every routed REST call
 * by route template (whatever the answer, including 304s and routes that are not GitHub's API),
 * GraphQL queries and their point cost, and calls per token (login, `installation:<id>` or the job
 * token's label). `usage` is what GitHub bills, per token kind and per token (see usage.ts).
 */
import { UsageCounters, type UsageSnapshot } from './usage.js';

export interface CounterSnapshot {
  rest: Record<string, number>;
  graphql: { queries: number; points: number };
  byToken: Record<string, number>;
  usage: UsageSnapshot;
}

type LegacyCounts = Omit<CounterSnapshot, 'usage'>;

export class Counters {
  private data: LegacyCounts = emptySnapshot();
  readonly usage = new UsageCounters();

  /** One REST call, keyed as `GET /repos/{owner}/{repo}/issues/{issue_number}`. */
  addRest(routeKey: string, tokenKey: string): void {
    this.data.rest[routeKey] = (this.data.rest[routeKey] ?? 0) + 1;
    this.addToken(tokenKey);
  }

  /** One GraphQL query and its point cost (the GraphQL module computes the cost). */
  addGraphql(tokenKey: string, points: number): void {
    this.data.graphql.queries += 1;
    this.data.graphql.points += points;
    this.addToken(tokenKey);
  }

  private addToken(tokenKey: string): void {
    this.data.byToken[tokenKey] = (this.data.byToken[tokenKey] ?? 0) + 1;
  }

  snapshot(): CounterSnapshot {
    return { ...structuredClone(this.data), usage: this.usage.snapshot() };
  }

  reset(): void {
    this.data = emptySnapshot();
    this.usage.reset();
  }
}

const emptySnapshot = (): LegacyCounts => ({ rest: {}, graphql: { queries: 0, points: 0 }, byToken: {} });
