/**
 * The Telemetry of app/telemetry/telemetry.ts over OpenTelemetry's API: a tracer and a meter
 * from providers the caller configured (the OTLP exporters in production, the SDK's in-memory
 * exporters in tests). Spans nest by the async context they are started in, kept here in an
 * AsyncLocalStorage of our own, so no global context manager (and no global provider) is
 * registered: two of these in one process (two tests, two apps) never see each other's spans.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';
import type { RequestStats } from '../github/request-policy.js';
import type { ReconcileReport } from '../reconcile/reconcile.js';
import { PassMetrics } from './pass-metrics.js';
import type { QueueDepth, SpanAttributes, SpanHandle, SpanOptions, Telemetry } from './telemetry.js';

/** The instrumentation scope every span and metric is recorded under. */
export const SCOPE = 'drover';

export interface OtelProviders {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Flushes and stops the providers (what `Telemetry.shutdown` calls). */
  shutdown?: () => Promise<void>;
  now?: () => Date;
}

export function createOtelTelemetry(providers: OtelProviders): Telemetry {
  const tracer = providers.tracerProvider.getTracer(SCOPE);
  const meter = providers.meterProvider.getMeter(SCOPE);
  const current = new AsyncLocalStorage<Span>();
  const metrics = new PassMetrics(meter, (providers.now ?? (() => new Date()))());

  function span<T>(
    name: string,
    attributes: SpanAttributes,
    fn: (handle: SpanHandle) => T,
    options: SpanOptions = {},
  ): T {
    const parent = options.root ? undefined : current.getStore();
    const parentContext = parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent);
    const started = tracer.startSpan(name, { attributes: clean(attributes) }, parentContext);
    const handle: SpanHandle = { set: (more) => started.setAttributes(clean(more)) };
    const fail = (error: unknown): never => {
      started.recordException(error instanceof Error ? error : String(error));
      started.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
      started.end();
      throw error;
    };
    let result: T;
    try {
      result = current.run(started, () => fn(handle));
    } catch (error) {
      return fail(error);
    }
    if (!isPromise(result)) {
      started.end();
      return result;
    }
    return result.then((value) => {
      started.end();
      return value;
    }, fail) as T;
  }

  return {
    enabled: true,
    span,
    recordPass: (report: ReconcileReport, stats: RequestStats, now: Date) =>
      metrics.recordPass(report, stats, now),
    passEnded: (repo, durationMs, outcome) => metrics.passEnded(repo, durationMs, outcome),
    watchQueue: (read: () => QueueDepth) => metrics.watchQueue(read),
    shutdown: async () => {
      await providers.shutdown?.();
    },
  };
}

/** OpenTelemetry attributes cannot be null or undefined: those are left out. */
function clean(attributes: SpanAttributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes))
    if (value !== null && value !== undefined) out[key] = value;
  return out;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
