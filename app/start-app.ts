/**
 * Start Drover's Probot app on an HTTP server: what `npm start` (and the Docker image) runs, and
 * what the demo and the end-to-end tests start in-process against the simulator. Besides the
 * webhook route it answers `GET /healthz` (the process serves: liveness) and `GET /readyz` (the
 * app is loaded and takes webhooks: readiness), and `close()` shuts down gracefully.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger as PinoLogger } from 'pino';
import { createNodeMiddleware, createProbot, ProbotOctokit } from 'probot';
import type { Controller } from './controller.js';
import { createDroverApp } from './drover-app.js';
import type { ReconcileReport } from './reconcile/reconcile.js';
import type { SchedulerOptions } from './reconcile/repo-scheduler.js';
import { webUrlOf } from './github/web-url.js';
import { GITHUB_WRITE_SPACING_MS } from './github/write-spacing.js';
import type { Telemetry } from './telemetry/telemetry.js';

export interface StartAppOptions {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** REST base URL: https://api.github.com, `https://<host>/api/v3` on GHES, or the simulator's. */
  baseUrl: string;
  /** 0 = any free port. */
  port?: number;
  host?: string;
  log?: 'silent' | 'info' | 'debug';
  resyncMinutes?: number;
  /**
   * Space writes one second apart (default true). GitHub asks for that to stay clear of its
   * secondary rate limits ("Best practices for using the REST API": wait at least one second
   * between mutative requests); app/github/write-spacing.ts does it. The simulator has no such
   * limit, so the demo and the tests turn it off; against GitHub leave it on.
   */
  throttleWrites?: boolean;
  /** Debounce and backoff of passes (tests shorten the quiet window). */
  scheduler?: SchedulerOptions;
  onReport?: (report: ReconcileReport) => void;
  /** OpenTelemetry (app/telemetry/telemetry.ts); none by default. Shut down when the app closes. */
  telemetry?: Telemetry;
}

export interface RunningApp {
  webhookUrl: string;
  /** Where `/healthz` and `/readyz` are served (same server). */
  baseUrl: string;
  /** The app's structured (JSON) logger. */
  log: PinoLogger;
  /** The controller (the benchmarks ask it for passes and read its sessions). */
  controller(): Controller;
  /**
   * Graceful shutdown: stop taking webhooks (new deliveries get 503, which GitHub records as
   * failed and lets you redeliver; another replica may take them), let the pass in progress
   * finish for at most `graceMs` (default: no bound), then close the server. A pass cut short
   * is safe to abandon: every write is claimed or compare-and-swapped, and the next pass (here or
   * on another replica) finds what it left (docs/control-loop.md §6). Resolves `finished` or `abandoned`.
   */
  close(options?: { graceMs?: number }): Promise<'finished' | 'abandoned'>;
  /** Resolves when no reconcile is running or pending. */
  idle(): Promise<void>;
}

const WEBHOOK_PATH = '/api/github/webhooks';

type Phase = 'starting' | 'ready' | 'stopping';

function health(response: import('node:http').ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  // JSON lines, one object per event, with the app's name on each: what log collectors parse.
  const log = pino({ level: options.log ?? 'info', base: { app: 'drover', pid: process.pid } });
  const startedAt = Date.now();
  let phase: Phase = 'starting';
  const probot = createProbot({
    overrides: {
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.webhookSecret,
      baseUrl: options.baseUrl,
      log,
      Octokit: droverOctokit(),
    },
  });
  const drover = createDroverApp({
    resyncMinutes: options.resyncMinutes,
    webUrl: webUrlOf(options.baseUrl),
    writeSpacingMs: options.throttleWrites !== false ? GITHUB_WRITE_SPACING_MS : 0,
    scheduler: options.scheduler,
    onReport: options.onReport,
    telemetry: options.telemetry,
  });
  const middleware = await createNodeMiddleware(drover.app, { probot, webhooksPath: WEBHOOK_PATH });
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/healthz')
      return health(response, 200, {
        status: 'ok',
        phase,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
    if (request.method === 'GET' && path === '/readyz')
      return health(response, phase === 'ready' ? 200 : 503, { status: phase === 'ready' ? 'ready' : phase });
    if (phase === 'stopping' && path === WEBHOOK_PATH)
      return health(response, 503, { status: 'stopping', message: 'this instance is shutting down' });
    void middleware(request, response, () => {
      response.writeHead(404).end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Loaded: createNodeMiddleware has run the app function (its controller exists).
  drover.controller();
  phase = 'ready';
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    webhookUrl: `${baseUrl}${WEBHOOK_PATH}`,
    baseUrl,
    log,
    controller: () => drover.controller(),
    idle: () => drover.idle(),
    async close(closeOptions = {}) {
      phase = 'stopping';
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeIdleConnections();
      drover.close();
      const outcome = await settleWithin(drover.idle(), closeOptions.graceMs);
      server.closeAllConnections();
      await closed;
      await options.telemetry?.shutdown();
      return outcome;
    },
  };
}

/** `finished` when the work settles in time, `abandoned` when the bound passes first. */
async function settleWithin(
  work: Promise<void>,
  boundMs: number | undefined,
): Promise<'finished' | 'abandoned'> {
  if (boundMs === undefined) return work.then(() => 'finished');
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'abandoned'>((resolve) => {
    timer = setTimeout(() => resolve('abandoned'), boundMs);
  });
  return Promise.race([work.then(() => 'finished' as const), bound]).finally(() => clearTimeout(timer));
}

/**
 * Probot's Octokit with Drover's request policy in charge (app/github/request-policy.ts):
 * plugin-retry off (it would retry writes GitHub may have performed) and plugin-throttling off
 * (it spaces every GraphQL query as if it were a write and never lets the policy see a rate limit
 * first; the policy waits rate limits out itself and spaces writes: app/github/write-spacing.ts).
 * Probot layers its own options over the class's defaults, so a defaults function (which runs
 * after Probot's) has the last word.
 */
function droverOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instanceOptions: { throttle?: object; retry?: object }) => ({
    ...instanceOptions,
    retry: { ...instanceOptions.retry, enabled: false },
    throttle: { ...instanceOptions.throttle, enabled: false },
  }));
}
