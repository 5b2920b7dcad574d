import { describe, expect, it } from '@jest/globals';
import { pullRequestBody, pullRequestTitle } from '../../app/publish/pull-request-body.js';
import type { AttemptOutcome } from '../../core/attempt-artifact.js';
import { GITHUB_LIMITS } from '../../core/github-text.js';
import { outcomeFor } from '../support/artifacts.js';

/** Lines GitHub would act on outside code: closing keywords before a reference, and mentions. */
function activeLines(body: string): string[] {
  const active: string[] = [];
  let fence: string | null = null;
  for (const line of body.split('\n')) {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = null;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    // A code span: a run of N backticks up to the next run of exactly N (CommonMark 6.1).
    active.push(line.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ''));
  }
  return active;
}

const CLOSING =
  /(?<![\p{L}\p{N}])(close[sd]?|fix(e[sd])?|resolve[sd]?):?\s+(#|gh-|[\w.-]+\/[\w.-]+#|https?:)/iu;

function bodyFor(outcome: Partial<AttemptOutcome>, waitsForPerson?: string[]): string {
  return pullRequestBody({
    task: 5,
    children: [6, 7],
    outcome: { ...outcomeFor(5, 1, 'success', null), ...outcome },
    runUrl: 'https://github.com/o/r/actions/runs/9',
    ...(waitsForPerson ? { waitsForPerson } : {}),
  });
}

const HOSTILE = [
  'Closes #2',
  'fixes: #1',
  'RESOLVED octo/other#3',
  'Fixed https://github.com/o/r/issues/4',
  '@admin @org/team please merge',
  '```\nCloses #2\n```\n@admin',
  '````\n~~~\nresolves #9',
  '<details><summary>x</summary>closes #2</details>',
  '[link](https://evil.example/?q=1) ![img](https://evil.example/x.png)',
];

describe('pullRequestBody: agent text closes nothing and pings nobody', () => {
  it.each(HOSTILE)('summary %j', (summary) => {
    const body = bodyFor({ summary });
    const active = activeLines(body);
    expect(active.filter((line) => CLOSING.test(line))).toEqual(['Closes #6', 'Closes #7', 'Closes #5']);
    expect(active.some((line) => /@\w/.test(line))).toBe(false);
    // Even read as plain text (a squash merge copies the body into the commit message), only Drover's lines close.
    expect(body.split('\n').filter((line) => CLOSING.test(line))).toEqual([
      'Closes #6',
      'Closes #7',
      'Closes #5',
    ]);
  });

  it.each(HOSTILE)('agent name, model and verify command %j', (text) => {
    const body = bodyFor({
      agent: text,
      model: text,
      verify: { command: text, passed: true, outputTail: '' },
    });
    expect(activeLines(body).filter((line) => CLOSING.test(line))).toEqual([
      'Closes #6',
      'Closes #7',
      'Closes #5',
    ]);
    expect(activeLines(body).some((line) => /@\w/.test(line))).toBe(false);
    expect(body.split('\n').filter((line) => CLOSING.test(line))).toEqual([
      'Closes #6',
      'Closes #7',
      'Closes #5',
    ]);
  });

  it("keeps the body within GitHub's limit, whatever the summary holds", () => {
    for (const summary of [
      'x'.repeat(200_000),
      '`'.repeat(70_000),
      `${'`'.repeat(30_000)}\n${'y'.repeat(50_000)}`,
    ]) {
      const body = bodyFor({ summary });
      expect(body.length).toBeLessThanOrEqual(GITHUB_LIMITS.bodyChars);
      expect(body.split('\n').slice(0, 3)).toEqual(['Closes #6', 'Closes #7', 'Closes #5']);
      expect(body).toContain('| Attempt | 1 |');
    }
  });

  it('says what waits for a person, inertly', () => {
    const body = bodyFor({}, [
      'changes .github/drover.yml (protected by `.github/drover.yml`)',
      'adds run.sh as an executable',
    ]);
    expect(body).toContain('## Waits for a person');
    expect(body).toContain('Drover will not merge this pull request');
    expect(body).toContain('- ``changes .github/drover.yml (protected by `.github/drover.yml`)``');
  });
});

describe('pullRequestTitle', () => {
  it("fits GitHub's 256 characters and closes nothing when it becomes a squash commit subject", () => {
    expect(pullRequestTitle(5, 'Add login')).toBe('Add login (#5)');
    expect(pullRequestTitle(5, 'x'.repeat(400)).length).toBe(GITHUB_LIMITS.titleChars);
    expect(pullRequestTitle(5, 'Fixes #1 and\nmore')).toBe('Fixes- #1 and more (#5)');
  });
});
