import { describe, expect, it } from '@jest/globals';
import type { Action } from '../../../core/plan/actions.js';
import { planReconcile, type StatusView } from '../../../core/plan/plan-reconcile.js';
import type { RepoState } from '../../../core/repo-state.js';
import {
  aPatch,
  aPullRequest,
  aResult,
  aRun,
  aRunState,
  aState,
  anAttempt,
  anIssue,
  MAIN_SHA,
  T0,
} from '../../support/repo-state.js';

const NOW = new Date(Date.parse(T0) + 60 * 60 * 1000);
const renderers = {
  status: (view: StatusView) => {
    const text = `status ${view.verdict === null ? 'running' : 'ended'}`;
    return { body: text, signature: text };
  },
};

function plan(state: RepoState, now = NOW) {
  return planReconcile(state, now, renderers);
}

function ofKind<K extends Action['kind']>(actions: Action[], kind: K): Array<Extract<Action, { kind: K }>> {
  return actions.filter((action): action is Extract<Action, { kind: K }> => action.kind === kind);
}

describe('planReconcile: starting attempts', () => {
  it('claims and dispatches ready tasks within the run workers, each on its own branch and slot', () => {
    const state = aState({ issues: [anIssue(1), anIssue(2), anIssue(3)], run: aRun({ workers: 2 }) });
    const dispatches = ofKind(plan(state).actions, 'dispatch');
    expect(dispatches.map((d) => [d.task, d.attempt, d.slot, d.claimRef, d.workflowRef])).toEqual([
      [1, 1, 1, 'refs/heads/drover/1/attempt-1', 'drover/1/attempt-1'],
      [2, 1, 2, 'refs/heads/drover/2/attempt-1', 'drover/2/attempt-1'],
    ]);
    expect(dispatches[0]?.pinnedSha).toBe(MAIN_SHA);
    expect(dispatches[0]?.inputs).toEqual({
      task: '1',
      attempt: '1',
      run: 'run-1',
      mode: 'implement',
      slot: '1',
      'base-sha': MAIN_SHA,
    });
    expect(dispatches[0]?.runName).toBe('drover #1 attempt 1 · implement · slot 1');
  });

  it('counts claimed and running attempts against workers and never reuses their slots', () => {
    const running = anAttempt(1, {
      slot: 1,
      run: aRunState({ status: 'in_progress', conclusion: null }),
      result: null,
    });
    const claimed = anAttempt(1, {
      slot: 2,
      run: null,
      result: null,
      claimedAt: new Date(NOW.getTime() - 1000).toISOString(),
    });
    const state = aState({
      issues: [anIssue(1), anIssue(2), anIssue(3), anIssue(4)],
      run: aRun({ workers: 3 }),
      attempts: { 1: [running], 2: [claimed] },
    });
    const dispatches = ofKind(plan(state).actions, 'dispatch');
    expect(dispatches.map((d) => [d.task, d.slot])).toEqual([[3, 3]]);
  });

  it('never starts a task whose facts could not be read, and keeps its dependents waiting', () => {
    // A pass whose publish of #1 failed (its branch gone: another controller merged it) plans
    // again with #1 unknown: its attempts are unknown, so "attempt 1" would run the task twice.
    const state = aState({
      issues: [anIssue(1), anIssue(2, { labels: ['drover', 'blocked-by:#1'] }), anIssue(3)],
      run: aRun({ workers: 3 }),
      attempts: { 1: [anAttempt(1)] },
      unknownTasks: new Set([1]),
    });
    const dispatches = ofKind(plan(state).actions, 'dispatch');
    expect(dispatches.map((d) => [d.task, d.attempt])).toEqual([[3, 1]]);
  });

  it('never starts anything without an active run, or when it is paused, cancelled or ended', () => {
    const issues = [anIssue(1)];
    for (const run of [null, aRun({ paused: true }), aRun({ cancelled: true }), aRun({ endedAt: T0 })])
      expect(ofKind(plan(aState({ issues, run })).actions, 'dispatch')).toEqual([]);
  });

  it('numbers the next attempt above every claim, abandoned and void ones included', () => {
    const failed = anAttempt(1, { result: aResult({ status: 'failed', reason: 'tests failed' }) });
    const abandoned = anAttempt(2, { run: null, result: null, claimedAt: T0, abandonedAt: T0 });
    const state = aState({ issues: [anIssue(7)], attempts: { 7: [failed, abandoned] } });
    const [dispatch] = ofKind(plan(state).actions, 'dispatch');
    expect(dispatch).toMatchObject({ task: 7, attempt: 3 });
  });
});

