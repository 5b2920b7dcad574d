/** REST handlers: users and the rate limit. */
import type { SimHandler } from '../host.js';
import { presentPublicUser } from '../payloads/user.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { ok } from './request-helpers.js';

/** Primary limits per hour (docs: "Rate limits for the REST API"); the simulator never runs out. */
const LIMITS = { core: 5000, search: 30, graphql: 5000, integration_manifest: 5000, code_search: 10 };

export function userHandlers(store: SimStore): Record<string, SimHandler> {
  return {
    getUser: (req) => ok(presentPublicUser(store.urls, store.users.require(req.params.username ?? ''))),
    getAuthenticated: (req) => {
      if (req.auth.kind !== 'user' || !req.auth.login)
        throw new SimError(403, 'Resource not accessible by integration');
      return ok(presentPublicUser(store.urls, store.users.require(req.auth.login)));
    },
    rateLimit: () => {
      const reset = Math.floor(Date.now() / 1000) + 3600;
      const resources = Object.fromEntries(
        Object.entries(LIMITS).map(([name, limit]) => [name, { limit, used: 0, remaining: limit, reset }]),
      );
      return ok({ resources, rate: resources.core });
    },
  };
}
