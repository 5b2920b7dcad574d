/**
 * The planner's attempts on a task's pull request besides resolve: a fix when checks hold the
 * merge (bounded by max_fix_attempts, then the task fails), a revise for a trusted request, its
 * answer once the attempt is over, and the budget over follow-ups.
 */
import { describe, expect, it } from '@jest/globals';
import { checksHoldMerge } from '../../../core/merge-policy.js';
import type { Action } from '../../../core/plan/actions.js';
import { planReconcile, type StatusView } from '../../../core/plan/plan-reconcile.js';
import type { RepoState } from '../../../core/repo-state.js';
import { defaultConfig } from '../../../core/config.js';
import { aPullRequest, aResult, aRun, aState, anAttempt, anIssue, T0 } from '../../support/repo-state.js';

const NOW = new Date(Date.parse(T0) + 60 * 60 * 1000);
const HEAD = 'b'.repeat(40);
const renderers = {
  status: (view: StatusView) => ({ body: 'status', signature: `status ${view.verdict === null}` }),
};

const plan = (state: RepoState) => planReconcile(state, NOW, renderers);
const ofKind = <K extends Action['kind']>(actions: Action[], kind: K) =>
  actions.filter((action): action is Extract<Action, { kind: K }> => action.kind === kind);

const implemented = anAttempt(1, { publishedSha: HEAD });
const red = aPullRequest(10, {
  mergeState: 'unstable',
  checks: 'failure',
  failedChecks: [{ name: 'test', conclusion: 'failure' }],
});
const fixAttempt = (number: number, overrides: Parameters<typeof anAttempt>[1] = {}) =>
  anAttempt(number, { kind: 'fix', pinnedSha: HEAD, pullRequest: 10, ...overrides });

describe('checksHoldMerge', () => {
  const merge = defaultConfig().merge;
  it('holds a PR whose required checks failed, and with merge.checks: all any failed check', () => {
    expect(checksHoldMerge(aPullRequest(1, { mergeState: 'blocked', checks: 'failure' }), merge)).toBe(true);
    expect(checksHoldMerge(red, merge)).toBe(true);
    expect(checksHoldMerge(red, { ...merge, checks: 'required' })).toBe(false);
    expect(checksHoldMerge(aPullRequest(1, { mergeState: 'clean', checks: 'failure' }), merge)).toBe(true);
  });

  it('leaves pending, green, conflicting, behind and uncomputed PRs alone', () => {
    expect(checksHoldMerge(aPullRequest(1, { mergeState: 'unstable', checks: 'pending' }), merge)).toBe(
      false,
    );
    expect(checksHoldMerge(aPullRequest(1), merge)).toBe(false);
    for (const mergeState of ['dirty', 'behind', 'unknown', 'draft'] as const)
      expect(checksHoldMerge(aPullRequest(1, { mergeState, checks: 'failure' }), merge)).toBe(false);
  });
});

