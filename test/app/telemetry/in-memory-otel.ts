/**
 * Drover's telemetry over the SDK's in-memory exporters: every span as it ends, and the metrics
 * exported on demand (one cumulative collection), for assertions.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from '../../../app/telemetry/otel-telemetry.js';
import type { Telemetry } from '../../../app/telemetry/telemetry.js';

export interface InMemoryOtel {
  telemetry: Telemetry;
  spans(): ReadableSpan[];
  /** Exports the metrics now and returns the latest collection. */
  metrics(): Promise<MetricData[]>;
}

export function inMemoryOtel(): InMemoryOtel {
  const spanExporter = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exported only when asked (forceFlush): the interval never comes within a test.
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = createOtelTelemetry({
    tracerProvider,
    meterProvider,
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  });
  return {
    telemetry,
    spans: () => spanExporter.getFinishedSpans(),
    async metrics() {
      metricExporter.reset();
      await reader.forceFlush();
      return metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
    },
  };
}

/** The sum of a counter's (or a gauge's) points whose attributes include `where`. */
export function total(metrics: MetricData[], name: string, where: Attributes = {}): number {
  return points(metrics, name, where).reduce(
    (sum, point) => sum + (typeof point.value === 'number' ? point.value : 0),
    0,
  );
}

/** How many values a histogram recorded, over the points whose attributes include `where`. */
export function histogramCount(metrics: MetricData[], name: string, where: Attributes = {}): number {
  return points(metrics, name, where).reduce(
    (sum, point) =>
      sum +
      (typeof point.value === 'object' && point.value !== null && 'count' in point.value
        ? point.value.count
        : 0),
    0,
  );
}

export function points(metrics: MetricData[], name: string, where: Attributes = {}) {
  const metric = metrics.find((candidate) => candidate.descriptor.name === name);
  if (metric === undefined) return [];
  const all = (metric.dataPoints as Array<{ attributes: Attributes; value: unknown }>).map((point) => ({
    attributes: point.attributes,
    value: point.value,
  }));
  return all
    .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
    .map((point) => ({ attributes: point.attributes, value: point.value as number | { count: number } }));
}
