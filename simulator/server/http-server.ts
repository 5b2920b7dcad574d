/**
 * The HTTP front door on 127.0.0.1: strips the GHES prefix (`/api/v3`), sends `*.git` paths to
 * smart HTTP (counted as unbilled traffic) and every other request through the API pipeline
 * (api-pipeline.ts), then writes the JSON answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../host.js';
import type { ApiPipeline } from './api-pipeline.js';
import type { Counters } from './counters.js';
import { errorAnswer } from './error-answer.js';
import { readBody } from './read-body.js';

export type GitHttpHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
) => Promise<void>;

export interface HttpServerDeps {
  pipeline: ApiPipeline;
  counters: Counters;
  gitHttp: GitHttpHandler;
  log: (message: string) => void;
}

const GIT_PATH = /^\/[^/]+\/[^/]+\.git(\/|$)/;

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
        this.deps.counters.usage.addUnbilled('git', `git ${gitService(path, url)}`);
        await this.deps.gitHttp(req, res, path, rawBody);
        return;
      }
      send(res, await this.deps.pipeline.answer(req, path, url.searchParams, rawBody));
    } catch (error) {
      if (res.headersSent) {
        this.deps.log(`request ${req.method} ${req.url} failed after the answer began: ${String(error)}`);
        res.destroy();
        return;
      }
      send(res, errorAnswer(error, this.deps.log));
    }
  }
}

function stripPrefix(pathname: string): string {
  if (pathname === '/api/v3') return '/';
  return pathname.startsWith('/api/v3/') ? pathname.slice('/api/v3'.length) : pathname;
}

/** `git-upload-pack`, `git-receive-pack`, or the ref advertisement (`info/refs`). */
function gitService(path: string, url: URL): string {
  const service = /\/(git-upload-pack|git-receive-pack)$/.exec(path)?.[1];
  return service ?? `info/refs ${url.searchParams.get('service') ?? ''}`.trim();
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = {
    'x-github-request-id': randomUUID(),
    'x-github-media-type': 'github.v3; format=json',
    ...response.headers,
  };
  if (response.raw) {
    res.writeHead(response.status, { 'content-type': 'application/octet-stream', ...headers });
    res.end(response.raw);
    return;
  }
  if (response.body === undefined || response.status === 204 || response.status === 304) {
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
