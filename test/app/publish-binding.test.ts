import { describe, expect, it } from '@jest/globals';
import { checkPublishBinding, type DispatchedAttempt } from '../../app/publish/publish-binding.js';

const PINNED = '1'.repeat(40);
const FORK = 'f'.repeat(40);
const PR_HEAD = '2'.repeat(40);
const MAIN_HEAD = '3'.repeat(40);
const OLD_MAIN = '4'.repeat(40);

const implement = (baseSha: string, mergeParentSha: string | null = null) => ({
  patch: { mode: 'implement' as const, baseSha, mergeParentSha },
});
const resolve = (baseSha: string, mergeParentSha: string | null) => ({
  patch: { mode: 'resolve' as const, baseSha, mergeParentSha },
});
const resolveDispatch: DispatchedAttempt = {
  kind: 'resolve',
  pullRequestHeadSha: PR_HEAD,
  baseBranchHeadSha: MAIN_HEAD,
};

describe('checkPublishBinding', () => {
  it.each(['implement', 'fix', 'revise'] as const)(
    'accepts a %s patch based on the pinned commit',
    async (kind) => {
      await expect(checkPublishBinding({ kind, baseSha: PINNED }, implement(PINNED))).resolves.toEqual({
        ok: true,
      });
    },
  );

  it('refuses a base other than the pinned commit (a fork commit, the current head, anything)', async () => {
    for (const base of [FORK, MAIN_HEAD, PR_HEAD]) {
      await expect(
        checkPublishBinding({ kind: 'implement', baseSha: PINNED }, implement(base)),
      ).resolves.toEqual({
        ok: false,
        reason: `The patch was refused: it starts from ${base}, not from ${PINNED}, the commit pinned when the attempt was dispatched.`,
      });
    }
  });

  it('refuses an outcome whose base disagrees with the pinned commit', async () => {
    const result = await checkPublishBinding(
      { kind: 'implement', baseSha: PINNED },
      { ...implement(PINNED), outcome: { baseSha: FORK } },
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/outcome names base/) });
  });

  it('refuses a merge parent outside resolve mode', async () => {
    const result = await checkPublishBinding({ kind: 'fix', baseSha: PINNED }, implement(PINNED, MAIN_HEAD));
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only a resolve attempt may make a merge commit/),
    });
  });

  it('refuses a patch whose mode is not the dispatched one', async () => {
    await expect(
      checkPublishBinding({ kind: 'implement', baseSha: PINNED }, resolve(PINNED, MAIN_HEAD)),
    ).resolves.toMatchObject({ ok: false });
    await expect(checkPublishBinding(resolveDispatch, implement(PR_HEAD))).resolves.toMatchObject({
      ok: false,
    });
  });

  it('accepts a resolve based on the recorded PR head that merges the base branch head', async () => {
    await expect(checkPublishBinding(resolveDispatch, resolve(PR_HEAD, MAIN_HEAD))).resolves.toEqual({
      ok: true,
    });
  });

  it('refuses a resolve based on anything but the recorded PR head, or merging nothing', async () => {
    await expect(checkPublishBinding(resolveDispatch, resolve(PINNED, MAIN_HEAD))).resolves.toMatchObject({
      ok: false,
    });
    await expect(checkPublishBinding(resolveDispatch, resolve(PR_HEAD, null))).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/merges nothing/),
    });
  });

  it('accepts an ancestor of the base branch head only when the caller can check ancestry', async () => {
    await expect(checkPublishBinding(resolveDispatch, resolve(PR_HEAD, OLD_MAIN))).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nor known to be an ancestor/),
    });
    const asked: Array<[string, string]> = [];
    const isAncestor = async (ancestor: string, descendant: string) => {
      asked.push([ancestor, descendant]);
      return ancestor === OLD_MAIN;
    };
    await expect(
      checkPublishBinding(resolveDispatch, resolve(PR_HEAD, OLD_MAIN), isAncestor),
    ).resolves.toEqual({ ok: true });
    await expect(
      checkPublishBinding(resolveDispatch, resolve(PR_HEAD, FORK), isAncestor),
    ).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/neither the base branch head .* nor an ancestor of it/),
    });
    expect(asked).toEqual([
      [OLD_MAIN, MAIN_HEAD],
      [FORK, MAIN_HEAD],
    ]);
  });
});
