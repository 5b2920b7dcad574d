/**
 * The production configuration: the SDK's OTLP/HTTP exporters, configured by the standard
 * OTEL_* variables, send the spans and metrics to the endpoint they name (a collector stand-in
 * on 127.0.0.1 here), with the headers and the service name they name.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportInterval } from '../../../app/telemetry/otel-sdk.js';
import { telemetryFromEnv } from '../../../app/telemetry/telemetry.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('telemetry from the environment', () => {
  let server: Server;
  const received: Received[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it('exports spans and metrics over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, with its headers and service name', async () => {
    const { port } = server.address() as AddressInfo;
    // The exporters read process.env themselves, as the SDK's documentation says.
    process.env = {
      ...saved,
      DROVER_OTEL: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20test-token',
      OTEL_SERVICE_NAME: 'drover-test',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test',
    };
    const telemetry = await telemetryFromEnv(process.env);
    expect(telemetry.enabled).toBe(true);
    telemetry.span('drover.reconcile', { 'drover.repo': 'octo/widgets' }, () => undefined);
    telemetry.passEnded('octo/widgets', 120, 'ok');
    await telemetry.shutdown();

    const traces = received.find((request) => request.path === '/v1/traces');
    const metrics = received.find((request) => request.path === '/v1/metrics');
    expect(traces?.headers.authorization).toBe('Bearer test-token');
    expect(traces?.body).toContain('"drover.reconcile"');
    expect(traces?.body).toContain('"drover-test"');
    expect(traces?.body).toContain('"deployment.environment"');
    expect(metrics?.body).toContain('"drover.reconcile.duration"');
  });

  it('checks OTEL_METRIC_EXPORT_INTERVAL', () => {
    expect(exportInterval(undefined)).toBe(60_000);
    expect(exportInterval('5000')).toBe(5000);
    expect(() => exportInterval('soon')).toThrow(
      'OTEL_METRIC_EXPORT_INTERVAL must be a positive number of milliseconds',
    );
  });
});
