import { describe, expect, it } from '@jest/globals';
import { NumberMap } from '../../core/number-map.js';

/** The same operations on a NumberMap and a Map, compared after each. */
function expectSameAs(map: NumberMap<string>, reference: Map<number, string>, probes: number[]): void {
  expect(map.size).toBe(reference.size);
  expect([...map.entries()]).toEqual([...reference.entries()]);
  expect([...map.keys()]).toEqual([...reference.keys()]);
  expect([...map.values()]).toEqual([...reference.values()]);
  expect([...map]).toEqual([...reference]);
  for (const key of probes) {
    expect(map.get(key)).toBe(reference.get(key));
    expect(map.has(key)).toBe(reference.has(key));
  }
}

describe('NumberMap', () => {
  it('behaves as a Map for dense issue numbers, in insertion order', () => {
    const map = new NumberMap<string>(4);
    const reference = new Map<number, string>();
    for (const key of [5, 1, 3, 2, 4]) {
      map.set(key, `#${key}`);
      reference.set(key, `#${key}`);
    }
    map.set(3, 'again');
    reference.set(3, 'again');
    expectSameAs(map, reference, [0, 1, 2, 3, 4, 5, 6, -1, 2.5, Number.NaN]);
    expect(map.positionOf(3)).toBe(2);
    expect(map.positionOf(6)).toBe(-1);
  });

  it('keeps keys the array does not cover (huge, negative, fractional) in a Map, and finds each once', () => {
    const map = new NumberMap<string>();
    const reference = new Map<number, string>();
    const keys = [1, 10_000_000, -3, 0.5, 2 ** 40, 7, 70_000, 20_000, 4097, Number.MAX_SAFE_INTEGER];
    for (const key of keys) {
      map.set(key, String(key));
      reference.set(key, String(key));
    }
    // 20,000 first went to the Map (beyond the array); with more entries the array may grow past
    // it (25,000 makes it), and it moves into the array.
    for (const key of [...Array.from({ length: 2900 }, (_, index) => 100 + index), 25_000]) {
      map.set(key, String(key));
      reference.set(key, String(key));
    }
    map.set(20_000, 'updated');
    reference.set(20_000, 'updated');
    expectSameAs(map, reference, [...keys, 100, 2999, 3000, 20_001, 25_000, -1]);
  });

  it('calls forEach with value, key and the map, in insertion order', () => {
    const map = new NumberMap<string>().set(2, 'b').set(1, 'a');
    const seen: Array<[string, number]> = [];
    map.forEach((value, key, self) => {
      expect(self).toBe(map);
      seen.push([value, key]);
    });
    expect(seen).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    expect(map.valueArray()).toEqual(['b', 'a']);
  });
});
