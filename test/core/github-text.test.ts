import { describe, expect, it } from '@jest/globals';
import { capText, inertBlock, inertInline, neutraliseClosingKeywords } from '../../core/github-text.js';

const KEYWORDS = ['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved'];
const REFERENCES = [
  '#2',
  'GH-2',
  'gh-2',
  'octo/repo#2',
  'https://github.com/octo/repo/issues/2',
  '[#2](https://github.com/octo/repo/issues/2)',
  '＃2',
];
const CASES = (word: string) => [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)];

/** What GitHub links as closing: a keyword, an optional colon, whitespace, a reference. */
const CLOSES = new RegExp(
  `(?<![\\p{L}\\p{N}])(${KEYWORDS.join('|')}):?\\s+(#|gh-|[\\w.-]+/[\\w.-]+#|https?://|\\[)`,
  'iu',
);

describe('neutraliseClosingKeywords', () => {
  const sentences: string[] = [];
  for (const keyword of KEYWORDS)
    for (const spelled of CASES(keyword))
      for (const reference of REFERENCES)
        for (const separator of [' ', ': ', ':', '  ', '\n', '\t'])
          sentences.push(`This ${spelled}${separator}${reference} now.`);

  it(`leaves no closing reference in any of ${sentences.length} spellings`, () => {
    for (const sentence of sentences) expect(neutraliseClosingKeywords(sentence)).not.toMatch(CLOSES);
  });

  it('keeps the text readable and is idempotent', () => {
    expect(neutraliseClosingKeywords('Fixes #2, closes octo/repo#3')).toBe('Fixes- #2, closes- octo/repo#3');
    expect(neutraliseClosingKeywords(neutraliseClosingKeywords('Fixes #2'))).toBe('Fixes- #2');
    expect(neutraliseClosingKeywords('This fixes a bug in the parser.')).toBe(
      'This fixes a bug in the parser.',
    );
    expect(neutraliseClosingKeywords('prefixes #2 and suffixed #3')).toBe('prefixes #2 and suffixed #3');
  });
});

describe('inertBlock and inertInline', () => {
  it('cannot be closed from inside, whatever backtick runs the text holds', () => {
    for (const text of ['```\n@admin Closes #1\n```', '````', 'a ``````` b', '~~~\nx']) {
      const block = inertBlock(text);
      const fence = /^`+/.exec(block)![0];
      expect(fence.length).toBeGreaterThan(Math.max(...(text.match(/`+/g) ?? ['']).map((run) => run.length)));
      expect(block.endsWith(`\n${fence}`)).toBe(true);
    }
  });

  it('neutralises closing keywords inside the block too (a squash merge copies it as plain text)', () => {
    expect(inertBlock('Closes #2')).toBe('```text\nCloses- #2\n```');
  });

  it('puts one line in a code span, with table pipes escaped', () => {
    expect(inertInline('npm test | tee log', 100)).toBe('`npm test \\| tee log`');
    expect(inertInline('a `b` c', 100)).toBe('``a `b` c``');
    expect(inertInline('`x`', 100)).toBe('`` `x` ``');
    expect(inertInline('line\none', 100)).toBe('`line one`');
    expect(inertInline('   ', 100)).toBe('(none)');
  });
});

describe('capText', () => {
  it('cuts to the limit with a marker, never inside a surrogate pair', () => {
    expect(capText('abcdef', 4)).toBe('abc…');
    expect(capText('abc', 4)).toBe('abc');
    const cut = capText('a😀😀', 3);
    expect(cut.length).toBeLessThanOrEqual(3);
    expect(cut).toBe('a…');
  });
});
