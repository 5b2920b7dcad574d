/**
 * Which paths a patch may name: the path exactly as git stores it in a tree, and nothing git
 * itself would refuse to check out. The rules follow git's own `verify_path()` (read-cache.c),
 * `is_hfs_dotgit()` (utf8.c) and `is_ntfs_dotgit()` / `is_ntfs_dot_generic()` (path.c): a
 * path that names `.git` on any file system a clone may land on (case-insensitive, HFS+
 * ignorable code points, NTFS trailing dots and spaces, 8.3 short names, alternate data
 * streams) is refused, because checking it out writes into the repository's own metadata.
 *
 * Spellings are refused rather than normalised: the action produces paths with
 * `git diff-tree -z`, which never yields `./`, `//`, a trailing `/` or a backslash, so such a
 * path comes from a forged or broken artifact, and normalising it would let two checks see
 * two different paths.
 */

export type PathVerdict = { ok: true } | { ok: false; reason: string };

/** PATH_MAX on Linux; git refuses longer paths on most platforms. */
export const MAX_PATH_BYTES = 4096;

/** C0 controls, DEL and C1 controls: never in a name a person can read or type. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/**
 * Invisible code points: format characters (Unicode Cf: zero-width joiners, bidi controls,
 * U+FEFF, tag characters), variation selectors and the Hangul fillers. HFS+ ignores some of
 * them when it compares names (that is how `.git` + U+200D reached `.git/`); all of them hide
 * what a reviewer reads.
 */
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0\u034F]/u;

/** Code points HFS+ drops when comparing names (git's utf8.c, next_hfs_char). */
const HFS_IGNORABLE = /[\u200C-\u200F\u202A-\u202E\u206A-\u206F\uFEFF]/gu;

/** Git's NTFS 8.3 short-name prefixes for the dot files it protects (path.c). */
const DOTFILES_WITH_SHORT_NAMES: Array<{ name: string; shortPrefix: string }> = [
  { name: 'gitmodules', shortPrefix: 'gi7eba' },
  { name: 'gitignore', shortPrefix: 'gi250a' },
  { name: 'gitattributes', shortPrefix: 'gi7d29' },
  { name: 'mailmap', shortPrefix: 'maba30' },
];

function refuse(path: string, why: string): PathVerdict {
  return { ok: false, reason: `path ${JSON.stringify(path)} ${why}` };
}

/** `.git` under HFS+ rules: ASCII case-insensitive once the ignorable code points are dropped. */
export function isHfsDotGit(component: string): boolean {
  return component.replace(HFS_IGNORABLE, '').toLowerCase() === '.git';
}

/** `.git`, `git~1`, then only dots and spaces, up to the end or an alternate data stream (`:`). */
export function isNtfsDotGit(component: string): boolean {
  return /^(?:\.git|git~1)[. ]*(?::.*)?$/i.test(component);
}

/** Git's is_ntfs_dot_generic: `.name`, `name[0..6]~1..4`, or the hashed fallback `prefix~N`. */
function isNtfsDotGeneric(component: string, name: string, shortPrefix: string): boolean {
  const lower = component.toLowerCase();
  const onlyDotsAndSpaces = (rest: string) => /^[. ]*(?::.*)?$/.test(rest);
  if (lower.startsWith(`.${name}`) && onlyDotsAndSpaces(lower.slice(name.length + 1))) return true;
  if (lower.startsWith(name.slice(0, 6)) && /^~[1-4]/.test(lower.slice(6)))
    return onlyDotsAndSpaces(lower.slice(8));
  // The hashed fallback: exactly eight characters, `<prefix of shortPrefix>~<digits>`.
  const head = lower.slice(0, 8);
  const fallback = /^([a-z0-9]{0,6})~[1-9][0-9]*$/.exec(head);
  if (head.length < 8 || !fallback) return false;
  return shortPrefix.startsWith(fallback[1] ?? '') && onlyDotsAndSpaces(lower.slice(8));
}

/** A symlink under one of these names is refused by git fsck (gitmodulesSymlink and friends). */
export function isProtectedDotfileName(component: string): boolean {
  const plain = component.replace(HFS_IGNORABLE, '').toLowerCase();
  return DOTFILES_WITH_SHORT_NAMES.some(
    ({ name, shortPrefix }) => plain === `.${name}` || isNtfsDotGeneric(component, name, shortPrefix),
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Lone surrogates cannot be encoded as UTF-8; U+FFFD is what invalid UTF-8 decoded to. */
export function isValidUtf8Text(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !text.includes('\uFFFD');
}

function verifyComponent(path: string, component: string): PathVerdict {
  if (component === '') return refuse(path, 'has an empty component (a leading, doubled or trailing "/")');
  if (component === '.' || component === '..')
    return refuse(path, `has a "${component}" component (git stores no such path)`);
  if (isHfsDotGit(component) || isNtfsDotGit(component))
    return refuse(path, `names git's own metadata directory (a spelling of ".git": "${component}")`);
  return { ok: true };
}

/**
 * Is `path` a path git stores and checks out as written? `mode` matters for symlinks: git
 * refuses a symlinked `.gitmodules` (and `.gitattributes`, `.gitignore`, `.mailmap`), since
 * git would read it through the link.
 */
export function verifyGitPath(path: string, mode?: string): PathVerdict {
  if (path === '') return refuse(path, 'is empty');
  if (!isValidUtf8Text(path)) return refuse(path, 'is not valid UTF-8');
  if (CONTROL.test(path)) return refuse(path, 'contains a control character');
  if (INVISIBLE.test(path)) return refuse(path, 'contains an invisible (format) character');
  if (path.includes('\\'))
    return refuse(path, 'contains a backslash (a directory separator for Windows clones)');
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES)
    return refuse(path, `is longer than ${MAX_PATH_BYTES} bytes`);
  const components = path.split('/');
  if (/^[a-z]:/i.test(components[0] ?? ''))
    return refuse(path, 'starts with a drive letter (a Windows clone would write outside the repository)');
  for (const component of components) {
    const verdict = verifyComponent(path, component);
    if (!verdict.ok) return verdict;
  }
  const last = components[components.length - 1] ?? '';
  if (mode === '120000' && isProtectedDotfileName(last))
    return refuse(
      path,
      'is a symlink under a name git reads itself (.gitmodules, .gitattributes, .gitignore, .mailmap)',
    );
  return { ok: true };
}
