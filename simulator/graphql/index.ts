/**
 * The simulator's GraphQL endpoint (`POST /graphql`, `/api/graphql`): GitHub's public schema
 * executed with graphql-js over the state store. See execute-graphql.ts for the pipeline.
 */
import type { SimAuth, SimHandler, SimulatorHost } from '../host.js';
import type { SimStore } from '../state/store.js';
import { executeGraphql, type GraphqlRequest } from './execute-graphql.js';
import { GraphqlRateLimits, type RateLimitStatus } from './rate-limit-ledger.js';
import { graphqlStoreView } from './sim-store-view.js';

export interface GraphqlHandlerOptions {
  /** Called once per executed query with the points it cost (for the simulator's counters). */
  onQuery?: (auth: SimAuth, points: number) => void;
}

export function createGraphqlHandler(
  store: SimStore,
  host: SimulatorHost,
  options: GraphqlHandlerOptions = {},
): SimHandler {
  const deps = { store: graphqlStoreView(store), limits: new GraphqlRateLimits(() => host.now()) };
  return async (req) => {
    const request: GraphqlRequest = typeof req.body === 'object' && req.body !== null ? req.body : {};
    const answer = await executeGraphql(deps, req.auth, request);
    if (answer.rateLimit) options.onQuery?.(req.auth, answer.cost);
    return {
      status: 200,
      body: answer.body,
      headers: answer.rateLimit ? rateLimitHeaders(answer.rateLimit) : { 'x-ratelimit-resource': 'graphql' },
    };
  };
}

/** The headers GitHub sends with every GraphQL answer. */
function rateLimitHeaders(status: RateLimitStatus): Record<string, string> {
  return {
    'x-ratelimit-limit': String(status.limit),
    'x-ratelimit-remaining': String(status.remaining),
    'x-ratelimit-used': String(status.used),
    'x-ratelimit-reset': String(Math.floor(status.resetAt.getTime() / 1000)),
    'x-ratelimit-resource': 'graphql',
  };
}
