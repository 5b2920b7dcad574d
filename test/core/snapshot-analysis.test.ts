import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../core/config.js';
import { DROVER_ORDERS } from '../../core/ready-order.js';
import {
  analyseSnapshotUncached,
  orderRank,
  daysFromCivil,
  parseTimestamp,
  rankUnits,
} from '../../core/snapshot-analysis.js';
import { issue, snapshot } from './snapshot-builder.js';

describe('parseTimestamp', () => {
  it.each([
    '2026-01-02T03:04:05Z',
    '2026-01-02T03:04:05.678Z',
    '1999-12-31T23:59:59Z',
    '0050-06-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-01-02T03:04:05+02:00',
    '2026-01-02',
    '2026-13-02T03:04:05Z',
    '2026-01-02T24:00:00Z',
    '2026-0x-02T03:04:05Z',
    'soon',
    '',
  ])('reads %j as Date.parse does', (text) => {
    expect(parseTimestamp(text)).toEqual(Date.parse(text));
  });

  it('counts days as Date.UTC does, leap years, centuries and days past a month end included', () => {
    const years = [100, 399, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2025, 2100, 2400, 9999];
    for (const year of years) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 28, 29, 30, 31]) {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T23:59:58.999Z`;
          expect([text, daysFromCivil(year, month, day) * 86_400_000]).toEqual([
            text,
            Date.UTC(year, month - 1, day),
          ]);
          expect([text, parseTimestamp(text)]).toEqual([text, Date.parse(text)]);
        }
      }
    }
  });
});

describe('orderRank', () => {
  const analysis = analyseSnapshotUncached(
    snapshot([
      issue(1, { labels: ['drover', 'size:L'] }),
      issue(2, { labels: ['drover', 'priority:high'] }),
      issue(3),
      issue(4, { blockedBy: [3] }),
      issue(5, { createdAt: '2025-06-01T00:00:00Z' }),
    ]),
    defaultConfig(),
  );
  const ranked = [...rankUnits(analysis).values()];
  const ids = analysis.dag.dag.ids;

  it.each(DROVER_ORDERS.map((order, index) => [index, order] as const))(
    'order %i: ranks are the positions of the comparator’s sort, whatever order was ranked before',
    (_index, order) => {
      const expected = [...ranked].sort(order).map((task) => task.number);
      const rank = orderRank(analysis, order);
      const actual = [...ids].sort((a, b) => rank[ids.indexOf(a)]! - rank[ids.indexOf(b)]!);
      expect(actual).toEqual(expected);
    },
  );
});
