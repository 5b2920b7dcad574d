/**
 * Retry timing after a failed attempt: exponential backoff with a cap.
 * Delay before attempt n+1 = min(max_seconds, base_seconds × factor^(n-1)).
 */
import type { DroverConfig } from './config.js';

/** Seconds to wait after failed attempt number `failedAttempt` (1-based) before the next one. */
export function retryDelaySeconds(failedAttempt: number, backoff: DroverConfig['backoff']): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new RangeError(`failedAttempt must be a positive integer, got ${failedAttempt}`);
  }
  const delay = backoff.base_seconds * backoff.factor ** (failedAttempt - 1);
  return Math.min(backoff.max_seconds, delay);
}

/** When the attempt after `failedAttempt` may start, for a failure seen at `failedAt`. */
export function nextRetryAt(failedAt: Date, failedAttempt: number, backoff: DroverConfig['backoff']): Date {
  return new Date(failedAt.getTime() + retryDelaySeconds(failedAttempt, backoff) * 1000);
}

/** Are the attempts exhausted? True once `max_attempts` attempts ran and the last one failed. */
export function attemptsExhausted(
  attempt: number,
  lastOutcome: 'success' | 'failed' | 'blocked' | null,
  maxAttempts: number,
): boolean {
  return lastOutcome === 'failed' && attempt >= maxAttempts;
}
