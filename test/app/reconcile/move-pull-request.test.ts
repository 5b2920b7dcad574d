/**
 * Two PRs found mergeable in one pass, the first merged: the second may conflict with the new
 * base. GitHub would refuse its merge (405) once the first one changed a path it changes too;
 * the apply step waits for GitHub's new answer instead of spending the write. PRs whose paths
 * are disjoint cannot conflict and merge in the same round.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { silentLogger, type ApplyContext } from '../../../app/reconcile/apply/apply-context.js';
import { applyActions } from '../../../app/reconcile/apply/apply-actions.js';
import { RepoSession, type PassFacts } from '../../../app/reconcile/repo-session.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { MergeAction } from '../../../core/plan/actions.js';
import type { TaskPullRequest } from '../../../core/pull-request-state.js';

function pull(task: number): TaskPullRequest {
  return {
    number: 100 + task,
    nodeId: `PR_${task}`,
    url: `https://github.com/o/r/pull/${100 + task}`,
    state: 'open',
    headRef: `drover/${task}/attempt-1`,
    headSha: `head${task}`,
    baseRef: 'main',
    mergeState: 'clean',
    checks: 'success',
    autoMergeEnabled: false,
    reviewDecision: null,
    holdReason: null,
  };
}

const merge = (task: number): MergeAction => ({
  kind: 'merge',
  task,
  pullRequest: 100 + task,
  method: 'squash',
  sha: `head${task}`,
});

function context(paths: Record<number, string[] | undefined>) {
  const session = new RepoSession('o/r');
  for (const [task, list] of Object.entries(paths)) {
    session.pulls.set(Number(task), [pull(Number(task))]);
    if (list !== undefined) session.publishedPaths.set(Number(task), new Set(list));
  }
  const mergeCall = jest.fn(async (number: number) => ({ kind: 'merged' as const, sha: `m${number}` }));
  const apply: ApplyContext = {
    gateway: { pulls: { merge: mergeCall } } as unknown as RepoGateway,
    session,
    facts: {} as PassFacts,
    now: () => new Date(),
    log: silentLogger,
  };
  return { apply, mergeCall, session };
}

describe('merging several PRs in one round', () => {
  test('a PR that changes a path the merged one changed waits for GitHub; a disjoint one merges', async () => {
    const { apply, mergeCall, session } = context({
      6: ['src/count-chars.js', 'src/index.js'],
      7: ['src/reverse.js', 'src/index.js'],
      8: ['src/pad.js', 'test/pad.test.js'],
    });
    const applied = await applyActions(apply, [merge(6), merge(7), merge(8)]);
    expect(mergeCall.mock.calls.map(([number]) => number)).toEqual([106, 108]);
    expect(applied.map((result) => result.ok && result.detail)).toEqual([
      'merged m106',
      'not merged yet: the base moved, GitHub computes its mergeability again',
      'merged m108',
    ]);
    expect(session.pulls.get(7)?.[0]?.mergeState).toBe('unknown');
  });

  test('a deleted directory overlaps the files below it', async () => {
    const { apply, mergeCall } = context({ 1: ['docs'], 2: ['docs/guide.md'] });
    await applyActions(apply, [merge(1), merge(2)]);
    expect(mergeCall).toHaveBeenCalledTimes(1);
  });

  test('paths this process does not know (published before a restart): the others wait for GitHub', async () => {
    const { apply, mergeCall } = context({ 1: undefined, 2: ['b.js'], 3: ['c.js'] });
    await applyActions(apply, [merge(1), merge(2), merge(3)]);
    expect(mergeCall.mock.calls.map(([number]) => number)).toEqual([101]);
  });
});
