/**
 * API usage as GitHub bills it, per token kind and per token: REST answers billed to the primary
 * budget (every status but 304; `GET /rate_limit` is free), 304s apart, writes (REST
 * POST/PATCH/PUT/DELETE and GraphQL mutations), GraphQL requests and points; REST by route
 * template. Traffic GitHub does not bill to a token (git smart HTTP, the artifact service and its
 * signed blob URLs) is counted apart, under `unbilled`.
 */
import { TOKEN_KINDS, type TokenKind } from './request-facts.js';

export interface UsageCounts {
  /** REST answers billed to the primary budget: 2xx, 3xx but 304, 4xx, 5xx (injected ones too). */
  rest: number;
  /** 304 Not Modified answers to conditional requests (not billed). */
  notModified: number;
  /** Other REST requests GitHub does not bill (`GET /rate_limit`). */
  freeRest: number;
  /** REST POST/PATCH/PUT/DELETE plus GraphQL mutations, whatever the answer. */
  writes: number;
  /** GraphQL requests that were costed and charged. */
  graphql: number;
  /** GraphQL requests whose operation is a mutation. */
  graphqlMutations: number;
  /** GraphQL points charged (primary budget). */
  graphqlPoints: number;
  /** Requests the simulator's own rate-limit enforcement refused (primary or secondary). */
  rateLimited: number;
  /** Requests answered (or delayed) by an injected fault. */
  faulted: number;
}

export interface RouteUsage {
  billed: number;
  notModified: number;
  free: number;
  /** Billed answers per token kind. */
  byKind: Partial<Record<TokenKind, number>>;
}

export interface UsageSnapshot {
  total: UsageCounts;
  byKind: Record<TokenKind, UsageCounts>;
  /** Keyed like the legacy `byToken`: login, `installation:<id>`, the job token's label, `app`, `anonymous`. */
  byToken: Record<string, UsageCounts & { kind: TokenKind }>;
  /** REST by route template, e.g. `GET /repos/{owner}/{repo}/issues`. */
  routes: Record<string, RouteUsage>;
  unbilled: {
    /** Git smart-HTTP requests (`info/refs`, `git-upload-pack`, `git-receive-pack`). */
    git: number;
    /** Routes that are not GitHub's API: artifact Twirp RPCs, signed blob and log URLs. */
    other: number;
    /** Per route (`PUT /_sim/artifacts/blobs/{artifact_id}`) or git service (`git git-upload-pack`). */
    byRoute: Record<string, number>;
  };
}

export type UsageField = keyof UsageCounts;

export class UsageCounters {
  private data: UsageSnapshot = emptyUsage();

  add(kind: TokenKind, tokenKey: string, field: UsageField, amount = 1): void {
    this.data.total[field] += amount;
    this.data.byKind[kind][field] += amount;
    const token = (this.data.byToken[tokenKey] ??= { kind, ...zeroCounts() });
    token[field] += amount;
  }

  addRoute(route: string, kind: TokenKind, outcome: 'billed' | 'notModified' | 'free'): void {
    const usage = (this.data.routes[route] ??= { billed: 0, notModified: 0, free: 0, byKind: {} });
    usage[outcome] += 1;
    if (outcome === 'billed') usage.byKind[kind] = (usage.byKind[kind] ?? 0) + 1;
  }

  addUnbilled(channel: 'git' | 'other', key: string): void {
    this.data.unbilled[channel] += 1;
    this.data.unbilled.byRoute[key] = (this.data.unbilled.byRoute[key] ?? 0) + 1;
  }

  snapshot(): UsageSnapshot {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = emptyUsage();
  }
}

const zeroCounts = (): UsageCounts => ({
  rest: 0,
  notModified: 0,
  freeRest: 0,
  writes: 0,
  graphql: 0,
  graphqlMutations: 0,
  graphqlPoints: 0,
  rateLimited: 0,
  faulted: 0,
});

const emptyUsage = (): UsageSnapshot => ({
  total: zeroCounts(),
  byKind: Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, zeroCounts()])) as Record<
    TokenKind,
    UsageCounts
  >,
  byToken: {},
  routes: {},
  unbilled: { git: 0, other: 0, byRoute: {} },
});
