/**
 * Paths whose change alters who reviews, what runs with the repository's secrets, or how git
 * reads the tree. A patch may write them, but such a pull request is never merged by Drover: it
 * waits for a person. A change AT a directory that holds or would hold them (a file, symlink
 * or deletion at `.github` or `.github/workflows`) is a change to them too.
 *
 * Matching is deliberately wider than GitHub's own reading of these paths: ASCII and Unicode
 * case, compatibility forms (NFKC: fullwidth letters, NFD vs NFC) and NTFS's trailing dots and
 * spaces all fold to one spelling. A look-alike path that GitHub would not read costs a
 * person's glance; a missed real one lands a workflow.
 */
import { minimatch, Minimatch } from 'minimatch';

/** Workflow files: refused outright unless `patch.allow_workflow_changes` (and then protected). */
export const WORKFLOW_PATTERNS = ['.github/workflows/**'];

/** Always protected; `patch.protected_paths` adds to these, it cannot remove them. */
export const DEFAULT_PROTECTED_PATTERNS = [
  ...WORKFLOW_PATTERNS,
  // Composite actions the workflows run with the repository's secrets.
  '.github/actions/**',
  // Drover's own configuration: a task could otherwise widen what the next task may do.
  '.github/drover.yml',
  '.github/drover.yaml',
  // GitHub reads CODEOWNERS from the root, docs/ and .github/ (the first one found wins).
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.github/CODEOWNERS',
  '.gitmodules',
  // Attributes in any directory change how git and GitHub treat files (filters, diff, linguist-generated hides a diff).
  '**/.gitattributes',
];

const MATCH_OPTIONS = { dot: true, nocase: true, nocomment: true, nonegate: true, noext: true } as const;

/** One spelling for everything a file system or a reader might take as the same path. */
export function foldPath(path: string): string {
  return path
    .normalize('NFKC')
    .toLowerCase()
    .split('/')
    .map((component) => component.replace(/[. ]+$/u, '') || component)
    .join('/');
}

export interface ProtectedPathMatcher {
  /** The pattern that protects `path`, or null. */
  match(path: string): string | null;
}

interface CompiledPattern {
  pattern: string;
  matcher: Minimatch;
  /** The directories a match must lie in, and the literal path itself: `.github`, `.github/workflows`. */
  literalPrefixes: Set<string>;
}

function literalPrefixes(pattern: string): string[] {
  const prefixes: string[] = [];
  for (const expanded of minimatch.braceExpand(pattern)) {
    const segments = foldPath(expanded).split('/');
    const literal: string[] = [];
    for (const segment of segments) {
      if (/[*?[\]]/.test(segment)) break;
      literal.push(segment);
      prefixes.push(literal.join('/'));
    }
  }
  return prefixes;
}

function compile(pattern: string): CompiledPattern {
  return {
    pattern,
    matcher: new Minimatch(foldPath(pattern), MATCH_OPTIONS),
    literalPrefixes: new Set(literalPrefixes(pattern)),
  };
}

/** Is `pattern` something minimatch reads as we mean it (a relative glob)? Returns a problem or null. */
export function protectedPatternProblem(pattern: string): string | null {
  if (pattern.trim() === '') return 'is empty';
  if (pattern.startsWith('/')) return 'must be relative to the repository root (no leading "/")';
  if (pattern.startsWith('!')) return 'cannot negate: protected paths only add protection';
  if (pattern.includes('\\')) return 'must use "/" as the separator';
  return null;
}

export function protectedPathMatcher(patterns: readonly string[]): ProtectedPathMatcher {
  const compiled = [...new Set(patterns)].map(compile);
  return {
    match(path) {
      const folded = foldPath(path);
      for (const entry of compiled) {
        if (entry.matcher.match(folded) || entry.literalPrefixes.has(folded)) return entry.pattern;
      }
      return null;
    },
  };
}
