/**
 * Drover's OpenTelemetry, as the control loop sees it: spans around the steps of a pass and of
 * a command, and the metrics each pass tells. Off by default, and then free: `NO_TELEMETRY`'s
 * `span` only calls its function, and the SDK is never loaded. `DROVER_OTEL=1` turns it on; the
 * SDK (app/telemetry/otel-sdk.ts) is then imported and configured from the standard `OTEL_*`
 * variables (docs/observability.md).
 */
import type { RequestStats } from '../github/request-policy.js';
import type { ReconcileReport } from '../reconcile/reconcile.js';

export type SpanAttributes = Record<string, string | number | boolean | null | undefined>;

/** What code inside a span may add to it. */
export interface SpanHandle {
  set(attributes: SpanAttributes): void;
}

export interface SpanOptions {
  root?: boolean;
}

/** The scheduler's queue: repositories waiting for a pass, passes running, commands waiting. */
export interface QueueDepth {
  waiting: number;
  running: number;
  commands: number;
}

export interface Telemetry {
  readonly enabled: boolean;
  /**
   * Runs `fn` in a span that is a child of the span it is called in (unless `root`: a pass starts
   * its own trace, though the timer that started it was set inside a command's span). The span
   * ends when `fn` returns, or when the promise it returns settles; an error marks the span
   * failed and goes on.
   */
  span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => T, options?: SpanOptions): T;
  /** After every pass: the metrics its report tells (tasks, attempts, waits, GitHub requests). */
  recordPass(report: ReconcileReport, stats: RequestStats, now: Date): void;
  /** Every pass, when it ends: how long it took and how it ended (`error`: it threw). */
  passEnded(repo: string, durationMs: number, outcome: 'ok' | 'failures' | 'error'): void;
  /** The scheduler's queue, read whenever metrics are collected. */
  watchQueue(read: () => QueueDepth): void;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

const NO_SPAN: SpanHandle = { set: () => {} };

export const NO_TELEMETRY: Telemetry = {
  enabled: false,
  span: (_name, _attributes, fn) => fn(NO_SPAN),
  recordPass: () => {},
  passEnded: () => {},
  watchQueue: () => {},
  shutdown: () => Promise.resolve(),
};

/** The one switch; the standard `OTEL_SDK_DISABLED=true` wins over it. */
export function otelEnabled(env: NodeJS.ProcessEnv): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  return ['1', 'true', 'yes', 'on'].includes((env.DROVER_OTEL ?? '').trim().toLowerCase());
}

/** Telemetry as the environment asks: none, or the SDK exporting over OTLP. */
export async function telemetryFromEnv(env: NodeJS.ProcessEnv): Promise<Telemetry> {
  if (!otelEnabled(env)) return NO_TELEMETRY;
  const { startOtelFromEnv } = await import('./otel-sdk.js');
  return startOtelFromEnv(env);
}
