/**
 * Actions for the simulator: workflow dispatch, runs, the local runner and the artifact
 * service that @actions/artifact uploads to.
 *
 * Routes outside GitHub's REST API (skip them in spec-conformance checks):
 * `/twirp/…` (the Results service RPCs) and `/_sim/…` (signed artifact blob and job log URLs).
 */
import type { SimulatorHost } from '../host.js';
import { ActionsService } from './actions-service.js';
import { installActionsRoutes } from './actions-routes.js';
import { installArtifactRoutes } from './artifact-routes.js';
import { installArtifactService } from './artifact-service.js';
import { installJobRoutes } from './job-routes.js';
import { ArtifactStore } from './artifact-store.js';
import { RunStore, type RunRecord } from './run-store.js';
import { RuntimeTokens } from './runtime-token.js';
import { SignedUrls } from './signed-urls.js';

export { TWIRP_PREFIX } from './artifact-service.js';
export { BLOB_ROUTE_PREFIX } from './signed-urls.js';
/** Path prefixes of the routes this module registers that are not GitHub REST. */
export const NON_REST_ROUTE_PREFIXES = ['/twirp/', '/_sim/'];

export interface ActionsOptions {
  /** Map a workflow step's `uses:` (e.g. `octo/drover@v1` or `./`) to a local action directory. */
  actionPaths?: Record<string, string>;
  /** Most jobs running at once; the rest wait, queued (default 4). */
  maxConcurrentJobs?: number;
  /** Extra environment for every job (e.g. model keys for the demo agent). */
  env?: Record<string, string>;
  /**
   * GITHUB_SERVER_URL and the host of `html_url`s. @actions/artifact refuses to upload when this
   * looks like GHES: it must be github.com, *.ghe.com or *.localhost. Default: `http://github.localhost:<port>`.
   */
  serverUrl?: string;
}

export interface ActionsModule {
  /** Resolves once every queued and running job has finished. */
  idle(): Promise<void>;
  /** Stop runners and kill running jobs. */
  close(): Promise<void>;
  /** Repository Actions secret (`secrets.<name>` in workflows; masked in logs). */
  setSecret(repo: string, name: string, value: string): void;
  /** Repository Actions variable (`vars.<name>` in workflows). */
  setVariable(repo: string, name: string, value: string): void;
  /** The run's log: every step's output (masked), workflow commands applied. */
  runLog(runId: number): string;
  /** Every run, for assertions. */
  runs(): readonly RunRecord[];
  /** Jobs waiting for a runner and jobs running now. */
  load(): { queued: number; running: number };
}

const DEFAULT_MAX_CONCURRENT_JOBS = 4;

function defaultServerUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.hostname = 'github.localhost';
  return url.origin;
}

function perRepo() {
  const values = new Map<string, Record<string, string>>();
  return {
    set(repo: string, name: string, value: string) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(
          `Invalid name "${name}": use letters, digits and underscores, not starting with a digit`,
        );
      }
      const key = repo.toLowerCase();
      values.set(key, { ...values.get(key), [name]: value });
    },
    get: (repo: string) => ({ ...values.get(repo.toLowerCase()) }),
  };
}

export function installActions(host: SimulatorHost, options: ActionsOptions = {}): ActionsModule {
  const runs = new RunStore();
  const artifacts = new ArtifactStore();
  const runtimeTokens = new RuntimeTokens();
  const signedUrls = new SignedUrls(host.baseUrl);
  const secrets = perRepo();
  const variables = perRepo();
  const service = new ActionsService({
    host,
    runs,
    runtimeTokens,
    serverUrl: options.serverUrl ?? defaultServerUrl(host.baseUrl),
    actionPaths: options.actionPaths ?? {},
    env: options.env ?? {},
    maxConcurrentJobs: options.maxConcurrentJobs ?? DEFAULT_MAX_CONCURRENT_JOBS,
    secretsFor: secrets.get,
    varsFor: variables.get,
  });
  installActionsRoutes(host, service, runs);
  installJobRoutes(host, runs, signedUrls, () => service.payloadContext);
  installArtifactRoutes(host, artifacts, runs, signedUrls);
  installArtifactService({ host, artifacts, runs, runtimeTokens, blobUrls: signedUrls });
  return {
    idle: () => service.idle(),
    close: () => service.close(),
    setSecret: secrets.set,
    setVariable: variables.set,
    runLog: (runId) => (runs.all().find((run) => run.id === runId)?.log ?? []).join('\n'),
    runs: () => runs.all(),
    load: () => service.load,
  };
}
