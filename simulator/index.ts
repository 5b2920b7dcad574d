/**
 * A local, stateful stand-in for the parts of GitHub that Drover uses: REST (route table in
 * `rest/route-table.ts`), GraphQL (`graphql/`), git smart HTTP over real bare repositories,
 * signed webhook deliveries, GitHub App auth, Actions (`actions/`), faults and counters.
 *
 *   const sim = await startSimulator({ webhookUrl, webhookSecret });
 *   sim.createUser('alice'); sim.createRepo('alice', 'demo'); const id = sim.installApp('alice/demo');
 *   const octokit = new Octokit({ baseUrl: sim.baseUrl, auth: await sim.installationToken(id) });
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { installActions, type ActionsModule, type ActionsOptions } from './actions/index.js';
import { appKeyPair } from './app-keys.js';
import { createGitHttpHandler } from './git/smart-http.js';
import type { Permission, RouteOptions, SimHandler, SimulatorHost } from './host.js';
import { presentInstallation } from './payloads/app.js';
import { presentRepository } from './payloads/repository.js';
import { presentSimpleUser } from './payloads/user.js';
import type { SimUrls } from './payloads/urls.js';
import { registerRestRoutes } from './rest/route-table.js';
import { Counters, type CounterSnapshot } from './server/counters.js';
import { FaultInjector, type FaultSpec } from './server/faults.js';
import { SimHttpServer } from './server/http-server.js';
import { tokenKeyOf } from './server/auth.js';
import { Router } from './server/router.js';
import type { CreateRepoOptions } from './state/repos.js';
import { SimStore } from './state/store.js';
import type { AppRecord } from './state/installations.js';
import type { RepoRole, TokenPermission } from './state/types.js';
import { WebhookDeliverer, type Delivery, type DeliveryPredicate } from './webhooks/deliver.js';

export interface SimulatorOptions {
  webhookUrl?: string;
  webhookSecret?: string;
  actions?: ActionsOptions;
  /** Port to bind on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Where internal errors and failed deliveries are reported (default: nowhere). */
  log?: (message: string) => void;
}

export interface SimulatorApp {
  id: number;
  slug: string;
  privateKey: string;
  webhookSecret: string;
  clientId: string;
}

export interface SimulatorWebhooks {
  setTarget(url: string, secret?: string): void;
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
  readonly faults: { inject(spec: FaultSpec): void; clear(): void };
  readonly counters: {
    snapshot(): CounterSnapshot;
    reset(): void;
    addGraphql(tokenKey: string, points: number): void;
  };
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
  installApp(target: string): number;
  installationToken(installationId: number): Promise<string>;
  setSecret(repo: string, name: string, value: string): void;
  /** Moves the simulator's clock (timestamps in payloads) forward. */
  advanceClock(ms: number): void;
  /** Every registered REST route (core and Actions module). */
  routes(): Array<{ method: string; template: string }>;
  close(): Promise<void>;
}

/** What app.yml asks for (issues/pull_requests/contents/actions write, metadata read, projects write). */
const APP_PERMISSIONS: Record<string, TokenPermission> = {
  actions: 'write',
  contents: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
  checks: 'read',
  repository_projects: 'write',
  organization_projects: 'write',
};
/**
 * The events the app subscribes to, limited to the values the `integration.events` schema allows
 * (it predates sub_issues, issue_dependencies and projects_v2_item, which are still delivered).
 */
const APP_EVENTS = ['issues', 'issue_comment', 'pull_request', 'push', 'status', 'workflow_run'];

