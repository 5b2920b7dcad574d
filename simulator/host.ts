/**
 * The contract between the simulator's HTTP core (server, auth, state, REST, GraphQL, git,
 * webhooks) and the modules that plug into it (Actions runs and the local runner, the
 * artifact service). A module receives a SimulatorHost and registers its routes on it.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Permission = 'read' | 'write';

/** Who made a request, after the token was checked. */
export interface SimAuth {
  kind: 'app' | 'installation' | 'user' | 'job' | 'anonymous';
  /** The acting user's login (for installations: `<app-slug>[bot]`). */
  login: string | null;
  installationId?: number;
  /** GitHub App / job permissions by scope (`contents`, `issues`, `pull_requests`, `actions`, …). */
  permissions: Record<string, Permission>;
  /** A job token is bound to one repository (`owner/name`). */
  repo?: string;
}

export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/o/r/issues/1`. */
  path: string;
  /** Values of `{param}` segments of the matched route template. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  rawBody: Buffer;
  auth: SimAuth;
}

export interface SimResponse {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export type SimHandler = (req: SimRequest) => Promise<SimResponse> | SimResponse;

export interface RouteOptions {
  /** Do not require/parse a GitHub token (e.g. the artifact blob store, which uses signed URLs). */
  unauthenticated?: boolean;
  /** The permission scope and level the route needs, checked for installation and job tokens. */
  needs?: { scope: string; level: Permission };
}

/** A check run status a workflow job reports (GitHub Actions may also set `waiting`/`pending`). */
export type HostCheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'pending';

/** An annotation a job's `::error::` / `::warning::` / `::notice::` command made. */
export interface HostAnnotation {
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string | null;
  /** Where it points; GitHub puts file-less annotations on `.github` line 1. */
  path: string;
  startLine: number;
  endLine: number;
}

/**
 * The core's Checks API, as GitHub Actions uses it: one check suite per workflow run, one check
 * run per job sharing the job's id, on the run's head commit.
 */
export interface HostChecks {
  createSuite(repo: string, headSha: string, headBranch: string | null, workflowRunId: number): number;
  createRun(
    repo: string,
    suiteId: number,
    run: { id: number; name: string; headSha: string; detailsUrl: string },
  ): void;
  updateRun(
    repo: string,
    id: number,
    update: { status: HostCheckStatus; conclusion?: string; annotations?: HostAnnotation[] },
  ): void;
}

/** A repository event as the core emits it (the webhook's name and payload). */
export type RepositoryEventListener = (event: string, payload: Record<string, unknown>) => void;

export interface SimulatorHost {
  /** `http://127.0.0.1:<port>` (REST lives at `/api/v3`-free root: baseUrl is this value). */
  readonly baseUrl: string;
  /** Register a route. `template` uses OpenAPI syntax: `/repos/{owner}/{repo}/actions/runs/{run_id}`. */
  route(method: string, template: string, handler: SimHandler, options?: RouteOptions): void;
  /** Absolute path of the repository's bare git directory. */
  repoGitDir(owner: string, repo: string): string;
  /** A URL `git clone` accepts without credentials. */
  cloneUrl(owner: string, repo: string): string;
  defaultBranch(owner: string, repo: string): string;
  /** Throws a 404-style error when the repository does not exist. */
  repositoryPayload(owner: string, repo: string): Record<string, unknown>;
  userPayload(login: string): Record<string, unknown>;
  /** The app installation that covers the repository (as webhook payloads carry it), if any. */
  installationPayload(owner: string, repo: string): Record<string, unknown> | undefined;
  /** Deliver a webhook (signed, with X-GitHub-Event / X-GitHub-Delivery) as GitHub would. */
  emitWebhook(event: string, payload: Record<string, unknown>): void;
  /**
   * Calls `listener` with every event the core emits (`push`, `pull_request`, …), whether or
   * not a webhook target is set: what starts workflow runs. Called synchronously, inside the
   * change; a listener must defer its own work.
   */
  onRepositoryEvent(listener: RepositoryEventListener): void;
  /** Check suites and runs for workflow jobs. */
  readonly checks: HostChecks;
  /**
   * The test merge commit of an open pull request (`refs/pull/<n>/merge`, base merged with head),
   * or null when head and base conflict (GitHub runs no `pull_request` workflow then).
   */
  pullRequestMergeCommit(owner: string, repo: string, number: number): string | null;
  /**
   * A token for a workflow job, restricted to one repository and the given permissions.
   * `label` names it in the request counters (e.g. `job:<run id>`; default `job:<repo>`).
   */
  mintJobToken(repo: string, permissions: Record<string, Permission>, label?: string): string;
  revokeToken(token: string): void;
  /** A fresh temp directory that `close()` removes. */
  tempDir(prefix: string): string;
  /** Monotonic ids shared by every kind of object (GitHub ids are unique per type; one counter is simpler). */
  nextId(): number;
  /** The simulator's clock (tests may move it). ISO strings go into payloads. */
  now(): Date;
  /**
   * Calls `listener` after every ref change, whatever made it (refs API, createCommitOnBranch,
   * git push, merges), e.g. to start `on: push` workflows for `refs/heads/*` and `refs/tags/*`
   * (GitHub runs none for other refs). Returns an unsubscribe function.
   */
  onRefChange?(listener: (change: HostRefChange) => void): () => void;
}

/** A ref change as modules see it; `null` before = created, `null` after = deleted. */
export interface HostRefChange {
  /** `owner/name`. */
  repo: string;
  ref: string;
  before: string | null;
  after: string | null;
  /** Login of who made it. */
  actor: string;
}
