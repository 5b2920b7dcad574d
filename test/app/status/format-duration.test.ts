import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatInstant } from '../../../app/status/format-duration.js';

const MIN = 60_000;

describe('formatDuration', () => {
  it.each([
    [0, '< 1 min'],
    [29_000, '< 1 min'],
    [45 * MIN, '45 min'],
    [60 * MIN, '1 h'],
    [125 * MIN, '2 h 5 min'],
    [24 * 60 * MIN, '1 d'],
    [(3 * 24 + 4) * 60 * MIN, '3 d 4 h'],
    [-5 * MIN, '< 1 min'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats instants in UTC to the minute', () => {
    expect(formatInstant('2026-11-25T09:07:59.999Z')).toBe('2026-11-25 09:07 UTC');
  });
});
