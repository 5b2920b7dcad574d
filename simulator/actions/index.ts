/**
 * Actions for the simulator: workflow dispatch, runs, the local runner and the artifact
 * service. (Placeholder until the Actions module lands: registers nothing.)
 */
import type { SimulatorHost } from '../host.js';

export interface ActionsOptions {
  /** Map a workflow step's `uses:` (e.g. `octo/drover@v1` or `./`) to a local action directory. */
  actionPaths?: Record<string, string>;
  /** Most jobs running at once. */
  maxConcurrentJobs?: number;
  /** Extra environment for every job (e.g. model keys for the demo agent). */
  env?: Record<string, string>;
}

export interface ActionsModule {
  /** Resolves once every queued and running job has finished. */
  idle(): Promise<void>;
  /** Stop runners and kill running jobs. */
  close(): Promise<void>;
}

export function installActions(_host: SimulatorHost, _options: ActionsOptions = {}): ActionsModule {
  return { idle: async () => {}, close: async () => {} };
}
