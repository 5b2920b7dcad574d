/**
 * GraphQL endpoint (`/graphql`, `/api/graphql`). Placeholder until the GraphQL module lands:
 * answers every query with a GraphQL error. The real module keeps this signature.
 */
import type { SimHandler, SimulatorHost } from '../host.js';
import type { SimStore } from '../state/store.js';

export function createGraphqlHandler(_store: SimStore, _host: SimulatorHost): SimHandler {
  return () => ({
    status: 200,
    body: {
      errors: [{ message: 'GraphQL is not implemented in the simulator yet', type: 'NOT_IMPLEMENTED' }],
    },
  });
}