describe('planReconcile: claims without a run', () => {
  const claimedAt = new Date(NOW.getTime() - 10_000).toISOString();
  const claim = (overrides = {}) => anAttempt(1, { run: null, result: null, claimedAt, ...overrides });

  it('wakes a second after the claim grace: the pass then finds the run, or the claim abandoned', () => {
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [claim()] } });
    const grace = state.config.claim_grace_seconds * 1000;
    expect(plan(state).nextWakeAt).toBe(new Date(Date.parse(claimedAt) + grace + 1000).toISOString());
    expect(ofKind(plan(state).actions, 'dispatch')).toEqual([]);
  });

  it('a claim found taken, its time not read yet: wakes in a moment to read it', () => {
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [claim({ claimedAt: null })] } });
    expect(plan(state).nextWakeAt).toBe(new Date(NOW.getTime() + 2000).toISOString());
  });

  it('abandoned: no wake for it, and the next attempt is claimed', () => {
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [claim({ abandonedAt: claimedAt })] } });
    expect(plan(state).nextWakeAt).toBeNull();
    expect(ofKind(plan(state).actions, 'dispatch')).toMatchObject([{ task: 1, attempt: 2 }]);
  });
});

describe('planReconcile: settling finished attempts', () => {
  it('publishes an unpublished success from its pinned commit, then opens its pull request', () => {
    const done = anAttempt(1);
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [done] }, patches: { '1/1': aPatch() } });
    const [publish] = ofKind(plan(state).actions, 'publish');
    expect(publish).toMatchObject({
      task: 1,
      attempt: 1,
      branch: 'drover/1/attempt-1',
      expectedHead: MAIN_SHA,
      partial: false,
    });
    expect(ofKind(plan(state).actions, 'dispatch')).toEqual([]);

    const published = aState({
      issues: [anIssue(1)],
      attempts: { 1: [{ ...done, publishedSha: 'c'.repeat(40) }] },
      patches: { '1/1': aPatch() },
    });
    const [open] = ofKind(plan(published).actions, 'open-pull-request');
    expect(open).toMatchObject({ head: 'drover/1/attempt-1', base: 'main', title: 'Task 1' });
  });

  it('keeps a failed attempt’s partial work on its branch and retries after the backoff', () => {
    const failed = anAttempt(1, {
      run: aRunState({ updatedAt: new Date(NOW.getTime() - 10_000).toISOString() }),
      result: aResult({ status: 'failed', reason: 'verify failed', partial: true }),
    });
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [failed] }, patches: { '1/1': aPatch() } });
    const result = plan(state);
    expect(ofKind(result.actions, 'publish')[0]).toMatchObject({
      partial: true,
      branch: 'drover/1/attempt-1',
    });
    const kept = aState({
      issues: [anIssue(1)],
      attempts: { 1: [{ ...failed, publishedSha: 'd'.repeat(40) }] },
    });
    const later = plan(kept);
    expect(ofKind(later.actions, 'dispatch')).toEqual([]);
    expect(later.nextWakeAt).toBe(new Date(NOW.getTime() - 10_000 + 60_000).toISOString());
    // Waiting to retry needs nobody: no note (the status comment shows it).
    expect(ofKind(later.actions, 'note').filter((note) => note.body !== null)).toEqual([]);
    expect(ofKind(plan(kept, new Date(NOW.getTime() + 60_000)).actions, 'dispatch')[0]).toMatchObject({
      attempt: 2,
    });
  });

  it('marks a task failed when its attempts are used up: a label and one note, no new attempt', () => {
    const fail = (n: number) => anAttempt(n, { result: aResult({ status: 'failed', reason: `boom ${n}` }) });
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [fail(1), fail(2), fail(3)] } });
    const result = plan(state);
    expect(ofKind(result.actions, 'dispatch')).toEqual([]);
    expect(ofKind(result.actions, 'label')).toEqual([
      { kind: 'label', task: 1, add: ['drover:failed'], remove: [] },
    ]);
    expect(ofKind(result.actions, 'note')[0]?.body).toContain('boom 3');
  });

  it('a retry override gives one more attempt', () => {
    const fail = (n: number) => anAttempt(n, { result: aResult({ status: 'failed', reason: 'boom' }) });
    const state = aState({
      issues: [anIssue(1, { labels: ['drover', 'drover:failed'] })],
      attempts: { 1: [fail(1), fail(2), fail(3)] },
      control: { overrides: { '1': { kind: 'retry', afterAttempt: 3, allowance: 1, by: 'alice', at: T0 } } },
    });
    const result = plan(state);
    expect(ofKind(result.actions, 'dispatch')[0]).toMatchObject({ task: 1, attempt: 4 });
    expect(ofKind(result.actions, 'label')).toEqual([
      { kind: 'label', task: 1, add: [], remove: ['drover:failed'] },
    ]);
  });
});

