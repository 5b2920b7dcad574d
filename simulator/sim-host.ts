/** The SimulatorHost that plug-in modules (Actions) receive: routes, repositories, payloads, tokens. */
import type {
  Permission,
  HostAnnotation,
  RepositoryEventListener,
  RouteOptions,
  SimHandler,
  SimulatorHost,
} from './host.js';
import { presentRepository } from './payloads/repository.js';
import { presentSimpleUser } from './payloads/user.js';
import type { SimRuntime } from './runtime.js';
import type { Router } from './server/router.js';
import type { CheckAnnotation } from './state/checks.js';
import type { SimStore } from './state/store.js';
import type { WebhookDeliverer } from './webhooks/deliver.js';

/** The core's repository events, for the modules that react to them (Actions starts runs). */
export class RepositoryEventBus {
  private readonly listeners: RepositoryEventListener[] = [];

  subscribe(listener: RepositoryEventListener): void {
    this.listeners.push(listener);
  }

  emit(event: string, payload: Record<string, unknown>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}

export function createHost(
  store: SimStore,
  router: Router,
  runtime: SimRuntime,
  deliverer: WebhookDeliverer,
  events: RepositoryEventBus,
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
      // Webhooks carry the installation as `{ id, node_id }` (`simple-installation`), as the core's do.
      const installation = store.installations.forRepo(`${owner}/${repo}`);
      return installation ? { id: installation.id, node_id: installation.nodeId } : undefined;
    },
    emitWebhook: (event, payload) => {
      deliverer.emit(event, payload);
    },
    onRepositoryEvent: (listener) => events.subscribe(listener),
    checks: {
      createSuite: (repo, headSha, headBranch, workflowRunId) =>
        store.checks.createSuite(repo, 'github-actions', headSha, headBranch, workflowRunId).id,
      createRun: (repo, suiteId, run) => {
        store.checks.createRun(
          repo,
          'github-actions',
          { name: run.name, head_sha: run.headSha, status: 'queued', details_url: run.detailsUrl },
          { id: run.id, suiteId },
        );
      },
      updateRun: (repo, id, update) => {
        const record = store.checks.requireRun(repo, id);
        if (update.annotations?.length) store.checks.annotate(record, update.annotations.map(toAnnotation));
        store.checks.updateRun(repo, id, 'github-actions', {
          status: update.status,
          ...(update.conclusion !== undefined && { conclusion: update.conclusion }),
        });
      },
    },
    pullRequestMergeCommit: (owner, repo, number) => store.pulls.testMergeCommit(`${owner}/${repo}`, number),
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

function toAnnotation(annotation: HostAnnotation): CheckAnnotation {
  return {
    path: annotation.path,
    startLine: annotation.startLine,
    endLine: annotation.endLine,
    startColumn: null,
    endColumn: null,
    level: annotation.level,
    message: annotation.message,
    title: annotation.title,
    rawDetails: null,
  };
}
