/**
 * The name rules the simulator applies before it writes: git's ref-name rules with GitHub's
 * refs-API messages, and git's `verify_path` for tree entries (with HFS/NTFS protection on).
 */
import { describe, expect, it } from '@jest/globals';
import {
  createRefNameProblem,
  gitRefNameProblem,
  writeRefNameProblem,
} from '../../simulator/git/ref-names.js';
import { treePathProblem } from '../../simulator/git/verify-path.js';

describe('ref names (git check-ref-format, GitHub create-a-reference)', () => {
  it.each([
    'refs/heads/main',
    'refs/heads/drover/12/attempt-3',
    'refs/tags/v1.2.3',
    'refs/drover/state',
    'refs/drover/12/attempt-2',
    'refs/heads/a-b_c+d@e',
  ])('accepts %s', (name) => {
    expect(createRefNameProblem(name)).toBeUndefined();
  });

  it.each([
    'refs/heads/',
    'refs/heads//x',
    '/refs/heads/x',
    'refs/heads/x.',
    'refs/heads/a..b',
    'refs/heads/.hidden',
    'refs/heads/x/.y',
    'refs/heads/x.lock',
    'refs/heads/x.lock/y',
    'refs/heads/a b',
    'refs/heads/a~1',
    'refs/heads/a^',
    'refs/heads/a:b',
    'refs/heads/a?',
    'refs/heads/a*',
    'refs/heads/a[b',
    'refs/heads/a\\b',
    'refs/heads/a@{1}',
    'refs/heads/a\tb',
    'refs/heads/a\nb',
    'refs/heads/a\x7fb',
    '@',
  ])('refuses %j as "<name> is not a valid ref name."', (name) => {
    expect(gitRefNameProblem(name)).toBeDefined();
    expect(createRefNameProblem(name)).toBe(`${name} is not a valid ref name.`);
  });

  it('wants refs/ and three components, in that order', () => {
    expect(createRefNameProblem('heads/main')).toBe("Reference name must start with 'refs/'.");
    expect(createRefNameProblem('main')).toBe("Reference name must start with 'refs/'.");
    expect(createRefNameProblem('refs/main')).toBe(
      'Reference name must contain at least three slash-separated components.',
    );
  });

  it('keeps refs/pull read-only and refs/__gh__ reserved on every write', () => {
    expect(createRefNameProblem('refs/pull/1/head')).toBe('refs/pull/* is read-only.');
    expect(writeRefNameProblem('refs/pull/1/head')).toBe('refs/pull/* is read-only.');
    expect(writeRefNameProblem('refs/__gh__/x')).toBe('refs/__gh__/* is reserved for internal use.');
    expect(writeRefNameProblem('refs/pulls/x')).toBeUndefined();
  });
});

describe('tree entry paths (git verify_path, HFS and NTFS protection)', () => {
  it.each([
    'README.md',
    'src/a.txt',
    '.github/workflows/ci.yml',
    '.gitignore',
    '.gitattributes',
    '.gitx/a',
    'x.git',
    'git~2',
    'a..b',
    '...',
    'über/ñ.txt',
    'a b/c d',
  ])('accepts %j', (path) => {
    expect(treePathProblem(path, '100644')).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['a//b', 'empty segment'],
    ['a/', 'trailing slash'],
    ['.', 'dot'],
    ['./a', 'dot segment'],
    ['a/./b', 'inner dot'],
    ['..', 'dotdot'],
    ['../x', 'dotdot'],
    ['a/../../b', 'dotdot'],
    ['.git', '.git'],
    ['.git/config', '.git dir'],
    ['a/.git/hooks/post-checkout', 'nested .git'],
    ['.GIT/config', 'case'],
    ['.Git', 'case'],
    ['.g\u200cit/config', 'HFS zero-width non-joiner'],
    ['.git\u200d', 'HFS zero-width joiner'],
    ['\u200e.git', 'HFS direction mark'],
    ['.gi\u202et', 'HFS override'],
    ['\ufeff.git/x', 'HFS byte-order mark'],
    ['.g\u206ait', 'HFS inhibit swapping'],
    ['.git ', 'NTFS trailing space'],
    ['.git.', 'NTFS trailing dot'],
    ['.git. . ', 'NTFS trailing dots and spaces'],
    ['git~1', 'NTFS short name'],
    ['GIT~1/config', 'NTFS short name, case'],
    ['git~1 ./x', 'NTFS short name, trailing'],
    ['.git::$INDEX_ALLOCATION/config', 'NTFS stream'],
    ['a\\b', 'backslash'],
    ['..\\x', 'backslash'],
    ['a\nb', 'newline'],
    ['a\rb', 'carriage return'],
    ['a\tb', 'tab'],
    ['a\x00b', 'NUL'],
    ['a\x1bb', 'escape'],
    ['a\x7fb', 'DEL'],
  ])('refuses %j (%s)', (path) => {
    expect(treePathProblem(path, '100644')).toBeDefined();
  });

  it('refuses a .gitmodules symlink in every spelling, not a .gitmodules file', () => {
    for (const name of [
      '.gitmodules',
      '.GITMODULES',
      '.gitmodules ',
      '.gitmodules.',
      '.git\u200cmodules',
      'gitmod~1',
    ]) {
      expect(treePathProblem(`sub/${name}`, '120000')).toBeDefined();
    }
    expect(treePathProblem('.gitmodules', '100644')).toBeUndefined();
    expect(treePathProblem('link', '120000')).toBeUndefined();
  });
});
