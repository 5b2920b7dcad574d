/**
 * The Probot app: every webhook goes through the router to the controller; a resync asks for a
 * pass over every installed repository on a period (and once at start: deliveries made while the
 * app was down are not redelivered by GitHub).
 */
import type { ApplicationFunction, Probot } from 'probot';
import { Controller, describeError } from './controller.js';
import type { AppIdentity } from './github/app-identity.js';
import { ConditionalCache } from './github/conditional-cache.js';
import { applyRequestPolicy, emptyStats } from './github/request-policy.js';
import type { Octokit } from './github/octokit.js';
import type { Logger } from './reconcile/apply/apply-context.js';
import type { ReconcileReport } from './reconcile/reconcile.js';
import type { SchedulerOptions } from './reconcile/repo-scheduler.js';
import type { Telemetry } from './telemetry/telemetry.js';
import { WebhookRouter, ROUTES } from './webhooks/route-webhooks.js';
import type { WebhookEvent } from './webhooks/webhook-context.js';

export interface DroverAppOptions {
  resyncMinutes?: number;
  now?: () => Date;
  /** The web UI's base URL for links (default: derived from the API base URL). */
  webUrl: string;
  scheduler?: SchedulerOptions;
  /** Milliseconds between two writes of one installation (app/github/write-spacing.ts); 0: not spaced. */
  writeSpacingMs?: number;
  onReport?: (report: ReconcileReport) => void;
  telemetry?: Telemetry;
}

export interface DroverAppHandle {
  app: ApplicationFunction;
  controller(): Controller;
  /** Resolves when no webhook handler and no pass is running or pending. */
  idle(): Promise<void>;
  close(): void;
}

/** Tries of the resync at start (1, 2, 4, 8 s apart) before it is left to the periodic one. */
const START_RESYNC_TRIES = 5;

/**
 * The resync's lists go through the controller's request policy: reads retried on 5xx, rate
 * limits waited out (Probot's client retries neither: app/start-app.ts).
 */
function withPolicy<T extends object>(octokit: T): T {
  applyRequestPolicy(octokit as unknown as Octokit, { cache: new ConditionalCache(), stats: emptyStats() });
  return octokit;
}

export function createDroverApp(options: DroverAppOptions): DroverAppHandle {
  let probot: Probot | null = null;
  let controller: Controller | null = null;
  let identity: AppIdentity | null = null;
  let resyncTimer: NodeJS.Timeout | null = null;
  const handlers = new Set<Promise<void>>();

  const log = (): Logger => {
    const logger = probot?.log;
    if (!logger) return { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    return {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    };
  };

  async function appIdentity(app: Probot): Promise<AppIdentity> {
    if (identity) return identity;
    const appOctokit = await app.auth();
    const info = await appOctokit.request('GET /app');
    const data = info.data as { id: number; slug?: string } | null;
    if (!data) throw new Error('GET /app returned no app: check APP_ID and PRIVATE_KEY');
    identity = { appId: data.id, botLogin: data.slug ? `${data.slug}[bot]` : null };
    return identity;
  }

  function track(work: Promise<void>): Promise<void> {
    const settled = work.catch((error: unknown) =>
      log().error(`webhook handler failed: ${describeError(error)}`),
    );
    handlers.add(settled);
    void settled.then(() => handlers.delete(settled));
    return work;
  }

  /** Every installation's repositories, asked for a pass. */
  async function resyncAll(full: boolean): Promise<void> {
    if (!probot || !controller) return;
    const appOctokit = withPolicy(await probot.auth());
    const installations = await appOctokit.request('GET /app/installations', { per_page: 100 });
    for (const installation of installations.data) {
      const octokit = withPolicy(await probot.auth(installation.id));
      const repos = await octokit.request('GET /installation/repositories', { per_page: 100 });
      for (const repository of repos.data.repositories)
        controller.request({ repo: repository.full_name, installationId: installation.id }, { full });
    }
  }

  /**
   * The resync at start is a new process's full read: the one that finds what happened while no
   * controller listened (commands among it). A fault must not put it off to the next period.
   */
  async function resyncAtStart(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await resyncAll(true);
        return;
      } catch (error) {
        if (attempt >= START_RESYNC_TRIES) throw error;
        log().warn(`the resync at start failed (${describeError(error)}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
      }
    }
  }

  const app: ApplicationFunction = (loaded: Probot) => {
    probot = loaded;
    const built = new Controller({
      access: {
        octokitFor: async (installationId) => (await loaded.auth(installationId)) as unknown as Octokit,
        identity: () => appIdentity(loaded),
        webUrl: options.webUrl,
        writeSpacingMs: options.writeSpacingMs,
      },
      log: log(),
      now: options.now,
      scheduler: options.scheduler,
      onReport: options.onReport,
      telemetry: options.telemetry,
    });
    controller = built;
    const router = new WebhookRouter(built);
    loaded.on(Object.keys(ROUTES) as Parameters<Probot['on']>[0], (context) =>
      track(router.route({ id: context.id, name: context.name, payload: context.payload } as WebhookEvent)),
    );
    void track(resyncAtStart());
    const minutes = options.resyncMinutes ?? 5;
    resyncTimer = setInterval(() => void track(resyncAll(false)), minutes * 60_000);
    resyncTimer.unref();
  };

  return {
    app,
    controller() {
      if (!controller) throw new Error('The Drover app is not loaded');
      return controller;
    },
    async idle() {
      // A handler may request a pass, and a pass never starts handlers: two rounds settle it.
      while (handlers.size > 0) await Promise.all([...handlers]);
      await controller?.idle();
      while (handlers.size > 0) await Promise.all([...handlers]);
    },
    close() {
      if (resyncTimer) clearInterval(resyncTimer);
      controller?.close();
    },
  };
}
