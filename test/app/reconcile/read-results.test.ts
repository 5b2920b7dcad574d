/**
 * What a controller concludes from a finished attempt it learns of late. Found by the chaos seed:
 * another controller wrote the attempt's work, opened its PR and merged it, and GitHub deleted the
 * branch (`delete_branch_on_merge`), all before this controller read the attempt's result. Taking
 * the missing branch for a lost claim, it failed the attempt and ran the done task a third time.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { readResults } from '../../../app/reconcile/observe/read-results.js';
import { RepoSession } from '../../../app/reconcile/repo-session.js';
import { defaultConfig } from '../../../core/config.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import { attemptZip, outcomeFor, patchFor } from '../../support/artifacts.js';
import { aPullRequest, aRunState, anAttempt, MAIN_SHA } from '../../support/repo-state.js';

function world(pullFromBranch: ReturnType<typeof aPullRequest> | null) {
  const session = new RepoSession('acme/widgets');
  session.putAttempt(1, anAttempt(2, { result: null, pinnedSha: null, run: aRunState({ id: 61 }) }));
  const findByHead = jest.fn(async (_branch: string) => pullFromBranch);
  const gateway = {
    runs: {
      artifact: async () => ({
        kind: 'found',
        zip: attemptZip(outcomeFor(1, 2, 'success', null), patchFor(1)),
      }),
    },
    refs: { get: async () => null },
    pulls: { findByHead },
  } as unknown as RepoGateway;
  return { session, gateway, findByHead };
}

const options = { config: defaultConfig(), now: new Date(), defaultBranchSha: MAIN_SHA };

describe('an implement attempt whose branch is gone', () => {
  test('its merged PR is found: the work is written, the attempt stays a success, the issue is read again', async () => {
    const merged = aPullRequest(9, {
      state: 'merged',
      headRef: 'drover/1/attempt-2',
      headSha: 'c'.repeat(40),
    });
    const { session, gateway, findByHead } = world(merged);
    await expect(readResults(gateway, session, options)).resolves.toEqual({ unknown: new Set(), errors: [] });
    const attempt = session.attemptsOf(1).get(2)!;
    expect(findByHead).toHaveBeenCalledWith('drover/1/attempt-2');
    expect(attempt.result?.status).toBe('success');
    expect(attempt.publishedSha).toBe('c'.repeat(40));
    expect(session.pulls.get(1)).toEqual([merged]);
    expect(session.changedIssues.has(1)).toBe(true);
  });

  test('no PR from it either: the claim is gone, and the attempt failed with that reason', async () => {
    const { session, gateway } = world(null);
    await readResults(gateway, session, options);
    const attempt = session.attemptsOf(1).get(2)!;
    expect(attempt.result).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('claim is gone'),
    });
    expect(attempt.publishedSha).toBeNull();
  });
});
