/**
 * A claim with no run is abandoned when a read of the runs, made past the claim grace, finds
 * none: judged at the time the pass began reading (before the runs were listed), never later by
 * the planner's clock. The other half of the argument that an abandoned claim never runs
 * (docs/control-loop.md §4; the claimer's half is in dispatch-attempt.test.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { readAttempts } from '../../../app/reconcile/observe/read-attempts.js';
import { RepoSession } from '../../../app/reconcile/repo-session.js';
import { attemptPhase } from '../../../core/attempt-history.js';
import { attemptRunName } from '../../../core/attempt-names.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { WorkflowRun } from '../../../core/gateway/runs.js';
import { anAttempt } from '../../support/repo-state.js';

const GRACE_MS = 90_000;
const CLAIMED_AT = Date.parse('2026-01-01T00:00:00Z');

function run(id: number): WorkflowRun {
  return {
    id,
    name: attemptRunName(4, 1, 'implement', 1),
    headBranch: 'drover/4/attempt-1',
    status: 'in_progress',
    conclusion: null,
    createdAt: '2026-01-01T00:00:01Z',
    updatedAt: '2026-01-01T00:00:01Z',
    url: '',
    started: true,
  };
}

function setUp(listed: WorkflowRun[]) {
  const session = new RepoSession('o/r');
  session.putAttempt(
    4,
    anAttempt(1, { run: null, result: null, claimedAt: new Date(CLAIMED_AT).toISOString() }),
  );
  const gateway = {
    runs: {
      inFlight: async () => [],
      onBranch: async () => listed,
      createdSince: async () => listed,
      get: async () => null,
      jobsStarted: async () => true,
    },
  } as unknown as RepoGateway;
  const read = (atMs: number) =>
    readAttempts(gateway, session, {
      workflow: 'drover.yml',
      claims: null,
      now: new Date(atMs),
      claimGraceMs: GRACE_MS,
    });
  return { session, read, attempt: () => session.attemptsOf(4).get(1)! };
}

describe('abandoning a claim with no run', () => {
  test('within the grace: still claimed, whatever the clock says later', async () => {
    const { read, attempt } = setUp([]);
    await read(CLAIMED_AT + GRACE_MS - 1);
    expect(attempt().abandonedAt).toBeUndefined();
    // A plan made long after this read (a slow pass) does not abandon it by itself.
    expect(attemptPhase(attempt(), new Date(CLAIMED_AT + 10 * GRACE_MS))).toBe('claimed');
  });

  test('a read begun past the grace that lists no run: abandoned, at the time the read began', async () => {
    const { read, attempt } = setUp([]);
    const at = CLAIMED_AT + GRACE_MS + 1;
    await read(at);
    expect(attempt().abandonedAt).toBe(new Date(at).toISOString());
    expect(attemptPhase(attempt(), new Date(at))).toBe('abandoned');
  });

  test('a read past the grace that lists the run: running, never abandoned', async () => {
    const { read, attempt } = setUp([run(55)]);
    await read(CLAIMED_AT + GRACE_MS + 1);
    expect(attempt().abandonedAt).toBeUndefined();
    expect(attempt().run?.id).toBe(55);
    expect(attemptPhase(attempt(), new Date(CLAIMED_AT + GRACE_MS + 1))).toBe('running');
  });
});
