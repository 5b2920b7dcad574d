import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../core/config.js';
import { DEFAULT_PROTECTED_PATTERNS, protectedPathMatcher } from '../../core/protected-paths.js';

const defaults = protectedPathMatcher(DEFAULT_PROTECTED_PATTERNS);

describe('protected paths: the defaults', () => {
  it.each([
    '.github/workflows/ci.yml',
    '.github/workflows/nested/deploy.yaml',
    '.github/actions/setup/action.yml',
    '.github/drover.yml',
    '.github/drover.yaml',
    'CODEOWNERS',
    'docs/CODEOWNERS',
    '.github/CODEOWNERS',
    '.gitmodules',
    '.gitattributes',
    'vendor/lib/.gitattributes',
  ])('protects %j', (path) => {
    expect(defaults.match(path)).not.toBeNull();
  });

  it.each(['.github', '.github/workflows', '.github/actions', 'docs'])(
    'protects the directory %j itself (a file, symlink or deletion there changes what is under it)',
    (path) => {
      expect(defaults.match(path)).not.toBeNull();
    },
  );

  it.each([
    'src/index.ts',
    '.github/README.md',
    '.github/ISSUE_TEMPLATE/bug.md',
    'docs/guide.md',
    'lib/CODEOWNERS',
    '.githubx/workflows/a.yml',
    'workflows/ci.yml',
  ])('leaves %j alone', (path) => {
    expect(defaults.match(path)).toBeNull();
  });
});

describe('protected paths: every spelling that names the same file somewhere', () => {
  it.each([
    ['ASCII case', '.GitHub/WORKFLOWS/CI.yml'],
    ['case of CODEOWNERS', 'docs/codeowners'],
    ['fullwidth letters (NFKC)', '.ｇｉｔｈｕｂ/workflows/ci.yml'],
    ['NTFS trailing dot', '.github./workflows/ci.yml'],
    ['NTFS trailing space', '.github /workflows./ci.yml'],
    ['trailing dots on the file', '.gitmodules..'],
  ])('%s: %j', (_name, path) => {
    expect(defaults.match(path)).not.toBeNull();
  });

  it('matches configured patterns in NFC and NFD alike', () => {
    const nfc = 'docs/caf\u00e9/**';
    const matcher = protectedPathMatcher([nfc]);
    expect(matcher.match('docs/caf\u00e9/menu.md')).toBe(nfc);
    expect(matcher.match('docs/cafe\u0301/menu.md')).toBe(nfc);
    expect(matcher.match('docs/cafe\u0301')).toBe(nfc);
  });

  it('does not treat a different letter that only looks alike (Cyrillic е) as the protected path: GitHub never reads it', () => {
    expect(defaults.match('.githuЬ/workflows/ci.yml')).toBeNull();
    expect(defaults.match('.github/workflоws/ci.yml')).toBeNull();
  });
});

describe('protected paths in .github/drover.yml', () => {
  it('adds patterns to the built-in list, with brace and glob syntax', () => {
    const result = parseConfig('patch:\n  protected_paths: ["deploy/**", "{Makefile,package.json}"]\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const matcher = protectedPathMatcher([
      ...DEFAULT_PROTECTED_PATTERNS,
      ...result.config.patch.protected_paths,
    ]);
    expect(matcher.match('deploy/prod.sh')).toBe('deploy/**');
    expect(matcher.match('deploy')).toBe('deploy/**');
    expect(matcher.match('package.json')).toBe('{Makefile,package.json}');
    expect(matcher.match('.github/workflows/ci.yml')).toBe('.github/workflows/**');
  });

  it('refuses patterns that cannot mean what they say, naming the key', () => {
    const result = parseConfig('patch:\n  protected_paths: ["/etc/**", "!src/**", "a\\\\b", ""]\n');
    expect(result).toEqual({
      ok: false,
      problems: [
        'patch.protected_paths.0: must be relative to the repository root (no leading "/")',
        'patch.protected_paths.1: cannot negate: protected paths only add protection',
        'patch.protected_paths.2: must use "/" as the separator',
        'patch.protected_paths.3: is empty',
      ],
    });
  });

  it('has no protected_paths by default (the built-in list always applies)', () => {
    const result = parseConfig('');
    expect(result.ok && result.config.patch.protected_paths).toEqual([]);
  });
});
