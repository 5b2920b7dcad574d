import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RepoScheduler, type PassResult, type RepoTarget } from '../../app/reconcile/repo-scheduler.js';

const target: RepoTarget = { repo: 'o/r', installationId: 1 };
const quiet: PassResult = { nextWakeAt: null, failed: false };

/** Lets queued promise callbacks run (fake timers do not advance them). */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('RepoScheduler', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-01T10:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('debounces a burst into one pass after the quiet window', async () => {
    const passes: number[] = [];
    const scheduler = new RepoScheduler(
      async () => (passes.push(Date.now()), quiet),
      () => {},
      {
        quietMs: 1000,
        maxDelayMs: 5000,
      },
    );
    for (let i = 0; i < 100; i++) {
      scheduler.request(target);
      await jest.advanceTimersByTimeAsync(200);
    }
    // 100 requests 200 ms apart never leave a quiet second: the cap makes a pass every 5 s.
    expect(passes.length).toBeGreaterThanOrEqual(3);
    expect(passes.length).toBeLessThanOrEqual(5);
    await jest.advanceTimersByTimeAsync(1000);
    scheduler.close();
  });

  it('a prompt request runs after its short window, and later requests in the burst do not delay it', async () => {
    const passes: number[] = [];
    const start = Date.now();
    const scheduler = new RepoScheduler(
      async () => (passes.push(Date.now() - start), quiet),
      () => {},
      { quietMs: 1000, maxDelayMs: 5000, promptMs: 250 },
    );
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(100);
    scheduler.request(target, 'prompt');
    for (let i = 0; i < 4; i++) {
      await jest.advanceTimersByTimeAsync(50);
      scheduler.request(target);
    }
    await jest.advanceTimersByTimeAsync(2000);
    // Without the prompt request the quiet window would have run it at 1300 ms.
    expect(passes).toEqual([350]);
    scheduler.close();
  });

  it('runs one pass at a time per repository; requests during a pass make exactly one more', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    let release: () => void = () => {};
    const scheduler = new RepoScheduler(
      async () => {
        passes++;
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => (release = resolve));
        running--;
        return quiet;
      },
      () => {},
      { quietMs: 0 },
    );
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 20; i++) scheduler.request(target);
    release();
    await flush();
    await jest.advanceTimersByTimeAsync(0);
    release();
    await flush();
    expect(passes).toBe(2);
    expect(most).toBe(1);
    scheduler.close();
  });

  it('retries a failed pass with a doubling backoff, and stops backing off once a pass succeeds', async () => {
    const at: number[] = [];
    let fail = 3;
    const errors: unknown[] = [];
    const scheduler = new RepoScheduler(
      async () => {
        at.push(Date.now());
        if (fail-- > 0) throw new Error('502');
        return quiet;
      },
      (_target, error) => errors.push(error),
      { quietMs: 0, backoffMs: 1000, maxBackoffMs: 60_000 },
    );
    const start = Date.now();
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(10_000);
    // (A timer of 0 ms fires after 1 ms in Node: the offsets are rounded to 10 ms.)
    expect(at.map((time) => Math.round((time - start) / 10) * 10)).toEqual([0, 1000, 3000, 7000]);
    expect(errors).toHaveLength(3);
    scheduler.close();
  });

  it('a pass that left failures is retried too, and the planner’s wake-up schedules a pass', async () => {
    const at: number[] = [];
    const wakeAt = new Date(Date.now() + 30_000).toISOString();
    const results: PassResult[] = [
      { nextWakeAt: null, failed: true },
      { nextWakeAt: wakeAt, failed: false },
      quiet,
    ];
    const scheduler = new RepoScheduler(
      async () => (at.push(Date.now()), results.shift() ?? quiet),
      () => {},
      {
        quietMs: 0,
        backoffMs: 1000,
      },
    );
    const start = Date.now();
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(40_000);
    expect(at.map((time) => Math.round((time - start) / 10) * 10)).toEqual([0, 1000, 30_000]);
    scheduler.close();
  });

  it('runs an exclusive job between passes, never during one', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const scheduler = new RepoScheduler(
      async () => {
        events.push('pass start');
        await new Promise<void>((resolve) => (release = resolve));
        events.push('pass end');
        return quiet;
      },
      () => {},
      { quietMs: 0 },
    );
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(0);
    const job = scheduler.exclusive(target, async () => {
      events.push('job');
      return 42;
    });
    release();
    await expect(job).resolves.toBe(42);
    expect(events).toEqual(['pass start', 'pass end', 'job']);
    scheduler.close();
  });

  it('is idle once closed with a pass still requested, and not before the running pass ends', async () => {
    let release: () => void = () => {};
    const scheduler = new RepoScheduler(
      () => new Promise<PassResult>((resolve) => (release = () => resolve(quiet))),
      () => {},
      { quietMs: 1000 },
    );
    scheduler.request(target);
    await jest.advanceTimersByTimeAsync(1000);
    scheduler.request(target); // pending behind the running pass
    scheduler.close();
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    await flush();
    expect(idle).toBe(false);
    release();
    await flush();
    expect(idle).toBe(true);
    await expect(scheduler.idle()).resolves.toBeUndefined();
  });

  it('a requested pass that never ran does not hold idle after close (the app can shut down)', async () => {
    const scheduler = new RepoScheduler(
      async () => quiet,
      () => {},
      { quietMs: 1000 },
    );
    scheduler.request(target);
    scheduler.close();
    await expect(scheduler.idle()).resolves.toBeUndefined();
  });
});
