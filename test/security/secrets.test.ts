/**
 * Class 9 of issue #10, end to end, the app's side: a compromised job skips the action's scan and
 * uploads known token formats in a file, a path, a commit message or the summary. The app scans
 * again before it writes anything: the patch is refused, the finding never repeats the value, and
 * nothing reaches the default branch. (Configured keys in encoded form are the action's scan, with
 * the key it holds: test/core/secret-scan.test.ts; docs/security.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitOf,
  defaultBranchUntouched,
  nothingWrittenFor,
  runHostile,
  toldAbout,
  write,
  type HostileCase,
  type HostileRun,
} from './hostile-world.js';

// Built at run time, so this file holds no token-shaped literal.
const alnum = (n: number) => Array.from({ length: n }, (_, i) => 'aB3xY9kQ7'[i % 9]).join('');
const GITHUB = `gh${'s'}_${alnum(36)}`;
const ANTHROPIC = `sk-${'ant'}-api03-${alnum(40)}`;
const AWS = `AK${'IA'}${'Q3EGRT7PZ4MN2XWL'}`;
const PEM = `-----BEGIN ${'RSA PRIVATE'} KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n`;

const cases: Array<HostileCase & { secret: string; told: string }> = [
  {
    name: 'a GitHub token in a file',
    patch: commitOf([write('src/config.js', `export const token = '${GITHUB}';\n`)]),
    secret: GITHUB,
    told: 'GitHub token',
  },
  {
    name: 'an Anthropic key in the summary',
    outcome: { summary: `Done. Key: ${ANTHROPIC}` },
    secret: ANTHROPIC,
    told: 'Anthropic key',
  },
  {
    name: 'an AWS key id in a commit message',
    patch: commitOf([write('notes/a.md', 'a\n')], `Add notes\n\n${AWS}`),
    secret: AWS,
    told: 'AWS access key id',
  },
  {
    name: 'a private key in a file',
    patch: commitOf([write('deploy/key.pem', PEM)]),
    secret: 'MIIB',
    told: 'private key',
  },
  {
    name: 'a GitHub token in a path',
    patch: commitOf([write(`notes/${GITHUB}.md`, 'x\n')]),
    secret: GITHUB,
    told: 'GitHub token',
  },
];

describe('class 9: secrets in what the job hands over', () => {
  let run: HostileRun;

  beforeAll(async () => {
    run = await runHostile(cases);
  }, 150_000);

  afterAll(async () => {
    await run?.world.close();
  });

  it('the healthy task beside the attacks merged; nothing of the attacks is on the default branch', () => {
    expect(run.repo.isClosed(run.healthy)).toBe(true);
    expect(defaultBranchUntouched(run)).toEqual([]);
  });

  it.each(cases)('$name: refused, told without the value', ({ name, secret, told }) => {
    const number = run.tasks.get(name) as number;
    expect(run.repo.isClosed(number)).toBe(false);
    const text = toldAbout(run.repo, number);
    expect(text).toContain('it holds a secret');
    expect(text).toContain(told);
    expect(text).not.toContain(secret);
    expect(nothingWrittenFor(run, number)).toEqual([]);
  });
});
