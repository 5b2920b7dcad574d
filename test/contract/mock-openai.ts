/**
 * A local OpenAI Responses API for contract tests of codex. Codex 0.169 opens a WebSocket to
 * `<base>/responses` (header `OpenAI-Beta: responses_websockets=…`), sends
 * `{"type":"response.create", …the request body…}` and reads the same events the HTTP API
 * streams as SSE (response.created, response.output_item.added/done,
 * response.output_text.delta, response.completed with usage); when the WebSocket cannot be
 * opened it retries ("Reconnecting... n/5"), then falls back to POST `<base>/responses` with
 * SSE. Both transports are served here, from one script.
 *
 * Authentication: `Authorization: Bearer <key>`; anything else is refused with 401 and the
 * API's error body `{"error":{"message":…,"type":"invalid_request_error","code":"invalid_api_key"}}`,
 * on the WebSocket handshake and on HTTP alike.
 * A `response.create` with `generate: false` is codex's connection prewarm: it is answered
 * with an empty completed response and is not a scripted turn.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type OpenAiReply =
  | { kind: 'text'; text: string; inputTokens?: number; cachedTokens?: number; outputTokens?: number }
  /**
   * A transient failure: the turn's connection drops, and the next `handshakes` WebSocket
   * handshakes are refused with `status` (over HTTP: the request gets `status`).
   */
  | { kind: 'drop'; status: number; handshakes: number }
  /** Accept and never answer: for timeouts. */
  | { kind: 'hang' };

export interface OpenAiMock {
  /** The base URL to give codex (OPENAI_BASE_URL), ending in /v1. */
  baseUrl: string;
  /** Authorization headers of every request and handshake, in order. */
  authorizations: (string | undefined)[];
  /** Bodies of the scripted turns (not the prewarm), in order. */
  turns: Record<string, unknown>[];
  handshakes: number;
  close(): Promise<void>;
}

const INVALID_KEY = {
  error: {
    message:
      'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
};

function responseEvents(reply: Extract<OpenAiReply, { kind: 'text' }>, id: string, model: string) {
  const message = { type: 'message', id: `msg_${id}`, role: 'assistant' };
  const usage = {
    input_tokens: reply.inputTokens ?? 1000,
    input_tokens_details: { cached_tokens: reply.cachedTokens ?? 200 },
    output_tokens: reply.outputTokens ?? 50,
    output_tokens_details: { reasoning_tokens: 10 },
    total_tokens: (reply.inputTokens ?? 1000) + (reply.outputTokens ?? 50),
  };
  const response = { id: `resp_${id}`, object: 'response', model, output: [] as unknown[] };
  return [
    { type: 'response.created', response: { ...response, status: 'in_progress' } },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...message, status: 'in_progress', content: [] },
    },
    {
      type: 'response.output_text.delta',
      output_index: 0,
      content_index: 0,
      item_id: message.id,
      delta: reply.text,
    },
    {
      type: 'response.output_item.done',
      output_index: 0,
      item: {
        ...message,
        status: 'completed',
        content: [{ type: 'output_text', text: reply.text, annotations: [] }],
      },
    },
    { type: 'response.completed', response: { ...response, status: 'completed', usage } },
  ].map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

function prewarmEvents(model: string) {
  const response = { id: 'resp_prewarm', object: 'response', model, output: [] };
  const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
  return [
    { type: 'response.created', response: { ...response, status: 'in_progress' } },
    { type: 'response.completed', response: { ...response, status: 'completed', usage } },
  ];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function refuseHandshake(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Error'}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

export async function startOpenAiMock(options: { key: string; replies: OpenAiReply[] }): Promise<OpenAiMock> {
  const authorizations: (string | undefined)[] = [];
  const turns: Record<string, unknown>[] = [];
  const hung: (ServerResponse | WebSocket)[] = [];
  let handshakes = 0;
  let refuseNext: { status: number; handshakes: number } | null = null;
  let step = 0;
  /** The next reply of the script; the last one repeats. */
  const nextReply = (): OpenAiReply =>
    options.replies[Math.min(step++, options.replies.length - 1)] ?? { kind: 'text', text: 'Done.' };
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${options.key}`;

  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    handshakes += 1;
    authorizations.push(req.headers.authorization);
    if (!authorized(req)) return refuseHandshake(socket, 401, INVALID_KEY);
    if (refuseNext && refuseNext.handshakes > 0) {
      refuseNext.handshakes -= 1;
      return refuseHandshake(socket, refuseNext.status, {
        error: { message: 'upstream connect error', type: 'server_error' },
      });
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const request = JSON.parse(String(data)) as Record<string, unknown>;
        if (request.type !== 'response.create') return;
        const model = String(request.model ?? 'gpt-mock');
        if (request.generate === false) {
          for (const event of prewarmEvents(model)) ws.send(JSON.stringify(event));
          return;
        }
        turns.push(request);
        const reply = nextReply();
        if (reply.kind === 'hang') return void hung.push(ws);
        if (reply.kind === 'drop') {
          refuseNext = { status: reply.status, handshakes: reply.handshakes };
          return void ws.terminate();
        }
        for (const event of responseEvents(reply, String(turns.length), model))
          ws.send(JSON.stringify(event));
      });
    });
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    authorizations.push(req.headers.authorization);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !(req.url ?? '').endsWith('/responses'))
      return json(404, { error: { message: `Not found: ${req.url ?? ''}`, type: 'invalid_request_error' } });
    if (!authorized(req)) return json(401, INVALID_KEY);
    const request = JSON.parse(text) as Record<string, unknown>;
    turns.push(request);
    const reply = nextReply();
    if (reply.kind === 'hang') return void hung.push(res);
    if (reply.kind === 'drop')
      return json(reply.status, { error: { message: 'upstream error', type: 'server_error' } });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of responseEvents(reply, String(turns.length), String(request.model ?? 'gpt-mock')))
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    authorizations,
    turns,
    get handshakes() {
      return handshakes;
    },
    close: () =>
      new Promise((resolve) => {
        for (const open of hung) (open as { destroy?: () => void }).destroy?.();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
