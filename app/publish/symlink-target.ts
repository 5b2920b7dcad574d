/**
 * Where a symlink in the tree leads, followed the way a checkout would follow it: the target is
 * read relative to the link's directory, component by component, and every symlink met on the
 * way (in the same tree) is followed in turn. Lexical normalisation alone is wrong: with
 * `x -> .`, the target `x/x/../..` leaves the tree although it normalises to `.`.
 */
import { isHfsDotGit, isNtfsDotGit, isValidUtf8Text } from '../../core/git-path.js';
import type { TreeFile } from './tree-state.js';

/** Linux follows at most 40 links in one lookup (MAXSYMLINKS) before ELOOP. */
export const MAX_SYMLINK_HOPS = 40;
/** A symlink target longer than PATH_MAX cannot be followed. */
const MAX_TARGET_BYTES = 4095;

export type SymlinkResolution =
  | { kind: 'inside'; path: string }
  | { kind: 'refused'; reason: string }
  /** The chain passes through a symlink whose target the caller did not supply. */
  | { kind: 'unknown'; via: string };

export type TreeLookup = (path: string) => TreeFile | undefined;

/** Why this target text can never be a safe link, or null. */
export function symlinkTargetProblem(target: string): string | null {
  if (target === '') return 'is empty';
  if (!isValidUtf8Text(target)) return 'is not valid UTF-8';
  if (/[\u0000-\u001F\u007F-\u009F]/u.test(target)) return 'contains a control character';
  if (Buffer.byteLength(target, 'utf8') > MAX_TARGET_BYTES) return `is longer than ${MAX_TARGET_BYTES} bytes`;
  if (target.startsWith('/') || /^[a-z]:/i.test(target) || target.includes('\\'))
    return 'is absolute (it points outside the repository)';
  return null;
}

export function resolveSymlink(linkPath: string, lookup: TreeLookup): SymlinkResolution {
  const start = lookup(linkPath);
  if (start?.symlinkTarget === undefined) return { kind: 'unknown', via: linkPath };
  const current = linkPath.split('/').slice(0, -1);
  const pending: string[] = [];
  let hops = 0;
  let target: string = start.symlinkTarget;
  let from = linkPath;
  for (;;) {
    const problem = symlinkTargetProblem(target);
    if (problem)
      return { kind: 'refused', reason: `the symlink ${from} → ${JSON.stringify(target)} ${problem}` };
    pending.unshift(...target.split('/'));
    let followed = false;
    while (pending.length > 0) {
      const component = pending.shift() as string;
      if (component === '' || component === '.') continue;
      if (component === '..') {
        if (current.length === 0)
          return { kind: 'refused', reason: `the symlink ${linkPath} leads outside the repository` };
        current.pop();
        continue;
      }
      if (isHfsDotGit(component) || isNtfsDotGit(component))
        return { kind: 'refused', reason: `the symlink ${linkPath} leads into git's metadata (.git)` };
      current.push(component);
      const here = current.join('/');
      const entry = lookup(here);
      if (entry?.mode !== '120000') continue;
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS)
        return {
          kind: 'refused',
          reason: `the symlink ${linkPath} loops (more than ${MAX_SYMLINK_HOPS} links)`,
        };
      if (entry.symlinkTarget === undefined) return { kind: 'unknown', via: here };
      current.pop();
      target = entry.symlinkTarget;
      from = here;
      followed = true;
      break;
    }
    if (!followed) return { kind: 'inside', path: current.join('/') };
  }
}
