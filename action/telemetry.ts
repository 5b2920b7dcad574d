/**
 * The action's OpenTelemetry: one span per attempt (`drover.attempt`: task, attempt, mode, agent,
 * outcome, duration, tokens, cost, verify), exported over OTLP/HTTP when the job's environment
 * has DROVER_OTEL=1 (the shipped workflow passes the repository variables DROVER_OTEL and
 * OTEL_EXPORTER_OTLP_ENDPOINT and the secret OTEL_EXPORTER_OTLP_HEADERS). Off, the SDK is never
 * loaded (a dynamic import) and the attempt runs as it is.
 */
import { otelEnabled, type SpanAttributes } from '../app/telemetry/telemetry.js';

export type RecordAttributes = (attributes: SpanAttributes) => void;

export async function withAttemptSpan<T>(
  env: NodeJS.ProcessEnv,
  attributes: SpanAttributes,
  run: (record: RecordAttributes) => Promise<T>,
): Promise<T> {
  if (!otelEnabled(env)) return run(() => {});
  const { startActionTelemetry } = await import('./telemetry-sdk.js');
  const telemetry = startActionTelemetry();
  try {
    return await telemetry.span('drover.attempt', attributes, (span) => run((more) => span.set(more)));
  } finally {
    // The job ends with the action: what is buffered must leave now.
    await telemetry.shutdown();
  }
}
