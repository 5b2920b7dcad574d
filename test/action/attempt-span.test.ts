/**
 * The action's attempt span: off unless DROVER_OTEL=1 (then the attempt just runs), and on, one
 * `drover.attempt` span with what the attempt reported, sent over OTLP/HTTP to the endpoint the
 * standard variables name (a collector stand-in on 127.0.0.1) before the action exits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withAttemptSpan } from '../../action/telemetry.js';

describe('the attempt span', () => {
  let server: Server;
  const bodies: Array<{ path: string; body: string }> = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        bodies.push({ path: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it('is nothing when telemetry is off', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    await expect(withAttemptSpan(env, {}, async () => 'ran')).resolves.toBe('ran');
    expect(bodies).toEqual([]);
  });

  it('is sent, with the attempt and its outcome, before the action ends', async () => {
    const { port } = server.address() as AddressInfo;
    process.env = { ...saved, DROVER_OTEL: '1', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` };
    const result = await withAttemptSpan(
      process.env,
      { 'drover.task': 12, 'drover.attempt': 2, 'drover.attempt.kind': 'implement' },
      async (record) => {
        record({
          'drover.agent': 'claude',
          'drover.outcome': 'success',
          'drover.cost_usd': 0.42,
          'drover.verify': 'passed',
        });
        return 'done';
      },
    );
    expect(result).toBe('done');
    const traces = bodies.find((entry) => entry.path === '/v1/traces');
    expect(traces?.body).toContain('"drover.attempt"');
    expect(traces?.body).toContain('"drover-action"');
    for (const key of ['drover.task', 'drover.agent', 'drover.outcome', 'drover.cost_usd', 'drover.verify'])
      expect(traces?.body).toContain(`"${key}"`);
    expect(bodies.some((entry) => entry.path === '/v1/metrics')).toBe(false);
  });
});
