/** The SimulatorHost that plug-in modules (Actions) receive: routes, repositories, payloads, tokens. */
import type { Permission, RouteOptions, SimHandler, SimulatorHost } from './host.js';
import { presentInstallation } from './payloads/app.js';
import { presentRepository } from './payloads/repository.js';
import { presentSimpleUser } from './payloads/user.js';
import type { SimRuntime } from './runtime.js';
import type { Router } from './server/router.js';
import type { SimStore } from './state/store.js';
import type { WebhookDeliverer } from './webhooks/deliver.js';

export function createHost(
  store: SimStore,
  router: Router,
  runtime: SimRuntime,
  deliverer: WebhookDeliverer,
): SimulatorHost {
  const repoOf = (owner: string, repo: string) => store.repos.require(`${owner}/${repo}`);
  return {
    get baseUrl() {
      return store.urls.api;
    },
    route: (method: string, template: string, handler: SimHandler, options?: RouteOptions) =>
      router.add(method, template, handler, options),
    repoGitDir: (owner, repo) => repoOf(owner, repo).gitDir,
    cloneUrl: (owner, repo) => `${store.urls.web}/${repoOf(owner, repo).fullName}.git`,
    defaultBranch: (owner, repo) => repoOf(owner, repo).defaultBranch,
    repositoryPayload: (owner, repo) => presentRepository(store, repoOf(owner, repo)),
    userPayload: (login) => presentSimpleUser(store.urls, store.users.require(login)),
    installationPayload: (owner, repo) => {
      const installation = store.installations.forRepo(`${owner}/${repo}`);
      return installation ? presentInstallation(store, installation) : undefined;
    },
    emitWebhook: (event, payload) => {
      deliverer.emit(event, payload);
    },
    mintJobToken: (repo: string, permissions: Record<string, Permission>, label?: string) =>
      store.tokens.mintJob(repo, permissions, label ?? `job:${repo}`),
    revokeToken: (token) => store.tokens.revoke(token),
    tempDir: (prefix) => runtime.tempDir(prefix),
    nextId: () => runtime.nextId(),
    now: () => runtime.now(),
    onRefChange: (listener) =>
      store.git.onRefChange(({ repo, ref, before, after, actor }) =>
        listener({ repo, ref, before, after, actor }),
      ),
  };
}
