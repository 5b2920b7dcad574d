/** What every step of one reconcile shares: the gateway, the config, the clock, the log and the report. */
import type { DroverConfig } from '../../core/config.js';
import type { RepoGateway } from '../../core/gateway.js';
import type { AttemptRecord } from '../../core/types.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface ReconcileReport {
  repo: string;
  /** Problems in .github/drover.yml; when present nothing was dispatched. */
  configProblems: string[];
  dispatched: Array<{ task: number; attempt: number; runId: number | null; mode: 'implement' | 'resolve' }>;
  settled: Array<{
    task: number;
    attempt: number;
    outcome: 'success' | 'failed' | 'blocked';
    reason: string | null;
    /** The attempt record as written: a merged task is closed and absent from the next snapshot. */
    record: AttemptRecord;
  }>;
  pullRequests: Array<{ task: number; number: number; url: string }>;
  merged: number[];
  failed: number[];
  cancelledRuns: number[];
  /** Did this reconcile write anything? */
  changed: boolean;
  nextWakeAt: string | null;
}

export interface ReconcileContext {
  gateway: RepoGateway;
  config: DroverConfig;
  now: Date;
  log: Logger;
  report: ReconcileReport;
}

export function emptyReport(repo: string): ReconcileReport {
  return {
    repo,
    configProblems: [],
    dispatched: [],
    settled: [],
    pullRequests: [],
    merged: [],
    failed: [],
    cancelledRuns: [],
    changed: false,
    nextWakeAt: null,
  };
}
