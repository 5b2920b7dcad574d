/** What every resolver of one GraphQL request sees. */
import type { SimAuth } from '../host.js';
import type { GraphqlStore } from './graphql-store.js';
import type { RateLimitStatus } from './rate-limit-ledger.js';

export interface GraphqlContext {
  store: GraphqlStore;
  auth: SimAuth;
  /** The holder's rate limit after this query was charged, and what it cost. */
  rateLimit: RateLimitStatus & { cost: number; nodeCount: number };
  /** Per-request memo (see request-cache.ts). */
  cache: Map<string, unknown>;
}
