/**
 * A short seed of `npm run bench:chaos` in CI: the "all together" scenario (three app processes,
 * 10 % API faults, writes performed then answered 502, webhooks dropped, duplicated, replayed and
 * reordered, SIGKILLs) on a small backlog, judged from the simulator's history like the
 * benchmark's eight scenarios. The full campaign stays a benchmark. Seeded, and bounded: the run
 * waits at most RUN_MS for the backlog, the whole scenario (app processes started and killed, the
 * simulator closed) at most HARD_MS, after which runScenario throws.
 */
import { describe, expect, test } from '@jest/globals';
import { scenarios } from '../../bench/chaos.js';
import { runScenario } from '../../bench/chaos/run-scenario.js';

const RUN_MS = 40_000;
const HARD_MS = 60_000;

describe('the chaos campaign, one short seed', () => {
  test(
    'every task done once: nothing lost, doubled, over workers, early or beyond max_attempts',
    async () => {
      const allTogether = scenarios(11).find((scenario) => scenario.name === 'all together')!;
      const result = await runScenario({
        ...allTogether,
        tasks: 5,
        kills: 3,
        timeoutMs: RUN_MS,
        hardTimeoutMs: HARD_MS,
      });
      expect({ finished: result.finished, details: result.details }).toEqual({ finished: true, details: [] });
      expect(result).toMatchObject({ lost: 0, doubled: 0, overLimit: 0, early: 0, beyondMax: 0 });
      expect(result.runs).toBeGreaterThanOrEqual(5);
      expect(result.killsDone).toBe(3);
    },
    HARD_MS + 30_000,
  );
});
