import { describe, expect, it } from '@jest/globals';
import { decideMerge } from '../../core/merge-policy.js';
import type { DroverConfig } from '../../core/config.js';
import { aPullRequest } from '../support/repo-state.js';

const all: DroverConfig['merge'] = { mode: 'auto', method: 'squash', checks: 'all' };
const required: DroverConfig['merge'] = { ...all, checks: 'required' };
const allowed = { autoMergeAllowed: true };
const sha = 'b'.repeat(40);

describe('the merge policy', () => {
  it.each([
    [
      'clean, checks green',
      { mergeState: 'clean', checks: 'success' },
      all,
      { kind: 'merge', method: 'squash', sha },
    ],
    [
      'clean, no checks at all',
      { mergeState: 'clean', checks: 'none' },
      all,
      { kind: 'merge', method: 'squash', sha },
    ],
    [
      'has hooks',
      { mergeState: 'has_hooks', checks: 'success' },
      all,
      { kind: 'merge', method: 'squash', sha },
    ],
    ['GitHub still computing', { mergeState: 'unknown' }, all, { kind: 'wait', why: 'computing' }],
    ['a draft', { mergeState: 'draft' }, all, { kind: 'wait', why: 'draft' }],
    ['conflicting', { mergeState: 'dirty' }, all, { kind: 'resolve' }],
    ['behind a strict base', { mergeState: 'behind' }, all, { kind: 'update-branch', sha }],
    [
      'unstable: a check failed',
      { mergeState: 'unstable', checks: 'failure' },
      all,
      { kind: 'wait', why: 'checks-failed' },
    ],
    [
      'unstable: a check still runs',
      { mergeState: 'unstable', checks: 'pending' },
      all,
      { kind: 'wait', why: 'checks-pending' },
    ],
    [
      'unstable, only required checks count',
      { mergeState: 'unstable', checks: 'failure' },
      required,
      { kind: 'merge', method: 'squash', sha },
    ],
    [
      'blocked on pending required checks (all count)',
      { mergeState: 'blocked', checks: 'pending' },
      all,
      { kind: 'wait', why: 'checks-pending' },
    ],
    [
      'blocked on pending required checks (required count)',
      { mergeState: 'blocked', checks: 'pending' },
      required,
      { kind: 'enable-auto-merge', method: 'squash', sha },
    ],
    [
      'blocked with auto-merge armed',
      { mergeState: 'blocked', checks: 'pending', autoMergeEnabled: true },
      required,
      { kind: 'wait', why: 'auto-merge-armed' },
    ],
    [
      'blocked by a failed required check',
      { mergeState: 'blocked', checks: 'failure' },
      required,
      { kind: 'wait', why: 'checks-failed' },
    ],
    [
      'waiting for a person (protected paths)',
      { mergeState: 'clean', holdReason: 'changes CODEOWNERS' },
      all,
      { kind: 'wait', why: 'person' },
    ],
  ] as const)('%s', (_name, pr, merge, decision) => {
    expect(decideMerge(aPullRequest(1, { headSha: sha, ...pr }), merge, allowed)).toEqual(decision);
  });

  it('merges nothing in manual mode, and nothing that is not open', () => {
    expect(decideMerge(aPullRequest(1), { ...all, mode: 'manual' }, allowed)).toEqual({
      kind: 'wait',
      why: 'manual',
    });
    expect(decideMerge(aPullRequest(1, { state: 'merged' }), all, allowed)).toBeNull();
  });

  it('waits for checks when the repository does not allow auto-merge', () => {
    const pr = aPullRequest(1, { mergeState: 'blocked', checks: 'pending' });
    expect(decideMerge(pr, required, { autoMergeAllowed: false })).toEqual({
      kind: 'wait',
      why: 'checks-pending',
    });
  });
});
