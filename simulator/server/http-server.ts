/**
 * The HTTP front door on 127.0.0.1: strips the GHES prefix (`/api/v3`), sends `*.git` paths to
 * smart HTTP and `/graphql` to the GraphQL handler, and runs every other request through the
 * same pipeline: auth → faults → counters → route → authorize → handler → JSON answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { SimHandler, SimRequest, SimResponse } from '../host.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { ANONYMOUS, authorize, resolveAuth, type ResolvedAuth } from './auth.js';
import type { Counters } from './counters.js';
import type { FaultInjector } from './faults.js';
import { parseJsonBody, readBody } from './read-body.js';
import type { RouteMatch, Router } from './router.js';

export type GitHttpHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
) => Promise<void>;

export interface HttpServerDeps {
  store: SimStore;
  router: Router;
  counters: Counters;
  faults: FaultInjector;
  gitHttp: GitHttpHandler;
  /** Resolved lazily: the GraphQL module is loaded on first use. */
  graphql: () => Promise<SimHandler>;
  log: (message: string) => void;
}

const GIT_PATH = /^\/[^/]+\/[^/]+\.git(\/|$)/;
const GRAPHQL_PATHS = new Set(['/graphql', '/api/graphql']);
const DOCS = 'https://docs.github.com/rest';

export class SimHttpServer {
  private readonly server: Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly deps: HttpServerDeps) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Outlive clients' idle keep-alive (undici: 4 s) so the server never closes a socket a client
    // is about to reuse (ECONNRESET under load); close() destroys sockets anyway.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    this.server.on('clientError', (error, socket) => {
      this.deps.log(`client error: ${error.message}`);
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = stripPrefix(url.pathname);
      const rawBody = await readBody(req);
      if (GIT_PATH.test(path)) {
        await this.deps.gitHttp(req, res, path, rawBody);
        return;
      }
      const response = await this.api(req, path, url.searchParams, rawBody);
      send(res, response);
    } catch (error) {
      if (res.headersSent) {
        this.deps.log(`request ${req.method} ${req.url} failed after the answer began: ${String(error)}`);
        res.destroy();
        return;
      }
      send(res, errorResponse(error, this.deps.log));
    }
  }

  private async api(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    rawBody: Buffer,
  ): Promise<SimResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = this.deps.router.match(method, path);
    // Host contract: an `unauthenticated` route neither requires nor parses a GitHub token (the
    // artifact service's Authorization carries the Actions runtime JWT, checked by the module).
    const auth = matched?.route.options.unauthenticated
      ? ANONYMOUS
      : resolveAuth(this.deps.store, req.headers.authorization);
    const fault = this.deps.faults.match(method, path);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.response) return fault.response;
    const body = parseJsonBody(rawBody, req.headers['content-type']);
    const base = { method, path, query, headers: req.headers, body, rawBody, auth, params: {} };
    if (GRAPHQL_PATHS.has(path) && method === 'POST') {
      if (auth.kind === 'anonymous')
        throw new SimError(401, 'This endpoint requires you to be authenticated.');
      return (await this.deps.graphql())(base);
    }
    // GitHub answers 404 (not 405) for a method a path does not support.
    if (!matched) throw new SimError(404, 'Not Found');
    return this.rest(base, auth, matched);
  }

  private async rest(base: SimRequest, auth: ResolvedAuth, matched: RouteMatch): Promise<SimResponse> {
    const { route, params } = matched;
    this.deps.counters.addRest(`${route.method} ${route.template}`, auth.tokenKey);
    const repoKey =
      params.owner !== undefined && params.repo !== undefined ? `${params.owner}/${params.repo}` : undefined;
    authorize(this.deps.store, auth, route.options, repoKey);
    return route.handler({ ...base, params });
  }
}

function stripPrefix(pathname: string): string {
  if (pathname === '/api/v3') return '/';
  return pathname.startsWith('/api/v3/') ? pathname.slice('/api/v3'.length) : pathname;
}

function errorResponse(error: unknown, log: (message: string) => void): SimResponse {
  if (error instanceof SimError) {
    const body: Record<string, unknown> = {
      message: error.message,
      documentation_url: DOCS,
      status: String(error.status),
    };
    if (error.errors) body.errors = error.errors;
    return { status: error.status, body, ...(error.headers && { headers: error.headers }) };
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { message: 'Server Error', documentation_url: DOCS } };
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = {
    'x-github-request-id': randomUUID(),
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...response.headers,
  };
  if (response.raw) {
    res.writeHead(response.status, { 'content-type': 'application/octet-stream', ...headers });
    res.end(response.raw);
    return;
  }
  if (response.body === undefined || response.status === 204) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  // Serialised before the head is written, so a body that cannot be serialised becomes a clean
  // 500 (via the caller's catch) rather than a reset connection.
  const json = JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(json);
}
