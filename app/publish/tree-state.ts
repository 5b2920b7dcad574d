/**
 * A repository tree as the patch policy replays it: files (blobs, symlinks, submodule commits)
 * by path, with every directory's files indexed so that a change at a directory path can be
 * expanded to the files it removes. Directories are implied by the files below them, as in git.
 */
import { createHash } from 'node:crypto';

/** One file of a tree: its git mode, and when known its blob sha and (symlinks) its target. */
export interface TreeFile {
  mode: string;
  sha?: string | undefined;
  symlinkTarget?: string | undefined;
}

/** Path → file, for every non-directory entry of a tree (what the caller read from GitHub). */
export type TreeIndex = ReadonlyMap<string, TreeFile>;

/** An entry as `GET /repos/{owner}/{repo}/git/trees/{sha}?recursive=1` lists it. */
export interface GitTreeEntry {
  path: string;
  mode: string;
  type: string;
  sha?: string;
}

/** The TreeIndex of a recursive tree listing (tree entries are implied by their files and dropped). */
export function treeIndexFromGitTree(
  entries: readonly GitTreeEntry[],
  symlinkTargets: ReadonlyMap<string, string> = new Map(),
): Map<string, TreeFile> {
  const index = new Map<string, TreeFile>();
  for (const entry of entries) {
    if (entry.type === 'tree') continue;
    index.set(entry.path, {
      mode: entry.mode,
      sha: entry.sha,
      symlinkTarget: symlinkTargets.get(entry.path),
    });
  }
  return index;
}

/** Git's object id of a blob: sha1 of `blob <length>\0<content>`. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  const ancestors: string[] = [];
  for (let i = 1; i < parts.length; i++) ancestors.push(parts.slice(0, i).join('/'));
  return ancestors;
}

export class TreeState {
  private readonly files = new Map<string, TreeFile>();
  private readonly under = new Map<string, Set<string>>();

  constructor(base: TreeIndex) {
    for (const [path, file] of base) this.set(path, file);
  }

  get(path: string): TreeFile | undefined {
    return this.files.get(path);
  }

  isDirectory(path: string): boolean {
    return (this.under.get(path)?.size ?? 0) > 0;
  }

  /** Every file below the directory `path`, sorted. */
  filesUnder(path: string): string[] {
    return [...(this.under.get(path) ?? [])].sort();
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  set(path: string, file: TreeFile): void {
    this.files.set(path, file);
    for (const ancestor of ancestorsOf(path)) {
      let set = this.under.get(ancestor);
      if (!set) this.under.set(ancestor, (set = new Set()));
      set.add(path);
    }
  }

  remove(path: string): void {
    if (!this.files.delete(path)) return;
    for (const ancestor of ancestorsOf(path)) this.under.get(ancestor)?.delete(path);
  }
}
