/**
 * A local Anthropic Messages API (POST /v1/messages) for contract tests of claude and
 * opencode. Streaming requests get the SSE events the real API sends (message_start,
 * content_block_start/delta/stop, message_delta with usage, message_stop; see
 * docs.anthropic.com "Streaming Messages"); errors get the API's JSON error body
 * `{"type":"error","error":{"type":…,"message":…}}` with its status.
 *
 * Authentication is checked as the API does: `x-api-key` (API keys) or `Authorization: Bearer`
 * (OAuth tokens); a request without the expected credential gets 401 authentication_error.
 * Each scripted reply answers one model request, in order; when the script runs out, the last
 * reply repeats. Requests a CLI makes besides the model loop (a title for opencode's session,
 * a connectivity HEAD) are answered too, and recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AnthropicReply =
  | { kind: 'text'; text: string; inputTokens?: number; outputTokens?: number }
  | {
      kind: 'tool';
      name: string;
      input: Record<string, unknown>;
      inputTokens?: number;
      outputTokens?: number;
    }
  | { kind: 'error'; status: number; type: string; message: string }
  /** Accept the request and never answer (a hung upstream): for timeouts. */
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
}

export interface AnthropicMock {
  /** The base URL to give a CLI (ANTHROPIC_BASE_URL), without /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Model requests (POST /v1/messages) that passed authentication. */
  modelRequests(): RecordedRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_mock_${Date.now()}` });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } });
}

function contentBlock(reply: Extract<AnthropicReply, { kind: 'text' | 'tool' }>, id: string) {
  return reply.kind === 'text'
    ? { type: 'text', text: reply.text }
    : { type: 'tool_use', id: `toolu_${id}`, name: reply.name, input: reply.input };
}

/** The SSE events of one streamed message, as the Messages API sends them. */
function streamEvents(
  reply: Extract<AnthropicReply, { kind: 'text' | 'tool' }>,
  model: string,
  id: string,
): Record<string, unknown>[] {
  const inputTokens = reply.inputTokens ?? 100;
  const outputTokens = reply.outputTokens ?? 20;
  const start =
    reply.kind === 'text'
      ? { type: 'text', text: '' }
      : { type: 'tool_use', id: `toolu_${id}`, name: reply.name, input: {} };
  const delta =
    reply.kind === 'text'
      ? { type: 'text_delta', text: reply.text }
      : { type: 'input_json_delta', partial_json: JSON.stringify(reply.input) };
  return [
    {
      type: 'message_start',
      message: {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    },
    { type: 'content_block_start', index: 0, content_block: start },
    { type: 'ping' },
    { type: 'content_block_delta', index: 0, delta },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    },
    { type: 'message_stop' },
  ];
}

function isAuthorized(req: IncomingMessage, key: string): boolean {
  return req.headers['x-api-key'] === key || req.headers.authorization === `Bearer ${key}`;
}

export async function startAnthropicMock(options: {
  /** The credential the CLI must present. */
  key: string;
  replies: AnthropicReply[];
  /** Replies to requests that are not part of the task (opencode's title request). */
  isSideRequest?: (body: Record<string, unknown>) => boolean;
}): Promise<AnthropicMock> {
  const requests: RecordedRequest[] = [];
  const authorized = new Set<RecordedRequest>();
  const hung: ServerResponse[] = [];
  let served = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
    };
    requests.push(record);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'HEAD' || req.method === 'GET') return sendJson(res, 200, {});
    if (!path.endsWith('/v1/messages') && !path.endsWith('/v1/messages/count_tokens'))
      return apiError(res, 404, 'not_found_error', `Not found: ${path}`);
    if (!isAuthorized(req, options.key))
      return apiError(res, 401, 'authentication_error', 'invalid x-api-key');
    authorized.add(record);
    if (path.endsWith('/count_tokens')) return sendJson(res, 200, { input_tokens: 100 });
    const model = typeof body?.model === 'string' ? body.model : 'claude-mock';
    const side = body !== null && options.isSideRequest?.(body) === true;
    const reply: AnthropicReply = side
      ? { kind: 'text', text: 'Contract test', inputTokens: 10, outputTokens: 3 }
      : (options.replies[Math.min(served++, options.replies.length - 1)] ?? { kind: 'text', text: 'Done.' });
    if (reply.kind === 'hang') {
      hung.push(res);
      return;
    }
    if (reply.kind === 'error') return apiError(res, reply.status, reply.type, reply.message);
    const id = String(requests.length);
    if (body?.stream !== true) {
      return sendJson(res, 200, {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [contentBlock(reply, id)],
        stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: reply.inputTokens ?? 100, output_tokens: reply.outputTokens ?? 20 },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of streamEvents(reply, model, id))
      res.write(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => apiError(res, 500, 'api_error', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    modelRequests: () =>
      requests.filter(
        (request) =>
          authorized.has(request) &&
          request.url.split('?')[0]?.endsWith('/v1/messages') === true &&
          !(request.body !== null && options.isSideRequest?.(request.body) === true),
      ),
    close: () =>
      new Promise((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
