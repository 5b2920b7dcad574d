/**
 * A bare repository on disk and the object-level operations the Git Data API, pushes and
 * merges need. Everything goes through the `git` binary (plumbing commands), synchronously:
 * each call takes a few milliseconds and keeps the store's methods simple.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runGit, runGitBuffer, type GitIdentity } from './git-cli.js';
import { preReceiveHook } from './pre-receive-hook.js';

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  path: string;
  /** Blob size in bytes (absent for trees and submodules). */
  size?: number;
}

/** One change to a tree: a new blob/tree/submodule at `path`, or a deletion (`sha: null`). */
export interface TreeChange {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string | null;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: Required<GitIdentity>;
  committer: Required<GitIdentity>;
  message: string;
}

export interface MergeTreeResult {
  clean: boolean;
  /** The merged tree (with conflict markers when not clean). */
  tree: string;
  conflicts: string[];
}

export interface RefInfo {
  ref: string;
  sha: string;
  type: string;
}

/** One path a diff reports: `A`dded, `M`odified (content or mode), `D`eleted, `T`ype changed. */
export interface PathChange {
  status: 'A' | 'M' | 'D' | 'T';
  path: string;
}

export interface InitOptions {
  /** Logins that push without `workflows: write` (see pre-receive-hook.ts). */
  restrictedPushers?: readonly string[];
}

