/**
 * A local, stateful stand-in for the parts of GitHub that Drover uses: REST (route table in
 * `rest/route-table.ts`), GraphQL (`graphql/`), git smart HTTP over real bare repositories,
 * signed webhook deliveries, GitHub App auth, Actions (`actions/`), faults and counters.
 *
 *   const sim = await startSimulator({ webhookUrl, webhookSecret });
 *   sim.createUser('alice'); sim.createRepo('alice', 'demo'); const id = sim.installApp('alice/demo');
 *   const octokit = new Octokit({ baseUrl: sim.baseUrl, auth: await sim.installationToken(id) });
 */
import {
  installActions,
  NON_REST_ROUTE_PREFIXES,
  type ActionsModule,
  type ActionsOptions,
} from './actions/index.js';
import { defineApp } from './app-definition.js';
import { SimRuntime } from './runtime.js';
import { createHost, RepositoryEventBus } from './sim-host.js';
import { createGitHttpHandler } from './git/smart-http.js';
import type { SimHandler, SimulatorHost } from './host.js';
import type { SimUrls } from './payloads/urls.js';
import { registerRestRoutes } from './rest/route-table.js';
import { ApiPipeline, type RateLimitOptions } from './server/api-pipeline.js';
import { Counters, type CounterSnapshot } from './server/counters.js';
import { FaultCampaign, type FaultCampaignOptions, type InjectedFault } from './server/fault-campaign.js';
import { FaultInjector, type FaultSpec } from './server/faults.js';
import { SimHttpServer } from './server/http-server.js';
import { tokenKeyOf } from './server/auth.js';
import type { RateLimitState } from './server/limit-answers.js';
import type { TokenKind } from './server/request-facts.js';
import { Router } from './server/router.js';
import type { CreateRepoOptions } from './state/repos.js';
import { SimStore } from './state/store.js';
import type { RepoRole, TokenPermission } from './state/types.js';
import {
  WebhookDeliverer,
  type Delivery,
  type DeliveryPredicate,
  type DeliveryTarget,
  type TargetOptions,
} from './webhooks/deliver.js';
import { EventHistory, type HistoryEntry, type HistoryFilter } from './webhooks/event-history.js';

export interface SimulatorOptions {
  webhookUrl?: string;
  webhookSecret?: string;
  actions?: ActionsOptions;
  /** Port to bind on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Where internal errors and failed deliveries are reported (default: nowhere). */
  log?: (message: string) => void;
  /** Rate-limit enforcement and budgets (default: headers only, nothing refused). */
  rateLimits?: RateLimitOptions;
  /**
   * Permissions the simulated app has beyond app.yml's, e.g. `{ workflows: 'write' }` (without
   * it, app tokens cannot change `.github/workflows/`, as on GitHub).
   */
  appPermissions?: Record<string, TokenPermission>;
  /**
   * How long a pull request's `mergeable` stays null (`mergeable_state: unknown`) after it is
   * opened or its head or base moves, before the background computation fills it in
   * (default 25 ms; 0 computes at once).
   */
  mergeabilityDelayMs?: number;
}

export interface SimulatorApp {
  id: number;
  slug: string;
  privateKey: string;
  webhookSecret: string;
  clientId: string;
}

/** Controls one webhook target (an app replica). */
export interface WebhookTargetControl {
  /** Deliveries routed to this target wait until `release()`. */
  hold(): void;
  release(): void;
  /** Deliveries routed to this target are lost (recorded `dropped`), as to a replica that is down. */
  drop(): void;
  stopDropping(): void;
}

export interface SimulatorWebhooks {
  setTarget(url: string, secret?: string): void;
  /** Several targets (replicas) and how deliveries spread over them (default `round-robin`). */
  setTargets(targets: Array<string | { url: string; secret?: string }>, options?: TargetOptions): void;
  targets(): Array<{ url: string; holding: boolean; dropping: boolean; queued: number }>;
  target(url: string): WebhookTargetControl;
  /** Sends a past delivery again with the same delivery id, as GitHub's "Redeliver". */
  redeliver(deliveryId: string): Delivery;
  /** Sends a captured delivery's body and signature again under a new delivery id (an attacker's replay). */
  replay(deliveryId: string): Delivery;
  hold(): void;
  release(): void;
  drop(predicate: DeliveryPredicate): void;
  duplicate(predicate: DeliveryPredicate): void;
  reorder(order?: (queued: Delivery[]) => Delivery[]): void;
  readonly deliveries: Delivery[];
  settled(): Promise<void>;
}

