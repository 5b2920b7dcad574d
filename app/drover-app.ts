/**
 * The Probot app: webhooks only say "look at this repository now". Each relevant delivery (once
 * per `X-GitHub-Delivery`) asks the scheduler for a reconcile; `/drover` comments go to the
 * command handler first. A periodic resync covers deliveries GitHub never made.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { plan } from '../core/plan.js';
import { handleCommand } from './commands/handle-command.js';
import type { AppIdentity } from './github/app-identity.js';
import { createGateway, type OctokitGateway } from './github/octokit-gateway.js';
import type { Octokit } from './github/octokit.js';
import { parseAttemptRunName } from './github/run-name.js';
import { loadConfig, reconcile, type ReconcileView } from './reconcile/reconcile.js';
import type { Logger } from './reconcile/reconcile-context.js';
import { RepoScheduler, type RepoTarget } from './reconcile/repo-scheduler.js';
import { statusView } from './reconcile/status-view.js';
import { projectView } from './projects/project-view.js';
import type { ProjectSyncState } from './projects/sync-project.js';
import { DeliveryDedupe } from './webhooks/delivery-dedupe.js';
import { defaultConfig } from '../core/config.js';

export interface DroverAppOptions {
  resyncMinutes?: number;
  now?: () => Date;
  /** Extra views (e.g. the Projects v2 board) run after the status view. */
  views?: Array<(view: ReconcileView) => Promise<void>>;
}

export interface DroverAppHandle {
  app: ApplicationFunction;
  scheduler: RepoScheduler;
  /** Resolves when no webhook handler and no reconcile is running or pending. */
  idle(): Promise<void>;
  close(): void;
}

/** Events from bots are ignored except these, which report work Drover itself started. */
const BOT_EVENTS_WE_NEED = new Set([
  'workflow_run',
  'pull_request',
  'installation',
  'installation_repositories',
]);

type RepoPayload = {
  repository?: { full_name: string };
  installation?: { id: number };
  sender?: { type?: string };
};

