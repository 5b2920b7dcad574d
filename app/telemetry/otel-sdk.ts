/**
 * The OpenTelemetry SDK as the standard environment configures it, loaded only when telemetry
 * is on (telemetry.ts imports this module dynamically). Traces and metrics go to an OTLP/HTTP
 * endpoint through the SDK's own exporters, which read the standard variables themselves:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (default http://localhost:4318), `OTEL_EXPORTER_OTLP_HEADERS`,
 * the per-signal `OTEL_EXPORTER_OTLP_TRACES_*` / `OTEL_EXPORTER_OTLP_METRICS_*`, timeouts and
 * compression; the batch span processor reads `OTEL_BSP_*`. The resource takes
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`; `OTEL_TRACES_EXPORTER=none` or
 * `OTEL_METRICS_EXPORTER=none` turns one signal off; `OTEL_METRIC_EXPORT_INTERVAL` (ms) sets how
 * often metrics are sent.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from './otel-telemetry.js';
import type { Telemetry } from './telemetry.js';

/** The OTel default export interval (the spec's OTEL_METRIC_EXPORT_INTERVAL default). */
const DEFAULT_EXPORT_INTERVAL_MS = 60_000;

export function startOtelFromEnv(env: NodeJS.ProcessEnv, defaultServiceName = 'drover-app'): Telemetry {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': defaultServiceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: exporterOff(env.OTEL_TRACES_EXPORTER)
      ? []
      : [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: exporterOff(env.OTEL_METRICS_EXPORTER)
      ? []
      : [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
            exportIntervalMillis: exportInterval(env.OTEL_METRIC_EXPORT_INTERVAL),
          }),
        ],
  });
  return createOtelTelemetry({
    tracerProvider,
    meterProvider,
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  });
}

function exporterOff(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === 'none';
}

export function exportInterval(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_EXPORT_INTERVAL_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`OTEL_METRIC_EXPORT_INTERVAL must be a positive number of milliseconds, not "${value}"`);
  return ms;
}
