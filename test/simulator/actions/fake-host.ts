/**
 * A minimal SimulatorHost for testing the Actions module on its own: an HTTP server on
 * 127.0.0.1 that routes OpenAPI-style templates, checks bearer tokens and `needs`, bare git
 * repositories in a temp dir, and recorded webhooks.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type {
  HostCheckStatus,
  HostChecks,
  Permission,
  RepositoryEventListener,
  RouteOptions,
  SimAuth,
  SimHandler,
  SimulatorHost,
} from '../../../simulator/host.js';

/** A check run as the fake records it (the core's Checks API is not part of the fake). */
export interface RecordedCheckRun {
  id: number;
  suiteId: number;
  name: string;
  headSha: string;
  status: HostCheckStatus;
  conclusion: string | null;
  annotations: number;
}

export interface RecordedWebhook {
  event: string;
  payload: Record<string, unknown>;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: SimHandler;
  options: RouteOptions;
}

const git = (args: string[], cwd?: string) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString();

function userPayload(login: string, id: number): Record<string, unknown> {
  const url = `https://api.github.com/users/${login}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

/** GitHub's repository URL fields, templated the way the API shows them. */
const REPO_URL_FIELDS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

function repositoryPayload(owner: string, name: string, id: number): Record<string, unknown> {
  const url = `https://api.github.com/repos/${owner}/${name}`;
  const now = '2026-01-01T00:00:00Z';
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: userPayload(owner, 1),
    private: false,
    html_url: `https://github.com/${owner}/${name}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(
      Object.entries(REPO_URL_FIELDS).map(([field, suffix]) => [field, `${url}${suffix}`]),
    ),
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    clone_url: `https://github.com/${owner}/${name}.git`,
    svn_url: `https://github.com/${owner}/${name}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: 'main',
    open_issues: 0,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: now,
    created_at: now,
    updated_at: now,
    license: null,
  };
}

export class FakeHost implements SimulatorHost {
  readonly webhooks: RecordedWebhook[] = [];
  /** Tokens minted for jobs, with the permissions asked for and whether they were revoked. */
  readonly jobTokens = new Map<
    string,
    { repo: string; permissions: Record<string, Permission>; revoked: boolean }
  >();
  readonly userToken = `ghp_${randomBytes(12).toString('hex')}`;
  private readonly root = mkdtempSync(join(tmpdir(), 'actions-fake-host-'));
  private readonly routes: Route[] = [];
  private readonly server: Server;
  private readonly webhookListeners: Array<(hook: RecordedWebhook) => void> = [];
  private readonly eventListeners: RepositoryEventListener[] = [];
  private id = 1000;
  baseUrl = '';
  /** Check runs the Actions module reported, by id. */
  readonly checkRuns = new Map<number, RecordedCheckRun>();
  readonly checks: HostChecks = {
    createSuite: () => this.nextId(),
    createRun: (_repo, suiteId, run) => {
      this.checkRuns.set(run.id, { ...run, suiteId, status: 'queued', conclusion: null, annotations: 0 });
    },
    updateRun: (_repo, id, update) => {
      const run = this.checkRuns.get(id);
      if (!run) throw new Error(`No check run ${id}`);
      run.status = update.status;
      run.conclusion = update.conclusion ?? run.conclusion;
      run.annotations += update.annotations?.length ?? 0;
    },
  };

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks))
          .then(({ status, body, raw, headers }) => {
            const payload = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
            res.writeHead(status, {
              ...(raw || body === undefined ? {} : { 'content-type': 'application/json' }),
              ...headers,
            });
            res.end(payload);
          })
          .catch((error: unknown) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ message: String((error as Error).stack) }));
          });
      });
    });
  }

  static async start(): Promise<FakeHost> {
    const host = new FakeHost();
    await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
    host.baseUrl = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
    return host;
  }

  /** A bare repository `owner/name` whose `main` holds the files. */
  createRepo(owner: string, name: string, files: Record<string, string>): void {
    const work = join(this.root, 'seed', owner, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), content);
    }
    git(['init', '-q', '-b', 'main'], work);
    git(['add', '-A'], work);
    git(
      ['-c', 'user.name=Octo', '-c', 'user.email=octo@example.com', 'commit', '-q', '-m', 'Initial commit'],
      work,
    );
    git(['clone', '-q', '--bare', work, this.repoGitDir(owner, name)]);
  }

  onWebhook(listener: (hook: RecordedWebhook) => void): void {
    this.webhookListeners.push(listener);
  }

  /** Resolves with the first webhook (already sent or to come) that matches. */
  waitForWebhook(match: (hook: RecordedWebhook) => boolean): Promise<RecordedWebhook> {
    const sent = this.webhooks.find(match);
    if (sent) return Promise.resolve(sent);
    return new Promise((resolve) => this.onWebhook((hook) => match(hook) && resolve(hook)));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.root, { recursive: true, force: true });
  }

  route(method: string, template: string, handler: SimHandler, options: RouteOptions = {}): void {
    const names: string[] = [];
    const source = template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler, options });
  }

  repoGitDir(owner: string, repo: string): string {
    return join(this.root, 'git', owner, `${repo}.git`);
  }

  cloneUrl(owner: string, repo: string): string {
    return `file://${this.repoGitDir(owner, repo)}`;
  }

  defaultBranch(): string {
    return 'main';
  }

  repositoryPayload(owner: string, repo: string): Record<string, unknown> {
    return repositoryPayload(owner, repo, 42);
  }

  userPayload(login: string): Record<string, unknown> {
    return userPayload(login, 7);
  }

  installationPayload(): Record<string, unknown> | undefined {
    return { id: 5, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNQ' };
  }

  emitWebhook(event: string, payload: Record<string, unknown>): void {
    const hook = { event, payload: structuredClone(payload) };
    this.webhooks.push(hook);
    for (const listener of this.webhookListeners) listener(hook);
  }

  onRepositoryEvent(listener: RepositoryEventListener): void {
    this.eventListeners.push(listener);
  }

  /** Sends a repository event to the module, as the core does for pushes and pull requests. */
  emitRepositoryEvent(event: string, payload: Record<string, unknown>): void {
    for (const listener of this.eventListeners) listener(event, payload);
  }

  /** The fake has no pull requests. */
  pullRequestMergeCommit(): string | null {
    return null;
  }

  mintJobToken(repo: string, permissions: Record<string, Permission>): string {
    const token = `ghs_${randomBytes(16).toString('hex')}`;
    this.jobTokens.set(token, { repo, permissions, revoked: false });
    return token;
  }

  revokeToken(token: string): void {
    const record = this.jobTokens.get(token);
    if (record) record.revoked = true;
  }

  tempDir(prefix: string): string {
    return mkdtempSync(join(this.root, prefix));
  }

  nextId(): number {
    this.id += 1;
    return this.id;
  }

  now(): Date {
    return new Date();
  }

  private authenticate(header: string | undefined): SimAuth | null {
    const token = /^(?:token|Bearer) (.+)$/i.exec(header ?? '')?.[1];
    if (token === this.userToken) return { kind: 'user', login: 'octo', permissions: {} };
    const job = token ? this.jobTokens.get(token) : undefined;
    if (!job || job.revoked) return null;
    return { kind: 'job', login: 'github-actions[bot]', permissions: job.permissions, repo: job.repo };
  }

  private async handle(
    method: string,
    url: string,
    headers: import('node:http').IncomingHttpHeaders,
    rawBody: Buffer,
  ) {
    const { pathname, searchParams } = new URL(url, this.baseUrl);
    // Issues are the core's; one write route stands in for them so job tokens can be tried on a write.
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(pathname)) {
      const auth = this.authenticate(headers.authorization);
      if (!auth) return { status: 401, body: { message: 'Bad credentials' } };
      if (auth.kind === 'job' && auth.permissions.issues !== 'write') {
        return { status: 403, body: { message: 'Resource not accessible by integration' } };
      }
      return { status: 201, body: { number: 1 } };
    }
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(pathname) : null;
      if (!match) continue;
      const auth = route.options.unauthenticated
        ? { kind: 'anonymous' as const, login: null, permissions: {} }
        : this.authenticate(headers.authorization);
      if (!auth) return { status: 401, body: { message: 'Bad credentials' } };
      const needs = route.options.needs;
      if (
        needs &&
        auth.kind === 'job' &&
        !(auth.permissions[needs.scope] === 'write' || auth.permissions[needs.scope] === needs.level)
      ) {
        return { status: 403, body: { message: 'Resource not accessible by integration' } };
      }
      let body: unknown;
      try {
        body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
      } catch (error) {
        // The host contract: a body that is not JSON leaves `body` undefined (rawBody keeps it).
        if (!(error instanceof SyntaxError)) throw error;
      }
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      return route.handler({
        method,
        path: pathname,
        params,
        query: searchParams,
        headers,
        body,
        rawBody,
        auth,
      });
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}
