import { describe, expect, it } from '@jest/globals';
import { isProtectedDotfileName, verifyGitPath } from '../../core/git-path.js';

const refused = (path: string, mode?: string) => verifyGitPath(path, mode).ok === false;

describe('verifyGitPath: spellings of .git (git verify_path, HFS and NTFS rules)', () => {
  it.each([
    '.git',
    '.GIT',
    '.Git',
    '.git/config',
    'src/.git/hooks/pre-commit',
    'a/b/.gIt',
    // HFS+ drops these code points when comparing names.
    '.git\u200C',
    '.git\u200D',
    '\u200D.git',
    '.g\u200Dit/config',
    '.gi\u200Et',
    '.git\u202E',
    '.git\u206A',
    '.git\uFEFF',
    // NTFS: trailing dots and spaces, 8.3 short name, alternate data streams.
    '.git.',
    '.git ',
    '.git. . .',
    'git~1',
    'GIT~1/config',
    'src/git~1. ',
    '.git::$INDEX_ALLOCATION',
    '.git:stream',
  ])('refuses %j', (path) => {
    expect(refused(path)).toBe(true);
  });

  it.each([
    '.gitignore',
    '.github/workflows/ci.yml',
    '.gitkeep',
    'git',
    'my.git',
    '.git-blame-ignore-revs',
    '.gitx',
    'git~2',
    'x.git/y',
  ])('accepts %j', (path) => {
    expect(verifyGitPath(path)).toEqual({ ok: true });
  });
});

describe('verifyGitPath: characters and encodings', () => {
  const controls = [
    ...Array.from({ length: 0x20 }, (_, code) => code),
    0x7f,
    ...Array.from({ length: 0x20 }, (_, index) => 0x80 + index),
  ];
  it.each(controls)('refuses the control character with code %i', (code) => {
    expect(verifyGitPath(`src/a${String.fromCharCode(code)}b.ts`)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/control character/),
    });
  });

  it.each(['\u200B', '\u2060', '\u2066', '\u00AD', '\u{E0041}', '\uFE0F', '\u3164'])(
    'refuses the invisible character %j anywhere in a path',
    (char) => {
      expect(verifyGitPath(`docs/read${char}me.md`)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/invisible/),
      });
    },
  );

  it('refuses text that is not valid UTF-8 (lone surrogates, U+FFFD from a bad decode)', () => {
    expect(refused('src/\uD800.ts')).toBe(true);
    expect(refused('src/\uDC00x.ts')).toBe(true);
    expect(refused('src/\uFFFD.ts')).toBe(true);
    expect(verifyGitPath('src/emoji-😀.ts')).toEqual({ ok: true });
    expect(verifyGitPath('docs/café/naïve.md')).toEqual({ ok: true });
  });

  it.each([
    ['', /empty/],
    ['./a', /"\." component/],
    ['a/./b', /"\." component/],
    ['a//b', /empty component/],
    ['a/', /empty component/],
    ['/a', /empty component/],
    ['..', /"\.\." component/],
    ['a/../b', /"\.\." component/],
    ['.', /"\." component/],
    ['a\\b', /backslash/],
    ['C:x', /drive letter/],
    ['c:/x', /drive letter/],
  ])('refuses the spelling %j', (path, reason) => {
    expect(verifyGitPath(path)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses paths longer than PATH_MAX bytes (counted in UTF-8)', () => {
    expect(refused('a'.repeat(4097))).toBe(true);
    expect(refused('é'.repeat(2049))).toBe(true);
    expect(verifyGitPath('a'.repeat(4096))).toEqual({ ok: true });
  });
});

describe('verifyGitPath: symlinks under names git reads (fsck gitmodulesSymlink and friends)', () => {
  it.each([
    '.gitmodules',
    '.GITMODULES',
    'sub/.gitmodules',
    '.gitmodules .',
    '.gitmodules\u200D',
    'gitmod~1',
    'GITMOD~4',
    'gi7eba~1',
    'gi7eb~12',
    '.gitattributes',
    'gitatt~2',
    'gi7d29~9',
    '.gitignore',
    'gitign~1',
    'gi250a~3',
    '.mailmap',
    'mailma~1',
    'maba30~1',
  ])('refuses a symlink named %j, not a file', (path) => {
    expect(refused(path, '120000')).toBe(true);
    if (!/\u200D/.test(path)) expect(refused(path, '100644')).toBe(false);
  });

  it('leaves other names alone', () => {
    expect(isProtectedDotfileName('gitmod~5')).toBe(false);
    expect(isProtectedDotfileName('.gitmodulesx')).toBe(false);
    expect(isProtectedDotfileName('gi7ebb~1')).toBe(false);
    expect(refused('docs/link', '120000')).toBe(false);
  });
});