export interface Simulator {
  readonly baseUrl: string;
  readonly graphqlUrl: string;
  readonly serverUrl: string;
  readonly app: SimulatorApp;
  readonly state: SimStore;
  readonly host: SimulatorHost;
  readonly actions: ActionsModule;
  readonly webhooks: SimulatorWebhooks;
  readonly faults: {
    inject(spec: FaultSpec): void;
    /** Starts a seeded, probabilistic campaign (replaces the previous campaign's rules). */
    campaign(options: FaultCampaignOptions): void;
    /** Every fault the campaigns injected, in order. */
    injected(): InjectedFault[];
    /** Removes injected specs and the campaign's rules (the injected log is kept). */
    clear(): void;
  };
  readonly counters: {
    snapshot(): CounterSnapshot;
    reset(): void;
    addGraphql(tokenKey: string, points: number): void;
  };
  readonly rateLimits: {
    configure(options: RateLimitOptions): void;
    /** The REST (`core`) budget of a holder: `installation:<id>`, `job:<owner/repo>`, `user:<login>`, `app`, `anonymous`. */
    status(holder: string): RateLimitState;
    /** Empties every window (primary budgets and secondary limits). */
    reset(): void;
  };
  /** Every event the simulator emitted, in order (delivered or not); see HistoryEntry. */
  history(filter?: HistoryFilter): HistoryEntry[];
  createUser(
    login: string,
    options?: { type?: 'User' | 'Bot' | 'Organization'; email?: string },
  ): { login: string; id: number; token: string };
  createRepo(
    owner: string,
    name: string,
    options?: CreateRepoOptions,
  ): { owner: string; name: string; fullName: string; id: number; nodeId: string };
  setPermission(repo: string, login: string, role: RepoRole): void;
  /**
   * Branch protection's required status checks of `branch` (default: the default branch):
   * contexts a commit status or a check run of that name satisfies, and `strict` ("Require
   * branches to be up to date before merging").
   */
  setRequiredChecks(repo: string, checks: { contexts: string[]; strict?: boolean; branch?: string }): void;
  /** Resolves once no pull request's mergeability is still being computed. */
  mergeabilitySettled(): Promise<void>;
  /** Finishes every pending mergeability computation now (as if its delay had passed). */
  flushMergeability(): void;
  installApp(target: string): number;
  installationToken(installationId: number): Promise<string>;
  setSecret(repo: string, name: string, value: string): void;
  /** Moves the simulator's clock (timestamps in payloads) forward. */
  advanceClock(ms: number): void;
  /** Every registered REST route (core and Actions module). */
  routes(): Array<{ method: string; template: string }>;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? (() => {});
  const runtime = new SimRuntime();
  const appDef = defineApp(options.webhookSecret, options.appPermissions);
  const urls: SimUrls = { api: '', web: '' };
  const history = new EventHistory(() => runtime.now());
  const deliverer = new WebhookDeliverer(appDef.id, log, (delivery) => history.record(delivery));
  const counters = new Counters();
  const faults = new FaultInjector();
  const campaign = new FaultCampaign(() => runtime.now());
  const router = new Router();
  const events = new RepositoryEventBus();
  const store = new SimStore({
    urls,
    now: () => runtime.now(),
    nextId: () => runtime.nextId(),
    tempDir: (prefix) => runtime.tempDir(prefix),
    reposDir: runtime.reposDir,
    gitHome: runtime.gitHome,
    emit: (event, payload) => {
      deliverer.emit(event, payload);
      events.emit(event, payload);
    },
    app: appDef,
    ...(options.mergeabilityDelayMs !== undefined && { mergeabilityDelayMs: options.mergeabilityDelayMs }),
  });
  registerRestRoutes(router, store);
  const host = createHost(store, router, runtime, deliverer, events);

  let graphqlHandler: SimHandler | undefined;
  const pipeline = new ApiPipeline({
    store,
    router,
    counters,
    faults,
    campaign,
    nonApiPrefixes: NON_REST_ROUTE_PREFIXES,
    now: () => runtime.now(),
    log,
    graphql: async () => {
      if (!graphqlHandler) {
        const { createGraphqlHandler } = await import('./graphql/index.js');
        graphqlHandler = createGraphqlHandler(store, host, {
          onQuery: (auth, points) => {
            const tokenKey = tokenKeyOf(auth);
            counters.addGraphql(tokenKey, points);
            counters.usage.add(auth.kind, tokenKey, 'graphql');
            counters.usage.add(auth.kind, tokenKey, 'graphqlPoints', points);
          },
        });
      }
      return graphqlHandler;
    },
  });
  if (options.rateLimits) pipeline.configure(options.rateLimits);
  const server = new SimHttpServer({ pipeline, counters, gitHttp: createGitHttpHandler(store, log), log });
  const port = await server.listen(options.port ?? 0);
  urls.api = `http://127.0.0.1:${port}`;
  urls.web = urls.api;
  if (options.webhookUrl) deliverer.setTarget(options.webhookUrl, appDef.webhookSecret);
  const actions = installActions(host, { log, ...options.actions });

