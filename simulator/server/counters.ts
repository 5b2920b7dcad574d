/**
 * Request counters for benchmarks: REST calls by route template, GraphQL queries and their
 * point cost, and calls per token (login, `installation:<id>` or the job token's label).
 */
export interface CounterSnapshot {
  rest: Record<string, number>;
  graphql: { queries: number; points: number };
  byToken: Record<string, number>;
}

export class Counters {
  private data: CounterSnapshot = emptySnapshot();

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
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = emptySnapshot();
  }
}

const emptySnapshot = (): CounterSnapshot => ({ rest: {}, graphql: { queries: 0, points: 0 }, byToken: {} });
