/**
 * Telemetry is off unless asked for, and then costs nothing: no OpenTelemetry module is reachable
 * from the app's entry point by a static import (the SDK is imported dynamically, only when on).
 * On, spans nest by async context, end when their promise settles, and carry errors.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import { NO_TELEMETRY, otelEnabled, telemetryFromEnv } from '../../../app/telemetry/telemetry.js';
import { inMemoryOtel } from './in-memory-otel.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Every module a file reaches through static imports (relative TypeScript sources, and package names). */
function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?:type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
      if (/^(?:import|export)\s+type\s/.test(match[0])) continue;
      const target = match[1] as string;
      if (target.startsWith('.')) queue.push(resolve(dirname(file), target.replace(/\.js$/, '.ts')));
      else packages.add(target);
    }
  }
  return { files, packages };
}

describe('telemetry switched off', () => {
  it('is off without DROVER_OTEL, and OTEL_SDK_DISABLED=true wins over it', async () => {
    expect(otelEnabled({})).toBe(false);
    expect(otelEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(otelEnabled({ DROVER_OTEL: '0' })).toBe(false);
    expect(otelEnabled({ DROVER_OTEL: '1' })).toBe(true);
    expect(otelEnabled({ DROVER_OTEL: 'true', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(await telemetryFromEnv({})).toBe(NO_TELEMETRY);
  });

  it('leaves the SDK and the API out of everything the app imports statically', () => {
    const { files, packages } = staticImports(join(ROOT, 'app/main.ts'));
    expect(files.has(join(ROOT, 'app/reconcile/reconcile.ts'))).toBe(true);
    expect(files.has(join(ROOT, 'app/telemetry/loop-spans.ts'))).toBe(true);
    expect([...packages].filter((name) => name.startsWith('@opentelemetry/'))).toEqual([]);
    expect(files.has(join(ROOT, 'app/telemetry/otel-sdk.ts'))).toBe(false);
  });

  it('runs the function of a span as it is, sync or async', async () => {
    expect(NO_TELEMETRY.span('x', {}, () => 7)).toBe(7);
    await expect(NO_TELEMETRY.span('x', {}, async () => 8)).resolves.toBe(8);
  });
});

describe('spans when on', () => {
  it('nest by async context, end when the promise settles, and record a thrown error', async () => {
    const otel = inMemoryOtel();
    const { telemetry } = otel;
    await expect(
      telemetry.span('outer', { a: 1, skipped: undefined }, async () => {
        telemetry.span('sync-child', {}, () => 1);
        await telemetry.span('async-child', {}, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
        });
        await telemetry.span('root', {}, async () => {}, { root: true });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const spans = otel.spans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const outer = byName.get('outer')!;
    expect(outer.attributes).toEqual({ a: 1 });
    expect(outer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(outer.events.map((event) => event.name)).toEqual(['exception']);
    for (const child of ['sync-child', 'async-child'])
      expect(byName.get(child)!.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(byName.get('root')!.parentSpanContext).toBeUndefined();
    expect(
      byName.get('async-child')!.endTime[0] * 1e3 + byName.get('async-child')!.endTime[1] / 1e6,
    ).toBeGreaterThan(
      byName.get('async-child')!.startTime[0] * 1e3 + byName.get('async-child')!.startTime[1] / 1e6 + 4,
    );
    await telemetry.shutdown();
  });
});
