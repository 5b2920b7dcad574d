import { describe, expect, it } from '@jest/globals';
import { WriteSpacing } from '../../../app/github/write-spacing.js';

/** A clock that moves only when someone sleeps on it, or when the test says. */
function fakeClock() {
  const clock = { now: 0, sleeps: [] as number[] };
  const spacing = new WriteSpacing(
    1000,
    () => clock.now,
    async (ms) => {
      clock.sleeps.push(ms);
    },
  );
  return { clock, spacing };
}

describe('write spacing', () => {
  it('the first write goes at once; writes asked for together get turns one interval apart, in order', async () => {
    const { clock, spacing } = fakeClock();
    await Promise.all([spacing.turn(), spacing.turn(), spacing.turn()]);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('a write after a quiet spell waits only for what is left of the interval, or not at all', async () => {
    const { clock, spacing } = fakeClock();
    await spacing.turn();
    clock.now = 400;
    await spacing.turn();
    expect(clock.sleeps).toEqual([600]);
    clock.now = 5000;
    await spacing.turn();
    expect(clock.sleeps).toEqual([600]);
  });
});