describe('fix attempts', () => {
  it('starts a fix on the PR head when checks fail, and never merges red', () => {
    const state = aState({ issues: [anIssue(1)], attempts: { 1: [implemented] }, pulls: { 1: [red] } });
    const result = plan(state);
    expect(ofKind(result.actions, 'merge')).toEqual([]);
    const [dispatch] = ofKind(result.actions, 'dispatch');
    expect(dispatch).toMatchObject({
      task: 1,
      attempt: 2,
      attemptKind: 'fix',
      pinnedSha: HEAD,
      claimRef: 'refs/drover/1/attempt-2',
      workflowRef: 'main',
    });
    expect(dispatch?.inputs).toMatchObject({ mode: 'fix', 'pull-request': '10', 'base-sha': HEAD });
    expect(result.reviewWaits.get(1)).toBe('fixing');
  });

  it('does not fix a head a fix was already published from (the PR as read is older)', () => {
    const published = fixAttempt(2, { publishedSha: 'c'.repeat(40) });
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented, published] },
      pulls: { 1: [red] },
    });
    expect(ofKind(plan(state).actions, 'dispatch')).toEqual([]);
  });

  it('fails the task once max_fix_attempts fixes are used, naming the failing check, and keeps the PR', () => {
    const fixes = [
      fixAttempt(2, { publishedSha: 'd'.repeat(40) }),
      fixAttempt(3, { publishedSha: 'e'.repeat(40) }),
    ];
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented, ...fixes] },
      pulls: { 1: [aPullRequest(10, { ...red, headSha: 'f'.repeat(40) })] },
    });
    const result = plan(state);
    expect(result.progress.get(1)?.phase).toBe('failed');
    expect(result.progress.get(1)?.failure).toContain('after 2 fix attempts: test (failure)');
    expect(ofKind(result.actions, 'dispatch')).toEqual([]);
    expect(ofKind(result.actions, 'label')[0]).toMatchObject({ task: 1, add: ['drover:failed'] });
    expect(ofKind(result.actions, 'note')[0]?.body).toContain('fix attempts are used up');
  });

  it('with max_fix_attempts: 0 a red PR fails its task at once', () => {
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented] },
      pulls: { 1: [red] },
      configOverrides: { max_fix_attempts: 0 },
    });
    expect(plan(state).progress.get(1)?.phase).toBe('failed');
  });

  it('a retry gives more fix attempts', () => {
    const fixes = [
      fixAttempt(2, { publishedSha: 'd'.repeat(40) }),
      fixAttempt(3, { publishedSha: 'e'.repeat(40) }),
    ];
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented, ...fixes] },
      pulls: { 1: [aPullRequest(10, { ...red, headSha: 'f'.repeat(40) })] },
      control: { overrides: { '1': { kind: 'retry', afterAttempt: 3, allowance: 1, by: 'me', at: T0 } } },
    });
    expect(ofKind(plan(state).actions, 'dispatch')[0]).toMatchObject({ attemptKind: 'fix', attempt: 4 });
  });

  it('holds fix attempts at the run budget like every other attempt', () => {
    const costly = anAttempt(1, { publishedSha: HEAD, result: aResult({ costUsd: 5 }) });
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [costly] },
      pulls: { 1: [red] },
      run: aRun({ budgetUsd: 5 }),
    });
    expect(ofKind(plan(state).actions, 'dispatch')).toEqual([]);
    const under: RepoState = { ...state, control: { ...state.control, run: aRun({ budgetUsd: 7 }) } };
    expect(ofKind(plan(under).actions, 'dispatch')[0]?.inputs['budget-usd']).toBe('2.00');
  });
});

describe('revise attempts', () => {
  const green = aPullRequest(10);
  const request = { task: 1, pullRequest: 10, by: 'maintainer', at: T0, afterAttempt: 1 };

  it('starts a revise for a request before merging, with the request as its feedback', () => {
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented] },
      pulls: { 1: [green] },
      control: { revisions: { 'review:77': request } },
    });
    const result = plan(state);
    expect(ofKind(result.actions, 'merge')).toEqual([]);
    expect(ofKind(result.actions, 'dispatch')[0]).toMatchObject({
      attemptKind: 'revise',
      attempt: 2,
      pinnedSha: HEAD,
      inputs: { mode: 'revise', feedback: 'review:77', 'pull-request': '10' },
    });
  });

  it('answers the request once its attempt pushed, and merges after', () => {
    const revised = anAttempt(2, { kind: 'revise', pinnedSha: HEAD, publishedSha: 'c'.repeat(40) });
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented, revised] },
      pulls: { 1: [aPullRequest(10, { headSha: 'c'.repeat(40) })] },
      control: { revisions: { 'review:77': request } },
    });
    const result = plan(state);
    expect(ofKind(result.actions, 'finish-revision')).toEqual([
      {
        kind: 'finish-revision',
        task: 1,
        key: 'review:77',
        pullRequest: 10,
        by: 'maintainer',
        outcome: 'revised',
        sha: 'c'.repeat(40),
        reason: null,
      },
    ]);
    expect(ofKind(result.actions, 'dispatch')).toEqual([]);
    expect(ofKind(result.actions, 'merge')).toHaveLength(1);
  });

  it('answers a failed revision with its reason, and drops a request whose PR closed', () => {
    const failed = anAttempt(2, {
      kind: 'revise',
      pinnedSha: HEAD,
      result: aResult({ status: 'failed', reason: 'the agent made no changes' }),
    });
    const state = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented, failed] },
      pulls: { 1: [green] },
      control: { revisions: { 'comment:5': request } },
    });
    expect(ofKind(plan(state).actions, 'finish-revision')[0]).toMatchObject({
      outcome: 'failed',
      reason: 'the agent made no changes',
    });
    const closed = aState({
      issues: [anIssue(1)],
      attempts: { 1: [implemented] },
      pulls: { 1: [aPullRequest(10, { state: 'closed' })] },
      control: { revisions: { 'comment:5': request } },
    });
    expect(ofKind(plan(closed).actions, 'finish-revision')[0]).toMatchObject({ outcome: 'dropped' });
  });
});
