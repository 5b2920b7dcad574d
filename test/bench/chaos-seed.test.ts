/**
 * A short seed of `npm run bench:chaos` in CI: the "all together" scenario (three app processes,
 * 10 % API faults, writes performed then answered 502, webhooks dropped, duplicated, replayed and
 * reordered, SIGKILLs) on a small backlog, judged from the simulator's history like the
 * benchmark's eight scenarios. The full campaign stays a benchmark.
 */
import { describe, expect, test } from '@jest/globals';
import { scenarios } from '../../bench/chaos.js';
import { runScenario } from '../../bench/chaos/run-scenario.js';

const TIMEOUT_MS = 150_000;

describe('the chaos campaign, one short seed', () => {
  test(
    'every task done once: nothing lost, doubled, over workers, early or beyond max_attempts',
    async () => {
      const allTogether = scenarios(11).find((scenario) => scenario.name === 'all together')!;
      const result = await runScenario({ ...allTogether, tasks: 5, kills: 3, timeoutMs: TIMEOUT_MS });
      expect({ finished: result.finished, details: result.details }).toEqual({ finished: true, details: [] });
      expect(result).toMatchObject({ lost: 0, doubled: 0, overLimit: 0, early: 0, beyondMax: 0 });
      expect(result.runs).toBeGreaterThanOrEqual(5);
    },
    TIMEOUT_MS + 30_000,
  );
});