describe('planReconcile: pull requests', () => {
  const published = anAttempt(1, { publishedSha: 'b'.repeat(40) });

  it('merges a clean PR with its head sha, and waits (and looks again soon) while GitHub computes', () => {
    const clean = aState({
      issues: [anIssue(1)],
      attempts: { 1: [published] },
      pulls: { 1: [aPullRequest(10)] },
    });
    expect(ofKind(plan(clean).actions, 'merge')).toEqual([
      { kind: 'merge', task: 1, pullRequest: 10, method: 'squash', sha: 'b'.repeat(40) },
    ]);
    const computing = aState({
      issues: [anIssue(1)],
      attempts: { 1: [published] },
      pulls: { 1: [aPullRequest(10, { mergeState: 'unknown' })] },
    });
    const result = plan(computing);
    expect(ofKind(result.actions, 'merge')).toEqual([]);
    expect(result.nextWakeAt).toBe(new Date(NOW.getTime() + 3000).toISOString());
  });

  it('enables auto-merge when required checks are pending and only they count, once', () => {
    const blocked = (autoMergeEnabled: boolean) =>
      aState({
        configOverrides: { merge: { mode: 'auto', method: 'squash', checks: 'required' } },
        issues: [anIssue(1)],
        attempts: { 1: [published] },
        pulls: { 1: [aPullRequest(10, { mergeState: 'blocked', checks: 'pending', autoMergeEnabled })] },
      });
    expect(ofKind(plan(blocked(false)).actions, 'enable-auto-merge')).toHaveLength(1);
    expect(ofKind(plan(blocked(true)).actions, 'enable-auto-merge')).toHaveLength(0);
  });

  it('never merges red', () => {
    const unstable = aState({
      issues: [anIssue(1)],
      attempts: { 1: [published] },
      pulls: { 1: [aPullRequest(10, { mergeState: 'unstable', checks: 'failure' })] },
    });
    expect(ofKind(plan(unstable).actions, 'merge')).toEqual([]);
  });

  it('resolves a conflict with a planned attempt on the PR head, counted against workers', () => {
    const pr = aPullRequest(10, { mergeState: 'dirty', headSha: 'e'.repeat(40) });
    const state = aState({
      issues: [anIssue(1), anIssue(2)],
      run: aRun({ workers: 1 }),
      attempts: { 1: [published] },
      pulls: { 1: [pr] },
    });
    const dispatches = ofKind(plan(state).actions, 'dispatch');
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]).toMatchObject({
      task: 1,
      attempt: 2,
      attemptKind: 'resolve',
      claimRef: 'refs/drover/1/attempt-2',
      pinnedSha: 'e'.repeat(40),
      workflowRef: 'main',
    });
    expect(dispatches[0]?.inputs['pull-request']).toBe('10');
  });

  it('a PR closed without merging fails its attempt, and the task is tried again', () => {
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [{ ...published, run: aRunState({ updatedAt: T0 }) }] },
      pulls: { 1: [aPullRequest(10, { state: 'closed' })] },
    });
    expect(ofKind(plan(state).actions, 'dispatch')[0]).toMatchObject({ task: 1, attempt: 2 });
  });
});