  return {
    baseUrl: urls.api,
    graphqlUrl: `${urls.api}/graphql`,
    serverUrl: urls.web,
    app: {
      id: appDef.id,
      slug: appDef.slug,
      privateKey: appDef.privateKey,
      webhookSecret: appDef.webhookSecret,
      clientId: appDef.clientId,
    },
    state: store,
    host,
    actions,
    webhooks: {
      setTarget: (url, secret = appDef.webhookSecret) => deliverer.setTarget(url, secret),
      setTargets: (targets, targetOptions) =>
        deliverer.setTargets(
          targets.map((t): DeliveryTarget =>
            typeof t === 'string'
              ? { url: t, secret: appDef.webhookSecret }
              : { url: t.url, secret: t.secret ?? appDef.webhookSecret },
          ),
          targetOptions,
        ),
      targets: () => deliverer.targets(),
      target: (url) => {
        const lane = deliverer.target(url);
        return {
          hold: () => lane.hold(),
          release: () => lane.release(),
          drop: () => lane.drop(true),
          stopDropping: () => lane.drop(false),
        };
      },
      redeliver: (deliveryId) => deliverer.redeliver(deliveryId),
      replay: (deliveryId) => deliverer.replay(deliveryId),
      hold: () => deliverer.hold(),
      release: () => deliverer.release(),
      drop: (predicate) => deliverer.drop(predicate),
      duplicate: (predicate) => deliverer.duplicate(predicate),
      reorder: (order) => deliverer.reorder(order),
      get deliveries() {
        return deliverer.deliveries;
      },
      settled: () => deliverer.settled(),
    },
    faults: {
      inject: (spec) => faults.inject(spec),
      campaign: (campaignOptions) => campaign.start(campaignOptions),
      injected: () => campaign.injected(),
      clear: () => {
        faults.clear();
        campaign.clear();
      },
    },
    counters: {
      snapshot: () => counters.snapshot(),
      reset: () => counters.reset(),
      addGraphql: (tokenKey, points) => counters.addGraphql(tokenKey, points),
    },
    rateLimits: {
      configure: (rateLimitOptions) => pipeline.configure(rateLimitOptions),
      status: (holder) => pipeline.primary.state(holder, holderKind(holder)),
      reset: () => {
        pipeline.primary.clear();
        pipeline.secondary.clear();
      },
    },
    history: (filter) => history.list(filter),
    createUser: (login, userOptions = {}) => {
      const user = store.users.create(login, userOptions);
      return { login: user.login, id: user.id, token: store.tokens.mintUser(user.login) };
    },
    createRepo: (owner, name, repoOptions) => {
      const repo = store.repos.create(owner, name, repoOptions);
      return {
        owner: repo.owner,
        name: repo.name,
        fullName: repo.fullName,
        id: repo.id,
        nodeId: repo.nodeId,
      };
    },
    setPermission: (repo, login, role) => store.repos.setPermission(repo, login, role),
    setRequiredChecks: (repo, checks) => {
      const branch = checks.branch ?? store.repos.require(repo).defaultBranch;
      store.protection.setRequiredChecks(repo, branch, {
        contexts: checks.contexts,
        strict: checks.strict ?? false,
      });
    },
    mergeabilitySettled: () => store.pulls.mergeability.settled(),
    flushMergeability: () => store.pulls.mergeability.flush(),
    installApp: (target) => store.installations.install(target).id,
    installationToken: async (installationId) => store.tokens.mintInstallation(installationId).token,
    setSecret: (repo, name, value) => {
      store.repos.setSecret(repo, name, value);
      // The runner reads secrets from the Actions module, as jobs do from GitHub's secret store.
      actions.setSecret(repo, name, value);
    },
    advanceClock: (ms) => runtime.advanceClock(ms),
    routes: () => router.list().map(({ method, template }) => ({ method, template })),
    close: async () => {
      store.pulls.dispose();
      await actions.close();
      await server.close();
      runtime.dispose();
    },
  };
}

/** The token kind of a budget holder key (`installation:5` → `installation`). */
function holderKind(holder: string): TokenKind {
  const kind = holder.split(':')[0];
  if (kind === 'installation' || kind === 'job' || kind === 'user' || kind === 'app') return kind;
  return 'anonymous';
}

export type { Delivery, DeliveryAttempt, TargetOptions, TargetStrategy } from './webhooks/deliver.js';
export type { HistoryEntry, HistoryFilter } from './webhooks/event-history.js';
export type { FaultSpec } from './server/faults.js';
export type { FaultCampaignOptions, FaultKind, FaultRule, InjectedFault } from './server/fault-campaign.js';
export type { CounterSnapshot } from './server/counters.js';
export type { RouteUsage, UsageCounts, UsageSnapshot } from './server/usage.js';
export type { RateLimitOptions } from './server/api-pipeline.js';
export type { RateLimitBudgets } from './server/primary-rate-limits.js';
export { GITHUB_REST_BUDGETS } from './server/primary-rate-limits.js';
export type { SecondaryLimitRules } from './server/secondary-limits.js';
export { GITHUB_SECONDARY_LIMITS } from './server/secondary-limits.js';
export type { RateLimitState } from './server/limit-answers.js';
export type { ApiKind, TokenKind } from './server/request-facts.js';
export type { SimStore } from './state/store.js';
