/**
 * The SDK for the action's attempt span (loaded only when telemetry is on): traces over
 * OTLP/HTTP as the standard OTEL_* variables configure them, no metrics (a job is too short for
 * a periodic reader; the app's metrics count attempts). Service name `drover-action` unless
 * OTEL_SERVICE_NAME says otherwise.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from '../app/telemetry/otel-telemetry.js';
import type { Telemetry } from '../app/telemetry/telemetry.js';

export function startActionTelemetry(): Telemetry {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'drover-action' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  return createOtelTelemetry({
    tracerProvider,
    meterProvider: new MeterProvider({ resource }),
    shutdown: () => tracerProvider.shutdown(),
  });
}