export class BareRepo {
  /**
   * Answers about immutable objects (a commit's content, a merge of two commits, ancestry)
   * never change, so they are cached: each git spawn costs milliseconds, more on a busy machine.
   */
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly gitDir: string,
    /** HOME for git (an empty temp dir, so no user config applies). */
    private readonly home: string,
  ) {}

  static init(gitDir: string, home: string, defaultBranch: string, options: InitOptions = {}): BareRepo {
    mkdirSync(gitDir, { recursive: true });
    const repo = new BareRepo(gitDir, home);
    repo.git(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`]);
    // Accept pushes over smart HTTP, check pushed objects as GitHub does (fsck refuses `.git`
    // entries and their HFS/NTFS look-alikes, `.gitmodules` symlinks, malformed trees), and
    // never gc in the middle of a test; written directly rather than with `git config` spawns.
    appendFileSync(
      path.join(gitDir, 'config'),
      '[http]\n\treceivepack = true\n[receive]\n\tfsckObjects = true\n[gc]\n\tauto = 0\n',
    );
    writeFileSync(
      path.join(gitDir, 'hooks', 'pre-receive'),
      preReceiveHook(options.restrictedPushers ?? []),
      {
        mode: 0o755,
      },
    );
    return repo;
  }

  private remember<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  private git(args: string[], options: Parameters<typeof runGit>[3] = {}) {
    return runGit(this.gitDir, this.home, args, options);
  }

  writeBlob(content: Buffer): string {
    return this.git(['hash-object', '-w', '--stdin'], { input: content }).stdout.trim();
  }

  readBlob(sha: string): Buffer {
    return runGitBuffer(this.gitDir, this.home, ['cat-file', 'blob', sha]);
  }

  /** The object's type, or null when it does not exist. */
  objectType(sha: string): string | null {
    if (!/^[0-9a-f]{40}$/.test(sha)) return null;
    const known = this.memo.get(`type:${sha}`) as string | undefined;
    if (known) return known;
    const result = this.git(['cat-file', '-t', sha], { okCodes: [1, 128] });
    if (result.code !== 0) return null;
    const type = result.stdout.trim();
    this.memo.set(`type:${sha}`, type);
    return type;
  }

  objectSize(sha: string): number {
    return Number(this.git(['cat-file', '-s', sha]).stdout.trim());
  }

  /** A commit-ish (sha, branch, `refs/...`) resolved to a commit sha, or null. */
  resolveCommit(rev: string): string | null {
    const result = this.git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { okCodes: [1, 128] });
    return result.code === 0 ? result.stdout.trim() : null;
  }

  /** The tree a commit-ish or tree-ish names (peeling tags and commits), or null. */
  treeOf(rev: string): string | null {
    const result = this.git(['rev-parse', '--verify', '--quiet', `${rev}^{tree}`], { okCodes: [1, 128] });
    return result.code === 0 ? result.stdout.trim() : null;
  }

  readTree(treeish: string, recursive: boolean): TreeEntry[] {
    const args = ['ls-tree', '-l', '-z', ...(recursive ? ['-r', '-t'] : []), treeish];
    return this.git(args)
      .stdout.split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const meta = line.slice(0, tab);
        const entryPath = line.slice(tab + 1);
        const [mode = '', type = '', sha = '', size = '-'] = meta.split(/ +/);
        const entry: TreeEntry = { mode, type: type as TreeEntry['type'], sha, path: entryPath };
        if (size !== '-') entry.size = Number(size);
        return entry;
      });
  }

  /** The entry at `filePath` in a commit's tree, or null. */
  entryAt(commit: string, filePath: string): TreeEntry | null {
    const result = this.git(['ls-tree', '-l', '-z', commit, '--', filePath], { okCodes: [128] });
    if (result.code !== 0) return null;
    const line = result.stdout.split('\0').find(Boolean);
    if (!line) return null;
    const [meta = '', entryPath = ''] = line.split('\t');
    const [mode = '', type = '', sha = '', size = '-'] = meta.split(/ +/);
    if (entryPath !== filePath.replace(/\/$/, '')) return null;
    return {
      mode,
      type: type as TreeEntry['type'],
      sha,
      path: entryPath,
      ...(size !== '-' && { size: Number(size) }),
    };
  }

  /**
   * Builds a tree from `baseTree` (or empty) plus changes at nested paths, through a scratch
   * index: `read-tree`, `update-index`, `write-tree`.
   */
  createTree(baseTree: string | null, changes: TreeChange[], scratchDir: string): string {
    mkdirSync(scratchDir, { recursive: true });
    const indexFile = path.join(scratchDir, `index-${process.hrtime.bigint()}`);
    // Literal pathspecs: a path like `*` names the entry `*`, never every file.
    const env = { GIT_INDEX_FILE: indexFile, GIT_LITERAL_PATHSPECS: '1' };
    try {
      if (baseTree) {
        this.git(['read-tree', baseTree], { env });
        const paths = changes.map((c) => c.path);
        if (paths.length)
          this.git(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', ...paths], { env });
      }
      // NUL-terminated records: a path can never split into two index entries. A subtree is
      // added as its files under the entry's path (the index holds no trees).
      const info = changes
        .filter((c) => c.sha !== null)
        .flatMap((c) =>
          c.type === 'tree'
            ? this.readTree(c.sha as string, true)
                .filter((e) => e.type !== 'tree')
                .map((e) => `${e.mode} ${e.type} ${e.sha}\t${c.path}/${e.path}\0`)
            : [`${c.mode} ${c.type} ${c.sha}\t${c.path}\0`],
        )
        .join('');
      if (info) this.git(['update-index', '-z', '--add', '--index-info'], { env, input: info });
      return this.git(['write-tree'], { env }).stdout.trim();
    } finally {
      rmSync(indexFile, { force: true });
    }
  }

  /** The entries (file, directory, submodule) that `paths` name in `treeish`, by path. */
  entriesAt(treeish: string, paths: string[]): Map<string, TreeEntry> {
    const found = new Map<string, TreeEntry>();
    if (paths.length === 0) return found;
    const out = this.git(['ls-tree', '-z', treeish, '--', ...paths], {
      env: { GIT_LITERAL_PATHSPECS: '1' },
    }).stdout;
    for (const line of out.split('\0').filter(Boolean)) {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ');
      const entryPath = line.slice(tab + 1);
      found.set(entryPath, { mode, type: type as TreeEntry['type'], sha, path: entryPath });
    }
    return found;
  }

  /**
   * Paths that differ between two commit-ishes (or everything in `after` when `base` is null),
   * optionally only at or under `prefix`; renames are reported as a delete and an add.
   */
  changedPaths(base: string | null, after: string, prefix?: string): PathChange[] {
    const key = `changed:${base}:${after}:${prefix ?? ''}`;
    return this.remember(key, () => {
      const args = ['diff-tree', '-r', '--no-renames', '--name-status', '-z', base ?? EMPTY_TREE, after];
      const out = this.git([...args, ...(prefix ? ['--', prefix] : [])], {
        env: { GIT_LITERAL_PATHSPECS: '1' },
      }).stdout;
      const fields = out.split('\0').filter(Boolean);
      const changes: PathChange[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) {
        changes.push({
          status: (fields[i] as string)[0] as PathChange['status'],
          path: fields[i + 1] as string,
        });
      }
      return changes;
    });
  }

  /** Writes several blobs with one git process (`hash-object -w --stdin-paths`). */
  writeBlobs(contents: Buffer[], scratchDir: string): string[] {
    if (contents.length === 0) return [];
    if (contents.length === 1) return [this.writeBlob(contents[0] as Buffer)];
    const dir = path.join(scratchDir, `blobs-${process.hrtime.bigint()}`);
    mkdirSync(dir, { recursive: true });
    try {
      const files = contents.map((content, i) => {
        const file = path.join(dir, String(i));
        writeFileSync(file, content);
        return file;
      });
      const input = files.join('\n') + '\n';
      return this.git(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input })
        .stdout.split('\n')
        .filter(Boolean);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Commits `files` as the first commit of `branch` with one `git fast-import`. */
  importInitialCommit(
    branch: string,
    files: Record<string, Buffer>,
    message: string,
    identity: Required<GitIdentity>,
  ): string {
    const seconds = Math.floor(new Date(identity.date).getTime() / 1000);
    const who = `${identity.name} <${identity.email}> ${seconds} +0000`;
    const header = `commit refs/heads/${branch}\nauthor ${who}\ncommitter ${who}\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    const parts: Buffer[] = [Buffer.from(header)];
    for (const [filePath, content] of Object.entries(files)) {
      parts.push(
        Buffer.from(`M 100644 inline ${filePath}\ndata ${content.length}\n`),
        content,
        Buffer.from('\n'),
      );
    }
    parts.push(Buffer.from('done\n'));
    this.git(['fast-import', '--quiet', '--done'], { input: Buffer.concat(parts) });
    return readFileSync(path.join(this.gitDir, 'refs', 'heads', ...branch.split('/')), 'utf8').trim();
  }

  commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: GitIdentity,
    committer: GitIdentity,
  ): string {
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    return this.git(args, { input: message, author, committer }).stdout.trim();
  }

  readCommit(sha: string): CommitInfo {
    return structuredClone(this.remember(`commit:${sha}`, () => this.parseCommit(sha)));
  }

  private parseCommit(sha: string): CommitInfo {
    const raw = this.git(['cat-file', 'commit', sha]).stdout;
    const split = raw.indexOf('\n\n');
    const header = split >= 0 ? raw.slice(0, split) : raw;
    const message = split >= 0 ? raw.slice(split + 2) : '';
    const info: CommitInfo = { sha, tree: '', parents: [], author: NOBODY, committer: NOBODY, message };
    for (const line of header.split('\n')) {
      const space = line.indexOf(' ');
      const key = line.slice(0, space);
      const value = line.slice(space + 1);
      if (key === 'tree') info.tree = value;
      else if (key === 'parent') info.parents.push(value);
      else if (key === 'author') info.author = parseIdentity(value);
      else if (key === 'committer') info.committer = parseIdentity(value);
    }
    return info;
  }

  /** Sets a ref; with `oldSha` the update only happens if the ref still points there. */
  updateRef(ref: string, sha: string, oldSha?: string): void {
    this.git(['update-ref', ref, sha, ...(oldSha ? [oldSha] : [])]);
  }

  deleteRef(ref: string): void {
    this.git(['update-ref', '-d', ref]);
  }

  listRefs(prefix = 'refs/'): RefInfo[] {
    const out = this.git([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)',
      prefix,
    ]).stdout;
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref = '', sha = '', type = ''] = line.split('\0');
        return { ref, sha, type };
      });
  }

  /** Three-way merge of two commits without a worktree (`git merge-tree --write-tree`, git ≥ 2.38). */
  mergeTree(ours: string, theirs: string): MergeTreeResult {
    return this.remember(`merge:${ours}:${theirs}`, () => this.computeMergeTree(ours, theirs));
  }

  private computeMergeTree(ours: string, theirs: string): MergeTreeResult {
    const result = this.git(['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs], {
      okCodes: [1],
    });
    const [tree = '', ...rest] = result.stdout.split('\n');
    return { clean: result.code === 0, tree: tree.trim(), conflicts: rest.filter(Boolean) };
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    if (ancestor === descendant) return true;
    return this.remember(
      `ancestor:${ancestor}:${descendant}`,
      () => this.git(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1] }).code === 0,
    );
  }

  mergeBase(a: string, b: string): string | null {
    return this.remember(`base:${a}:${b}`, () => {
      const result = this.git(['merge-base', a, b], { okCodes: [1] });
      return result.code === 0 ? result.stdout.trim() : null;
    });
  }

  /** Lines added/removed and files changed between two commits (`diff --numstat a...b`). */
  diffStats(base: string, head: string): { additions: number; deletions: number; changedFiles: number } {
    const out = this.remember(
      `numstat:${base}:${head}`,
      () => this.git(['diff', '--numstat', `${base}...${head}`]).stdout,
    );
    const rows = out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'));
    const sum = (i: number) => rows.reduce((n, row) => n + (Number(row[i]) || 0), 0);
    return { additions: sum(0), deletions: sum(1), changedFiles: rows.length };
  }

  /** Runs git with this repository as GIT_DIR (for callers that need plumbing not wrapped here). */
  raw(args: string[], options: Parameters<typeof runGit>[3] = {}) {
    return this.git(args, options);
  }

  get gitHome(): string {
    return this.home;
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  commitsBetween(base: string, head: string): string[] {
    return this.git(['rev-list', '--reverse', `${base}..${head}`])
      .stdout.split('\n')
      .filter(Boolean);
  }
}

/** git's well-known empty tree, which every repository can name without storing it. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const NOBODY: Required<GitIdentity> = { name: '', email: '', date: new Date(0).toISOString() };

/** `Name <email> 1700000000 +0100` → identity with an ISO date (UTC). */
function parseIdentity(value: string): Required<GitIdentity> {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) return { ...NOBODY, name: value };
  const seconds = Number(match[3]);
  return {
    name: match[1] ?? '',
    email: match[2] ?? '',
    date: new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'),
  };
}