let simulatorCount = 0;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? (() => {});
  const root = mkdtempSync(path.join(tmpdir(), 'drover-sim-'));
  const tempDirs = { count: 0 };
  const tempDir = (prefix: string) => {
    tempDirs.count += 1;
    const dir = path.join(root, 'tmp', `${prefix}-${tempDirs.count}`);
    mkdirSync(path.dirname(dir), { recursive: true });
    return dir;
  };
  const gitHome = path.join(root, 'home');
  const reposDir = path.join(root, 'repos');
  mkdirSync(gitHome, { recursive: true });
  mkdirSync(reposDir, { recursive: true });

  simulatorCount += 1;
  const appId = 100000 + simulatorCount;
  const keys = appKeyPair();
  const appDef: Omit<AppRecord, 'nodeId' | 'createdAt'> = {
    id: appId,
    slug: 'drover-sim',
    name: 'Drover (simulated)',
    clientId: `Iv23li${randomBytes(7).toString('hex')}`,
    owner: 'drover-dev',
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'),
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
  };

  let idCounter = 0;
  let clockOffset = 0;
  const urls: SimUrls = { api: '', web: '' };
  const deliverer = new WebhookDeliverer(appId, log);
  const counters = new Counters();
  const faults = new FaultInjector();
  const router = new Router();
  const store = new SimStore({
    urls,
    now: () => new Date(Date.now() + clockOffset),
    nextId: () => ++idCounter,
    tempDir,
    reposDir,
    gitHome,
    emit: (event, payload) => deliverer.emit(event, payload),
    app: appDef,
  });
  registerRestRoutes(router, store);

  let graphqlHandler: SimHandler | undefined;
  const host: SimulatorHost = {
    get baseUrl() {
      return urls.api;
    },
    route: (method: string, template: string, handler: SimHandler, routeOptions?: RouteOptions) =>
      router.add(method, template, handler, routeOptions),
    repoGitDir: (owner, repo) => store.repos.require(`${owner}/${repo}`).gitDir,
    cloneUrl: (owner, repo) => `${urls.web}/${store.repos.require(`${owner}/${repo}`).fullName}.git`,
    defaultBranch: (owner, repo) => store.repos.require(`${owner}/${repo}`).defaultBranch,
    repositoryPayload: (owner, repo) => presentRepository(store, store.repos.require(`${owner}/${repo}`)),
    userPayload: (login) => presentSimpleUser(urls, store.users.require(login)),
    installationPayload: () => {
      const installation = store.installations.all()[0];
      return installation ? presentInstallation(store, installation) : undefined;
    },
    emitWebhook: (event, payload) => {
      deliverer.emit(event, payload);
    },
    mintJobToken: (repo: string, permissions: Record<string, Permission>, label?: string) =>
      store.tokens.mintJob(repo, permissions, label ?? `job:${repo}`),
    revokeToken: (token) => store.tokens.revoke(token),
    tempDir,
    nextId: () => ++idCounter,
    now: () => new Date(Date.now() + clockOffset),
  };

  const server = new SimHttpServer({
    store,
    router,
    counters,
    faults,
    gitHttp: createGitHttpHandler(store, log),
    graphql: async () => {
      if (!graphqlHandler) {
        const { createGraphqlHandler } = await import('./graphql/index.js');
        graphqlHandler = createGraphqlHandler(store, host, {
          onQuery: (auth, points) => counters.addGraphql(tokenKeyOf(auth), points),
        });
      }
      return graphqlHandler;
    },
    log,
  });
  const port = await server.listen(options.port ?? 0);
  urls.api = `http://127.0.0.1:${port}`;
  urls.web = urls.api;
  if (options.webhookUrl) deliverer.setTarget(options.webhookUrl, appDef.webhookSecret);
  const actions = installActions(host, options.actions);

  return {
    baseUrl: urls.api,
    graphqlUrl: `${urls.api}/graphql`,
    serverUrl: urls.web,
    app: {
      id: appId,
      slug: appDef.slug,
      privateKey: keys.privateKey,
      webhookSecret: appDef.webhookSecret,
      clientId: appDef.clientId,
    },
    state: store,
    host,
    actions,
    webhooks: {
      setTarget: (url, secret = appDef.webhookSecret) => deliverer.setTarget(url, secret),
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
    faults: { inject: (spec) => faults.inject(spec), clear: () => faults.clear() },
    counters: {
      snapshot: () => counters.snapshot(),
      reset: () => counters.reset(),
      addGraphql: (tokenKey, points) => counters.addGraphql(tokenKey, points),
    },
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
    installApp: (target) => store.installations.install(target).id,
    installationToken: async (installationId) => store.tokens.mintInstallation(installationId).token,
    setSecret: (repo, name, value) => store.repos.setSecret(repo, name, value),
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    routes: () => router.list().map(({ method, template }) => ({ method, template })),
    close: async () => {
      await actions.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type { Delivery } from './webhooks/deliver.js';
export type { FaultSpec } from './server/faults.js';
export type { CounterSnapshot } from './server/counters.js';
export type { SimStore } from './state/store.js';