export function createDroverApp(options: DroverAppOptions = {}): DroverAppHandle {
  const now = options.now ?? (() => new Date());
  const dedupe = new DeliveryDedupe(1000);
  let probot: Probot | null = null;
  let identity: AppIdentity | null = null;
  let resyncTimer: NodeJS.Timeout | null = null;
  const handlers = new Set<Promise<void>>();
  /** Projects board sync state per repository, kept for the app's lifetime (see project-view.ts). */
  const projectStates = new Map<string, ProjectSyncState>();

  /** Keep track of a handler so idle() can wait for it; Probot still sees its result. */
  function tracked<C>(handler: (context: C) => Promise<void> | void): (context: C) => Promise<void> {
    return (context) => {
      const running = Promise.resolve(handler(context));
      const settled = running.then(
        () => undefined,
        () => undefined,
      );
      handlers.add(settled);
      void settled.then(() => handlers.delete(settled));
      return running;
    };
  }

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

  async function gatewayFor(app: Probot, octokit: Octokit, repo: string): Promise<OctokitGateway> {
    return createGateway(octokit, repo, { identity: await appIdentity(app), labels: defaultConfig().labels });
  }

  async function runReconcile(target: RepoTarget): Promise<{ nextWakeAt: string | null }> {
    if (!probot) throw new Error('The Drover app is not loaded');
    const octokit = (await probot.auth(target.installationId)) as unknown as Octokit;
    const probe = await gatewayFor(probot, octokit, target.repo);
    const loadedConfig = await loadConfig(probe);
    const gateway = probe.withLabels(loadedConfig.config.labels);
    const report = await reconcile(gateway, {
      planner: plan,
      now,
      log: log(),
      loadedConfig,
      views: [
        statusView(() => gateway.dashboardIssue()),
        projectView({ dashboardIssue: () => gateway.dashboardIssue(), states: projectStates }),
        ...(options.views ?? []),
      ],
    });
    const stats = gateway.stats();
    log().debug(
      `reconcile ${target.repo}: ${stats.requests} requests, ${stats.graphqlPoints} GraphQL points, dispatched ${report.dispatched.length}, settled ${report.settled.length}`,
    );
    return { nextWakeAt: report.nextWakeAt };
  }

  const scheduler = new RepoScheduler(runReconcile, (target, error) => {
    log().error(`reconcile of ${target.repo} failed: ${describeError(error)}`);
  });

  function targetOf(payload: RepoPayload): RepoTarget | null {
    if (!payload.repository || !payload.installation) return null;
    return { repo: payload.repository.full_name, installationId: payload.installation.id };
  }

  /** First delivery, not from a bot (unless it reports our own work). */
  function shouldHandle(context: Context): boolean {
    if (!dedupe.firstTime(context.id)) return false;
    const payload = context.payload as RepoPayload;
    return payload.sender?.type !== 'Bot' || BOT_EVENTS_WE_NEED.has(context.name);
  }

  async function onComment(context: Context<'issue_comment.created'>): Promise<void> {
    if (!shouldHandle(context) || !probot) return;
    const target = targetOf(context.payload);
    if (!target) return;
    const { comment, issue } = context.payload;
    const octokit = context.octokit as unknown as Octokit;
    const probe = await gatewayFor(probot, octokit, target.repo);
    const loaded = await loadConfig(probe);
    const gateway = probe.withLabels(loaded.config.labels);
    const result = await handleCommand({
      gateway,
      config: loaded.config,
      issue: issue.number,
      comment: {
        id: comment.id,
        body: comment.body,
        author: comment.user?.login ?? 'ghost',
        authorType: (comment.user?.type ?? 'User') as 'User' | 'Bot' | 'Organization',
        viaAppId: comment.performed_via_github_app?.id ?? null,
      },
      ownAppId: (await appIdentity(probot)).appId,
      now: now(),
      loadSnapshot: () => gateway.loadSnapshot(),
    });
    if (result.reconcile) scheduler.request(target);
  }

  function onRepoEvent(context: Context): void {
    if (!shouldHandle(context)) return;
    const target = targetOf(context.payload as RepoPayload);
    if (target) scheduler.request(target);
  }

  function onWorkflowRun(context: Context<'workflow_run.completed'>): void {
    if (!shouldHandle(context)) return;
    const run = context.payload.workflow_run;
    if (!parseAttemptRunName(run.display_title ?? run.name)) return;
    const target = targetOf(context.payload);
    if (target) scheduler.request(target);
  }

  function onPullRequestClosed(context: Context<'pull_request.closed'>): void {
    if (!shouldHandle(context)) return;
    if (!context.payload.pull_request.head.ref.startsWith('drover/')) return;
    const target = targetOf(context.payload);
    if (target) scheduler.request(target);
  }

  async function onInstallation(
    context: Context<'installation.created'> | Context<'installation_repositories.added'>,
  ): Promise<void> {
    if (!shouldHandle(context)) return;
    const payload = context.payload as {
      installation: { id: number };
      repositories?: Array<{ full_name: string }>;
      repositories_added?: Array<{ full_name: string }>;
    };
    for (const repository of payload.repositories ?? payload.repositories_added ?? []) {
      scheduler.request({ repo: repository.full_name, installationId: payload.installation.id });
    }
  }

  /** Every installation's repositories, reconciled on the resync period. */
  async function resyncAll(): Promise<void> {
    if (!probot) return;
    const appOctokit = await probot.auth();
    const installations = await appOctokit.request('GET /app/installations', { per_page: 100 });
    for (const installation of installations.data) {
      const octokit = await probot.auth(installation.id);
      const repos = await octokit.request('GET /installation/repositories', { per_page: 100 });
      for (const repository of repos.data.repositories)
        scheduler.request({ repo: repository.full_name, installationId: installation.id });
    }
  }

  async function resyncAtStart(): Promise<void> {
    await resyncAll().catch((error: unknown) => log().error(`resync at start failed: ${String(error)}`));
  }

  const app: ApplicationFunction = (loaded: Probot) => {
    probot = loaded;
    loaded.on('issue_comment.created', tracked(onComment));
    loaded.on(
      ['issues', 'sub_issues', 'issue_dependencies'] as unknown as 'issues',
      tracked(onRepoEvent as (context: Context<'issues'>) => void),
    );
    loaded.on('workflow_run.completed', tracked(onWorkflowRun));
    loaded.on('pull_request.closed', tracked(onPullRequestClosed));
    loaded.on(['installation.created', 'installation_repositories.added'], tracked(onInstallation));
    // Deliveries made while the app was down are lost (GitHub does not redeliver on its own): a
    // fresh process looks at every installed repository once instead of waiting a resync period.
    void tracked(resyncAtStart)(undefined);
    const minutes = options.resyncMinutes ?? 5;
    resyncTimer = setInterval(() => {
      resyncAll().catch((error: unknown) => log().error(`resync failed: ${String(error)}`));
    }, minutes * 60_000);
    resyncTimer.unref();
  };

  return {
    app,
    scheduler,
    async idle() {
      // A handler may request a reconcile, and a reconcile never starts handlers: two passes settle it.
      while (handlers.size > 0) await Promise.all([...handlers]);
      await scheduler.idle();
      while (handlers.size > 0) await Promise.all([...handlers]);
    },
    close() {
      if (resyncTimer) clearInterval(resyncTimer);
      scheduler.close();
    },
  };
}

/** An Octokit error names the request that failed; a stack alone does not. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const request = (error as { request?: { method?: string; url?: string } }).request;
  const where = request?.url ? ` (${request.method ?? 'GET'} ${request.url})` : '';
  return `${error.message}${where}\n${error.stack ?? ''}`;
}
