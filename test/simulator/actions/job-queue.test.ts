import { describe, expect, it } from '@jest/globals';
import { JobQueue } from '../../../simulator/actions/job-queue.js';

/** A job that runs until the test ends it. */
function gate() {
  let open = () => {};
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

describe('JobQueue: runners held offline', () => {
  it('keeps new jobs queued while held, and runs them (up to the limit) when released', async () => {
    const queue = new JobQueue(2);
    const started: number[] = [];
    const gates = [gate(), gate(), gate()];
    queue.pause();
    const jobs = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i);
        await g.done;
      }),
    );
    await Promise.resolve();
    expect([queue.active, queue.queued, started]).toEqual([0, 3, []]);
    queue.resume();
    await new Promise((resolve) => setImmediate(resolve));
    expect([queue.active, queue.queued, started]).toEqual([2, 1, [0, 1]]);
    gates[0]?.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect([queue.active, queue.queued, started]).toEqual([2, 0, [0, 1, 2]]);
    gates[1]?.open();
    gates[2]?.open();
    await Promise.all(jobs);
    expect([queue.active, queue.queued]).toEqual([0, 0]);
  });

  it('lets running jobs finish while held, without starting the queued ones', async () => {
    const queue = new JobQueue(1);
    const first = gate();
    const started: string[] = [];
    const running = queue.run(async () => {
      started.push('first');
      await first.done;
    });
    queue.pause();
    const waiting = queue.run(async () => {
      started.push('second');
    });
    first.open();
    await running;
    await new Promise((resolve) => setImmediate(resolve));
    expect([started, queue.active, queue.queued]).toEqual([['first'], 0, 1]);
    queue.resume();
    await waiting;
    expect(started).toEqual(['first', 'second']);
  });
});
