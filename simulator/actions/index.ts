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
import { commitSummary } from './git-repository.js';

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
  /** Where failures of the simulator itself (not of workflows) are reported (default: nowhere). */
  log?: (message: string) => void;
}

/** A push, for code paths that move a ref without emitting the core's `push` event. */
export interface PushNotice {
  /** `owner/name` */
  repo: string;
  /** `refs/heads/<branch>` or `refs/tags/<tag>` */
  ref: string;
  before: string | null;
  after: string;
  /** Login of who pushed (a GITHUB_TOKEN push, `github-actions[bot]`, starts no run). */
  actor: string;
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
  /**
   * Take the runners offline (`true`): new jobs stay queued, as on GitHub when no runner is free,
   * until they come back (`false`). Running jobs go on.
   */
  holdRunners(hold: boolean): void;
  /**
   * Starts the `on: push` workflows a push of `ref` from `before` to `after` by `actor` starts.
   * Every ref change the core records (Git Data API, smart HTTP, merges) already emits a `push`
   * event that does this; call it only for a path that moves a ref without emitting one.
   */
  push(notice: PushNotice): Promise<void>;
  /**
   * A tick of GitHub's scheduler for `owner/name`: each workflow of the default branch with an
   * `on.schedule` runs once. Resolves once the runs are created (not finished).
   */
  schedule(repo: string): Promise<void>;
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
    log: options.log ?? (() => {}),
  });
  host.onRepositoryEvent((event, payload) => {
    void service.onRepositoryEvent(event, payload);
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
    schedule: async (repo) => {
      const [owner = '', name = ''] = repo.split('/');
      await service.schedule(owner, name);
    },
    holdRunners: (hold) => service.holdRunners(hold),
    push: async (notice) => {
      const [owner = '', name = ''] = notice.repo.split('/');
      const gitDir = host.repoGitDir(owner, name);
      const head = await commitSummary(gitDir, notice.after);
      await service.onRepositoryEvent('push', {
        ref: notice.ref,
        before: notice.before ?? '0'.repeat(40),
        after: notice.after,
        created: notice.before === null,
        deleted: false,
        head_commit: { id: head.sha, message: head.message, tree_id: head.treeSha },
        repository: host.repositoryPayload(owner, name),
        sender: host.userPayload(notice.actor),
      });
    },
  };
}
