/**
 * Start Drover's Probot app on an HTTP server: what `npm start` runs, and what the demo and
 * the end-to-end tests start in-process against the simulator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, createProbot, ProbotOctokit } from 'probot';
import type { Controller } from './controller.js';
import { createDroverApp } from './drover-app.js';
import type { ReconcileReport } from './reconcile/reconcile.js';
import type { SchedulerOptions } from './reconcile/repo-scheduler.js';
import { webUrlOf } from './github/web-url.js';
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
   * Space content-creating requests one second apart (default true). GitHub asks for that to
   * stay clear of its secondary rate limits ("Best practices for using the REST API": make
   * requests serially and wait at least one second between mutative requests), and Probot's
   * throttling plugin does it. The simulator has no such limit, so the demo and the tests turn
   * it off; against GitHub leave it on.
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
  /** The controller (the benchmarks ask it for passes and read its sessions). */
  controller(): Controller;
  close(): Promise<void>;
  /** Resolves when no reconcile is running or pending. */
  idle(): Promise<void>;
}

const WEBHOOK_PATH = '/api/github/webhooks';

export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const probot = createProbot({
    overrides: {
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.webhookSecret,
      baseUrl: options.baseUrl,
      log: pino({ level: options.log ?? 'info' }),
      Octokit: droverOctokit(options.throttleWrites !== false),
    },
  });
  const drover = createDroverApp({
    resyncMinutes: options.resyncMinutes,
    webUrl: webUrlOf(options.baseUrl),
    scheduler: options.scheduler,
    onReport: options.onReport,
    telemetry: options.telemetry,
  });
  const middleware = await createNodeMiddleware(drover.app, { probot, webhooksPath: WEBHOOK_PATH });
  const server = createServer((request, response) => {
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
  return {
    webhookUrl: `http://${host}:${port}${WEBHOOK_PATH}`,
    controller: () => drover.controller(),
    idle: () => drover.idle(),
    async close() {
      drover.close();
      await drover.idle();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await options.telemetry?.shutdown();
    },
  };
}

/**
 * Probot's Octokit with Drover's request policy in charge of faults: plugin-retry off (it would
 * retry writes GitHub may have performed), plugin-throttling kept only to space writes one second
 * apart (GitHub's advice against secondary limits) and never to retry (the policy waits rate
 * limits out itself, for every method: app/github/request-policy.ts). Probot layers its own
 * throttle options over the class's defaults, so a defaults function (which runs after Probot's)
 * has the last word.
 */
function droverOctokit(spaceWrites: boolean): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instanceOptions: { throttle?: object; retry?: object }) => ({
    ...instanceOptions,
    retry: { ...instanceOptions.retry, enabled: false },
    throttle: {
      ...instanceOptions.throttle,
      enabled: spaceWrites,
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  }));
}