describe('planReconcile: runs that cannot move, cancelled runs, broken config', () => {
  it('marks tasks on a cycle stuck, with a note, and ends the run with a verdict', () => {
    const ref = (number: number) => ({
      number,
      repo: 'acme/widgets',
      state: 'open' as const,
      stateReason: null,
    });
    const state = aState({
      issues: [anIssue(1, { blockedBy: [ref(2)] }), anIssue(2, { blockedBy: [ref(1)] })],
    });
    const result = plan(state);
    expect(result.verdict?.stuck.size).toBe(2);
    expect(ofKind(result.actions, 'label').map((action) => action.add)).toEqual([
      ['drover:stuck'],
      ['drover:stuck'],
    ]);
    expect(ofKind(result.actions, 'note')[0]?.body).toContain('cycle');
    expect(ofKind(result.actions, 'status')).toEqual([
      {
        kind: 'status',
        task: 0,
        body: 'status ended',
        signature: 'status ended',
        ended: 'stopped: 0 done, 2 need a person (0 failed, 0 blocked, 2 stuck)',
      },
    ]);
  });

  it('a task waiting on a stuck blocker is stuck too (transitively)', () => {
    const ref = (number: number) => ({
      number,
      repo: 'acme/widgets',
      state: 'open' as const,
      stateReason: null,
    });
    const state = aState({
      issues: [
        anIssue(1, { blockedBy: [ref(2)] }),
        anIssue(2, { blockedBy: [ref(1)] }),
        anIssue(3, { blockedBy: [ref(1)] }),
      ],
    });
    expect(plan(state).stuck.get(3)).toMatchObject({ why: 'blocker-stuck', on: [1] });
  });

  it('cancels the attempts under way when the run is cancelled', () => {
    const running = anAttempt(1, {
      run: aRunState({ id: 77, status: 'in_progress', conclusion: null }),
      result: null,
    });
    const state = aState({
      issues: [anIssue(1)],
      run: aRun({ cancelled: true }),
      attempts: { 1: [running] },
    });
    expect(ofKind(plan(state).actions, 'cancel-run')).toEqual([{ kind: 'cancel-run', task: 1, runId: 77 }]);
  });

  it('with a broken config only the status comment is written', () => {
    const state = aState({ issues: [anIssue(1)], configProblems: ['workers: "x" is not a number'] });
    expect(plan(state).actions.map((action) => action.kind)).toEqual(['status']);
  });

  it('cleans up a done task: its other attempts’ branches, labels and note', () => {
    const failed = anAttempt(1, { result: aResult({ status: 'failed' }) });
    const state = aState({
      issues: [anIssue(1, { state: 'closed', stateReason: 'completed', labels: ['drover', 'drover:stuck'] })],
      attempts: {
        1: [
          failed,
          anAttempt(2, { publishedSha: 'f'.repeat(40) }),
          // A resolve attempt's claim: a hidden ref, left to `drover prune`.
          anAttempt(3, { kind: 'resolve', publishedSha: 'e'.repeat(40) }),
        ],
      },
      pulls: { 1: [aPullRequest(10, { state: 'merged', headRef: 'drover/1/attempt-2' })] },
      notes: new Map([[1, { commentId: 5, body: 'old note' }]]),
    });
    const actions = plan(state).actions;
    expect(ofKind(actions, 'delete-ref')).toEqual([
      { kind: 'delete-ref', task: 1, ref: 'refs/heads/drover/1/attempt-1' },
    ]);
    expect(ofKind(actions, 'note')).toEqual([{ kind: 'note', task: 1, body: null }]);
    expect(ofKind(actions, 'label')).toEqual([{ kind: 'label', task: 1, add: [], remove: ['drover:stuck'] }]);
  });
});

describe('planReconcile: the status comment', () => {
  it('is written when it changed and the interval passed, else the plan wakes up when it has', () => {
    const issues = [anIssue(1)];
    const recent = new Date(NOW.getTime() - 10_000).toISOString();
    const fresh = plan(
      aState({ issues, status: { commentId: 500, body: 'old', signature: 'old', writtenAt: recent } }),
    );
    expect(ofKind(fresh.actions, 'status')).toEqual([]);
    expect(fresh.nextWakeAt).toBe(new Date(NOW.getTime() + 50_000).toISOString());
    const due = plan(
      aState({ issues, status: { commentId: 500, body: 'old', signature: 'old', writtenAt: T0 } }),
    );
    expect(ofKind(due.actions, 'status')).toHaveLength(1);
  });
});

describe('planReconcile: the Projects board', () => {
  const field = {
    projectId: 'P',
    fieldId: 'F',
    options: {
      Todo: 'o1',
      Ready: 'o2',
      'In progress': 'o3',
      'In review': 'o4',
      Done: 'o5',
      Blocked: 'o6',
      Failed: 'o7',
    },
  };
  const project = {
    owner: 'acme',
    number: 1,
    field: 'Status',
    statuses: {
      todo: 'Todo',
      ready: 'Ready',
      in_progress: 'In progress',
      in_review: 'In review',
      done: 'Done',
      blocked: 'Blocked',
      failed: 'Failed',
    },
  };

  it('moves each card whose option differs from its phase, and no other', () => {
    const running = anAttempt(1, {
      run: aRunState({ status: 'in_progress', conclusion: null }),
      result: null,
    });
    const state = aState({
      issues: [anIssue(1, { nodeId: 'I1' }), anIssue(2, { nodeId: 'I2' }), anIssue(3, { nodeId: 'I3' })],
      run: aRun({ workers: 1 }),
      attempts: { 1: [running] },
      configOverrides: { project },
      project: {
        field,
        problem: null,
        statuses: new Map([
          ['I1', 'In progress'],
          ['I2', 'Todo'],
        ]),
      },
    });
    expect(ofKind(plan(state).actions, 'project-status')).toEqual([
      { kind: 'project-status', task: 2, nodeId: 'I2', option: 'Ready' },
      { kind: 'project-status', task: 3, nodeId: 'I3', option: 'Ready' },
    ]);
  });
});
