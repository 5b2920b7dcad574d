import { describe, expect, it } from '@jest/globals';
import { nextRetryAt, retryDelaySeconds } from '../../core/backoff.js';
import { defaultConfig } from '../../core/config.js';

const backoff = defaultConfig().backoff;

describe('backoff', () => {
  it.each([
    [1, 60],
    [2, 120],
    [3, 240],
    [6, 1920],
    [7, 3600],
    [30, 3600],
  ])('waits %i attempt(s) → %i s (1 min × 2^(n-1), capped at 1 h)', (failedAttempt, seconds) => {
    expect(retryDelaySeconds(failedAttempt, backoff)).toBe(seconds);
  });

  it('follows the configured base, factor and cap', () => {
    expect(retryDelaySeconds(3, { base_seconds: 10, factor: 3, max_seconds: 60 })).toBe(60);
    expect(retryDelaySeconds(2, { base_seconds: 10, factor: 3, max_seconds: 60 })).toBe(30);
  });

  it('gives the time of the next attempt', () => {
    expect(nextRetryAt(new Date('2026-01-01T00:00:00Z'), 2, backoff).toISOString()).toBe(
      '2026-01-01T00:02:00.000Z',
    );
  });

  it.each([0, -1, 1.5])('refuses attempt number %d', (failedAttempt) => {
    expect(() => retryDelaySeconds(failedAttempt, backoff)).toThrow(
      'failedAttempt must be a positive integer',
    );
  });
});
