import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../core/config.js';
import { taskBranch, titleSlug, wipBranch } from '../../app/publish/branch-names.js';
import { checkPatch } from '../../app/publish/check-patch.js';
import { pullRequestBody } from '../../app/publish/pull-request-body.js';
import { readAttemptArtifact } from '../../app/publish/read-attempt-artifact.js';
import { attemptZip, outcomeFor, patchFor } from './fake-gateway.js';

const limits = defaultConfig().patch;

describe('branch names', () => {
  it('slugs titles to ascii, lower case, at most 40 characters', () => {
    expect(titleSlug('Café: add the “login” page!')).toBe('cafe-add-the-login-page');
    expect(titleSlug('x'.repeat(60)).length).toBe(40);
    expect(titleSlug('日本語')).toBe('task');
    expect(taskBranch(12, 'Fix it')).toBe('drover/12-fix-it');
    expect(wipBranch(12, 2)).toBe('drover/wip/12-attempt-2');
  });
});

describe('checkPatch (the current loop: no base tree, protected paths refused)', () => {
  const scope = (task: number) => ({ task, subIssues: [], attempt: 1, agent: 'command' });

  it.each([
    ['../etc/passwd', /"\.\." component/],
    ['/abs/file', /empty component/],
    ['src/.git/config', /git's own metadata/],
    ['.GIT/hooks/pre-commit', /git's own metadata/],
    ['a\\b', /backslash/],
    ['./src//a.ts', /"\." component|empty component/],
  ])('refuses %s', (path, reason) => {
    const checked = checkPatch(patchFor(1, path), limits, scope(1));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });

  it('refuses workflow changes unless the config allows them, and then still refuses what only a person may merge', () => {
    expect(checkPatch(patchFor(1, '.github/workflows/ci.yml'), limits, scope(1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/allow_workflow_changes/),
    });
    expect(
      checkPatch(
        patchFor(1, '.github/workflows/ci.yml'),
        { ...limits, allow_workflow_changes: true },
        scope(1),
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/only a person may merge/) });
  });

  it('refuses patches over the size or file limits', () => {
    expect(checkPatch(patchFor(1), { ...limits, max_bytes: 3 }, scope(1)).ok).toBe(false);
    expect(checkPatch(patchFor(1), { ...limits, max_files: 0 }, scope(1)).ok).toBe(false);
  });

  it('returns the patch with the trailers the app writes', () => {
    const checked = checkPatch(patchFor(1), limits, scope(1));
    expect(checked.ok && checked.patch.commits[0]?.message).toBe(
      'Implement #1\n\nDrover-Task: 1\nDrover-Attempt: 1\nDrover-Agent: command\n',
    );
  });
});

describe('readAttemptArtifact', () => {
  it('reads and validates outcome and patch', () => {
    const contents = readAttemptArtifact(attemptZip(outcomeFor(4, 2, 'success', null), patchFor(4)), {
      task: 4,
      attempt: 2,
    });
    expect(contents).toMatchObject({
      ok: true,
      outcome: { task: 4, status: 'success' },
      patch: { mode: 'implement' },
    });
  });

  it('turns a wrong attempt, a bad zip or an invalid outcome into a reason', () => {
    expect(
      readAttemptArtifact(attemptZip(outcomeFor(4, 1, 'success', null), null), { task: 4, attempt: 2 }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not #4 attempt 2/) });
    expect(readAttemptArtifact(Buffer.from('not a zip'), { task: 4, attempt: 2 })).toMatchObject({
      ok: false,
    });
    const bad = { ...outcomeFor(4, 2, 'success', null), status: 'great' } as unknown as ReturnType<
      typeof outcomeFor
    >;
    expect(readAttemptArtifact(attemptZip(bad, null), { task: 4, attempt: 2 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outcome\.json is invalid/),
    });
  });
});

describe('pullRequestBody', () => {
  it('closes the task and each child, and reports summary, cost, turns and the run', () => {
    const body = pullRequestBody({
      task: 5,
      children: [6, 7],
      outcome: outcomeFor(5, 1, 'success', null),
      runUrl: 'https://x/runs/9',
    });
    expect(body.split('\n').slice(0, 3)).toEqual(['Closes #6', 'Closes #7', 'Closes #5']);
    expect(body).toContain('```text\nImplemented #5\n```');
    expect(body).toContain('$0.25');
    expect(body).toContain('| Turns | 3 |');
    expect(body).toContain('https://x/runs/9');
  });
});
