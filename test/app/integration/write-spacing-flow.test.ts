/**
 * A task runs to completion with the production write spacing on (one second between writes, as
 * against github.com): every write the app sends (REST POST/PATCH/PUT/DELETE, GraphQL mutations)
 * goes at least a second after the one before, reads are not held back, and the flow still goes
 * through (claim, dispatch, commit, PR, merge).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DroverWorld, waitFor } from './drover-world.js';
import { expectEachTaskDoneOnce } from './expect-done-once.js';

interface Sent {
  at: number;
  what: string;
  write: boolean;
}

/**
 * The requests this process sends to the simulator's API (the app runs in-process; the jobs' own
 * requests do not pass here, and the simulator's webhook deliveries go elsewhere).
 */
function recordRequests(api: string): { sent: Sent[]; restore: () => void } {
  const sent: Sent[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(api)) return original(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? init.body : '';
    const graphql = new URL(url).pathname.endsWith('/graphql');
    const write = method !== 'GET' && method !== 'HEAD' && (!graphql || /"\s*mutation\b/.test(body));
    sent.push({ at: Date.now(), what: `${method} ${new URL(url).pathname}`, write });
    return original(input, init);
  }) as typeof fetch;
  return { sent, restore: () => (globalThis.fetch = original) };
}

describe('the production write spacing', () => {
  let world: DroverWorld;

  beforeAll(async () => {
    world = await DroverWorld.start({ throttleWrites: true });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('runs a task to its merge with every write of the app a second after the one before', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Task a');
    await repo.comment(task, '/drover run');
    const { sent, restore } = recordRequests(world.sim.baseUrl);
    try {
      await waitFor(
        'the task closed',
        () => repo.isClosed(task),
        60_000,
        () => repo.describe([task]),
      );
      await world.quiesce();
    } finally {
      restore();
    }
    expectEachTaskDoneOnce(repo, [task]);
    const writes = sent.filter((request) => request.write);
    // Claim, dispatch, commit, PR and merge at least, beside the run's own views.
    expect(writes.length).toBeGreaterThanOrEqual(5);
    const gaps = writes.slice(1).map((write, index) => write.at - (writes[index]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(990);
    // Reads are not spaced: some go out within a second of a write.
    const reads = sent.filter((request) => !request.write);
    expect(reads.some((read) => writes.some((write) => Math.abs(read.at - write.at) < 500))).toBe(true);
  }, 90_000);
});
