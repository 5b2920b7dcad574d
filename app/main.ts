/**
 * `npm start` and the Docker image: run Drover with Probot's standard variables (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST/GHE_PROTOCOL for GitHub Enterprise
 * Server, LOG_LEVEL, PORT, HOST) plus DROVER_RESYNC_MINUTES, DROVER_SHUTDOWN_GRACE_SECONDS, and
 * DROVER_OTEL=1 with the standard OTEL_* variables for OpenTelemetry (docs/observability.md).
 * Logs are JSON lines on stdout; SIGTERM (or SIGINT) shuts down gracefully and exits 0.
 */
import { readFileSync } from 'node:fs';
import { startApp } from './start-app.js';
import { telemetryFromEnv } from './telemetry/telemetry.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: see docs/app.md for the variables Drover needs`);
  return value;
}

function privateKey(): string {
  if (process.env.PRIVATE_KEY) return process.env.PRIVATE_KEY.replace(/\\n/g, '\n');
  if (process.env.PRIVATE_KEY_PATH) return readFileSync(process.env.PRIVATE_KEY_PATH, 'utf8');
  throw new Error('Set PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (a file holding it)');
}

/** GHES serves REST under /api/v3 (https://docs.github.com/enterprise-server/rest). */
function baseUrl(): string {
  if (process.env.GITHUB_API_URL) return process.env.GITHUB_API_URL;
  const host = process.env.GHE_HOST;
  if (!host) return 'https://api.github.com';
  return `${process.env.GHE_PROTOCOL ?? 'https'}://${host}/api/v3`;
}

function logLevel(): 'silent' | 'info' | 'debug' {
  const level = process.env.LOG_LEVEL ?? 'info';
  if (level === 'silent' || level === 'info' || level === 'debug') return level;
  throw new Error(`LOG_LEVEL must be silent, info or debug, not "${level}"`);
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

/**
 * How long a SIGTERM waits for the pass in progress: under the 30 s an orchestrator gives by
 * default (Kubernetes' terminationGracePeriodSeconds, `docker stop`'s 10 s is shorter: set
 * `--time` or this variable) before it kills the process.
 */
const graceMs = positiveNumber('DROVER_SHUTDOWN_GRACE_SECONDS', 20) * 1000;

const running = await startApp({
  appId: Number(required('APP_ID')),
  privateKey: privateKey(),
  webhookSecret: required('WEBHOOK_SECRET'),
  baseUrl: baseUrl(),
  port: positiveNumber('PORT', 3000),
  host: process.env.HOST ?? '0.0.0.0',
  log: logLevel(),
  resyncMinutes: positiveNumber('DROVER_RESYNC_MINUTES', 5),
  telemetry: await telemetryFromEnv(process.env),
});
running.log.info(
  { webhookUrl: running.webhookUrl, health: `${running.baseUrl}/healthz` },
  'Drover is listening for webhooks',
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.log.info({ signal, graceMs }, 'shutting down: no new webhooks, finishing the pass in progress');
    running.close({ graceMs }).then(
      (outcome) => {
        running.log.info(
          { outcome },
          outcome === 'finished'
            ? 'stopped cleanly'
            : 'stopped with a pass unfinished: safe, the next pass (any replica) picks it up',
        );
        process.exit(0);
      },
      (error: unknown) => {
        running.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
