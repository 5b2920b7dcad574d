/**
 * Which paths may become tree entries. GitHub refuses a bad one with 422 "tree.path contains a
 * malformed path component" (observed for empty segments and `.git`). The rules are git's own
 * `verify_path` (read-cache.c) with both `core.protectHFS` and `core.protectNTFS` on, as
 * GitHub's fsck has them, plus what a tree entry can never hold:
 *
 * - no empty segment (so no absolute path, no trailing or doubled slash), no `.` or `..`;
 * - no `.git` in any case, nor what HFS+ or NTFS would open as `.git`: `.git` with ignorable
 *   Unicode code points mixed in (zero-width joiner, direction marks, BOM; git's
 *   `is_hfs_dotgit`), `.git` or its 8.3 short name `git~1` followed by spaces, dots or an
 *   alternate data stream (`.git::$INDEX_ALLOCATION`; git's `is_ntfs_dotgit`);
 * - a symlink may not be named `.gitmodules` (or its HFS/NTFS spellings);
 * - no NUL or other control character (the tree format and `update-index` lines are split on
 *   them, so one could smuggle an extra entry), and no backslash (a separator on Windows).
 */

/** Code points HFS+ ignores when comparing names (git's `next_hfs_char`). */
const HFS_IGNORED = new Set([
  0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x206a, 0x206b, 0x206c, 0x206d,
  0x206e, 0x206f, 0xfeff,
]);

export const MALFORMED_PATH = 'tree.path contains a malformed path component';

/** Why `path` may not be a tree entry with `mode`, or undefined when it may. */
export function treePathProblem(path: string, mode: string): string | undefined {
  if (typeof path !== 'string' || path === '') return 'empty path';
  if (/[\x00-\x1f\x7f]/.test(path)) return 'control character';
  if (path.includes('\\')) return 'backslash';
  const symlink = mode === '120000';
  for (const segment of path.split('/')) {
    const problem = segmentProblem(segment, symlink);
    if (problem) return problem;
  }
  return undefined;
}

function segmentProblem(segment: string, symlink: boolean): string | undefined {
  if (segment === '') return 'empty segment';
  if (segment === '.' || segment === '..') return `"${segment}" segment`;
  if (isHfsDot(segment, 'git') || isNtfsDot(segment, 'git', 'git~1')) return '".git" segment';
  if (symlink && (isHfsDot(segment, 'gitmodules') || isNtfsDotGitmodules(segment))) {
    return '".gitmodules" symlink';
  }
  return undefined;
}

/** `.<needle>` once HFS+'s ignored code points are dropped and ASCII case is folded. */
function isHfsDot(segment: string, needle: string): boolean {
  const kept = [...segment].filter((ch) => !HFS_IGNORED.has(ch.codePointAt(0) as number)).join('');
  return kept.toLowerCase() === `.${needle}`;
}

/**
 * `.<needle>` or an 8.3 short name, then only spaces and dots, or a `:` stream suffix: what
 * NTFS resolves to the same file (git's `is_ntfs_dotgit`).
 */
function isNtfsDot(segment: string, needle: string, shortName: string): boolean {
  const lower = segment.toLowerCase();
  for (const name of [`.${needle}`, shortName]) {
    if (!lower.startsWith(name)) continue;
    const rest = lower.slice(name.length);
    const stream = rest.indexOf(':');
    const tail = stream >= 0 ? rest.slice(0, stream) : rest;
    if (/^[ .]*$/.test(tail)) return true;
  }
  return false;
}

/** `.gitmodules`, `gitmod~1`..`gitmod~4`, or the hashed short name `gi7eba~N` (git's `is_ntfs_dotgitmodules`). */
function isNtfsDotGitmodules(segment: string): boolean {
  if (isNtfsDot(segment, 'gitmodules', 'gitmod~1')) return true;
  const lower = segment.toLowerCase().replace(/[ .]+$/, '');
  return /^gitmod~[1-4]$/.test(lower) || /^gi7eba~[1-9]$/.test(lower);
}
