import { describe, expect, it } from '@jest/globals';
import { RepoScheduler, type RepoTarget } from '../../app/reconcile/repo-scheduler.js';
import { DeliveryDedupe } from '../../app/webhooks/delivery-dedupe.js';
import { composeBody, readData, readKey, visiblePart } from '../../app/github/markers.js';
import { isOurs } from '../../app/github/app-identity.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('RepoScheduler', () => {
  it('runs one reconcile per repo at a time and coalesces a burst into exactly one more', async () => {
    const gates: Array<() => void> = [];
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const scheduler = new RepoScheduler(
      async () => {
        runs += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        const gate = deferred();
        gates.push(gate.resolve);
        await gate.promise;
        running -= 1;
      },
      (_target, error) => {
        throw error;
      },
    );
    const target: RepoTarget = { repo: 'o/r', installationId: 1 };
    scheduler.request(target);
    for (let i = 0; i < 20; i += 1) scheduler.request(target);
    const idle = scheduler.idle();
    gates.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
    await idle;
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
    scheduler.close();
  });

  it('reports a failing reconcile and keeps serving the repo', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = new RepoScheduler(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      (_target, error) => errors.push(error),
    );
    scheduler.request({ repo: 'o/r', installationId: 1 });
    await scheduler.idle();
    scheduler.request({ repo: 'o/r', installationId: 1 });
    await scheduler.idle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    scheduler.close();
  });
});

describe('DeliveryDedupe', () => {
  it('accepts an id once and forgets the oldest beyond its capacity', () => {
    const dedupe = new DeliveryDedupe(2);
    expect(dedupe.firstTime('a')).toBe(true);
    expect(dedupe.firstTime('a')).toBe(false);
    dedupe.firstTime('b');
    dedupe.firstTime('c');
    expect(dedupe.firstTime('a')).toBe(true);
    expect(() => new DeliveryDedupe(0)).toThrow(/capacity/);
  });
});

describe('markers', () => {
  it('round-trips key and data, keeping the visible text apart', () => {
    const body = composeBody('Hello --> *world*', 'task', { attempt: 2, reason: 'a --> b' });
    expect(readKey(body)).toBe('task');
    expect(readData(body)).toEqual({ attempt: 2, reason: 'a --> b' });
    expect(visiblePart(body)).toBe('Hello --> *world*');
    expect(readData('<!-- drover:data !!! -->')).toBeNull();
  });

  it('trusts a comment only from our app id or our exact bot login', () => {
    const identity = { appId: 7, botLogin: 'drover[bot]' };
    expect(isOurs(identity, { performed_via_github_app: { id: 7 } })).toBe(true);
    expect(isOurs(identity, { user: { login: 'drover[bot]' } })).toBe(true);
    expect(
      isOurs(identity, { user: { login: 'drover-evil[bot]' }, performed_via_github_app: { id: 8 } }),
    ).toBe(false);
    expect(isOurs(identity, { user: { login: 'alice' } })).toBe(false);
  });
});
