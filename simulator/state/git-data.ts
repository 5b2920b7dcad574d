/**
 * The Git Data API over the bare repositories (blobs, trees, commits, refs), and the one place
 * ref changes are recorded: the branch cache is updated, `push` is emitted and pull requests
 * whose head or base moved are refreshed. Pushes over smart HTTP come through `syncRefs`.
 */
import { presentSimpleUser } from '../payloads/user.js';
import type { TreeChange } from '../git/bare-repo.js';
import { emitRepoEvent } from './events.js';
import type { SimStore } from './store.js';
import { commitEmail } from './users.js';
import { notFound, SimError, validationFailed } from './sim-error.js';
import type { RepoRecord } from './types.js';

export interface TreeInputEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha?: string | null;
  content?: string;
}

export interface CommitInput {
  message: string;
  tree: string;
  parents?: string[];
  author?: { name: string; email: string; date?: string };
  committer?: { name: string; email: string; date?: string };
}

export interface RefChange {
  ref: string;
  before: string | null;
  after: string | null;
}

const MODES = new Set(['100644', '100755', '040000', '160000', '120000']);
const SHA = /^[0-9a-f]{40}$/;
const ZERO = '0'.repeat(40);

export class GitDataStore {
  /** Commits GitHub would show as "Verified" (made through the API or by merges). */
  private readonly verified = new Set<string>();

  constructor(private readonly store: SimStore) {}

  createBlob(repoKey: string, content: string, encoding: 'utf-8' | 'base64' = 'utf-8'): string {
    if (typeof content !== 'string')
      throw validationFailed([{ resource: 'Blob', field: 'content', code: 'missing_field' }]);
    if (encoding !== 'utf-8' && encoding !== 'base64') {
      throw validationFailed([
        { resource: 'Blob', field: 'encoding', code: 'invalid', message: 'encoding must be utf-8 or base64' },
      ]);
    }
    const bytes = encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
    return this.bare(repoKey).writeBlob(bytes);
  }

  readBlob(repoKey: string, sha: string): Buffer {
    const bare = this.bare(repoKey);
    if (bare.objectType(sha) !== 'blob') throw notFound();
    return bare.readBlob(sha);
  }

  createTree(repoKey: string, baseTree: string | undefined, entries: TreeInputEntry[]): string {
    const bare = this.bare(repoKey);
    if (baseTree !== undefined && bare.objectType(baseTree) !== 'tree') {
      throw validationFailed([
        {
          resource: 'Tree',
          field: 'base_tree',
          code: 'invalid',
          message: 'base_tree is not a valid tree oid',
        },
      ]);
    }
    if (!Array.isArray(entries))
      throw validationFailed([{ resource: 'Tree', field: 'tree', code: 'missing_field' }]);
    const inline = entries.filter((entry) => entry.content !== undefined);
    const shas = bare.writeBlobs(
      inline.map((entry) => Buffer.from(entry.content as string, 'utf8')),
      this.store.env.tempDir('blobs'),
    );
    const written = new Map(inline.map((entry, i) => [entry, shas[i] as string]));
    const changes = entries.map((entry) =>
      this.treeChange(repoKey, entry, baseTree !== undefined, written.get(entry)),
    );
    return bare.createTree(baseTree ?? null, changes, this.store.env.tempDir('index'));
  }

  private treeChange(
    repoKey: string,
    entry: TreeInputEntry,
    hasBase: boolean,
    writtenSha?: string,
  ): TreeChange {
    const bare = this.bare(repoKey);
    const invalid = (message: string) =>
      new SimError(422, `tree.path ${message}`, [
        { resource: 'Tree', field: 'tree', code: 'invalid', message },
      ]);
    if (
      typeof entry.path !== 'string' ||
      !entry.path ||
      entry.path.startsWith('/') ||
      entry.path.split('/').includes('..')
    ) {
      throw invalid(`"${entry.path}" is not a valid path`);
    }
    if (!MODES.has(entry.mode))
      throw invalid(`mode "${entry.mode}" is not one of 100644, 100755, 040000, 160000, 120000`);
    if (entry.content !== undefined && entry.sha !== undefined)
      throw invalid('Must supply either tree.sha or tree.content, not both');
    if (entry.content !== undefined) {
      return {
        path: entry.path,
        mode: entry.mode,
        type: 'blob',
        sha: writtenSha ?? bare.writeBlob(Buffer.from(entry.content, 'utf8')),
      };
    }
    if (entry.sha === null) {
      if (!hasBase) throw invalid('A null sha deletes a path and needs base_tree');
      return { path: entry.path, mode: entry.mode, type: entry.type, sha: null };
    }
    if (
      typeof entry.sha !== 'string' ||
      (entry.type !== 'commit' && bare.objectType(entry.sha) !== entry.type)
    ) {
      throw invalid(`sha ${String(entry.sha)} is not a valid ${entry.type}`);
    }
    return { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha };
  }

  createCommit(repoKey: string, actor: string, input: CommitInput, viaApp: boolean): string {
    const bare = this.bare(repoKey);
    if (typeof input.message !== 'string')
      throw validationFailed([{ resource: 'Commit', field: 'message', code: 'missing_field' }]);
    if (bare.objectType(input.tree) !== 'tree')
      throw validationFailed([
        { resource: 'Commit', field: 'tree', code: 'invalid', message: 'Tree SHA does not exist' },
      ]);
    const parents = input.parents ?? [];
    for (const parent of parents) {
      if (bare.objectType(parent) !== 'commit') {
        throw validationFailed([
          {
            resource: 'Commit',
            field: 'parents',
            code: 'invalid',
            message: 'Parent SHA does not exist or is not a commit object',
          },
        ]);
      }
    }
    const user = this.store.users.require(actor);
    const now = this.store.now();
    const self = {
      name: user.login,
      email: commitEmail(user),
      date: now,
    };
    const author = { ...self, ...input.author };
    const committer = input.committer
      ? { date: now, ...input.committer }
      : viaApp
        ? { name: 'GitHub', email: 'noreply@github.com', date: now }
        : author;
    const sha = bare.commitTree(input.tree, parents, input.message, author, committer);
    if (viaApp && !input.committer) this.verified.add(sha);
    return sha;
  }

  markVerified(sha: string): void {
    this.verified.add(sha);
  }

  isVerified(sha: string): boolean {
    return this.verified.has(sha);
  }

  /** A full ref (`refs/heads/x`) → sha and object type, or undefined. */
  getRef(repoKey: string, ref: string): { ref: string; sha: string; type: string } | undefined {
    return this.bare(repoKey)
      .listRefs(ref)
      .find((r) => r.ref === ref);
  }

  /** Refs starting with `prefix` (`refs/heads/feat` matches `refs/heads/feature`), sorted. */
  matchingRefs(repoKey: string, prefix: string) {
    return this.bare(repoKey)
      .listRefs('refs/')
      .filter((r) => r.ref.startsWith(prefix))
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }

  createRef(repoKey: string, actor: string, ref: string, sha: string): void {
    if (!/^refs\/[^/]+\/.+/.test(ref ?? '')) {
      throw new SimError(422, 'Reference name must start with refs/ and have at least two slashes');
    }
    if (this.getRef(repoKey, ref)) throw new SimError(422, 'Reference already exists');
    this.requireObject(repoKey, sha);
    this.bare(repoKey).updateRef(ref, sha, ZERO);
    this.recordChanges(repoKey, actor, [{ ref, before: null, after: sha }]);
  }

  updateRef(repoKey: string, actor: string, ref: string, sha: string, force: boolean): void {
    const current = this.getRef(repoKey, ref);
    if (!current) throw new SimError(422, 'Reference does not exist');
    this.requireObject(repoKey, sha);
    if (!force && !this.bare(repoKey).isAncestor(current.sha, sha))
      throw new SimError(422, 'Update is not a fast forward');
    this.bare(repoKey).updateRef(ref, sha, current.sha);
    this.recordChanges(repoKey, actor, [{ ref, before: current.sha, after: sha }]);
  }

  deleteRef(repoKey: string, actor: string, ref: string): void {
    const current = this.getRef(repoKey, ref);
    if (!current) throw new SimError(422, 'Reference does not exist');
    this.bare(repoKey).deleteRef(ref);
    this.recordChanges(repoKey, actor, [{ ref, before: current.sha, after: null }]);
  }

  /** After a push: compares the repository's branches with the cache and records the changes. */
  syncRefs(repoKey: string, actor: string): RefChange[] {
    const repo = this.store.repos.require(repoKey);
    const now = new Map(
      this.bare(repoKey)
        .listRefs('refs/heads/')
        .map((r) => [r.ref.slice('refs/heads/'.length), r.sha]),
    );
    const changes: RefChange[] = [];
    for (const [branch, sha] of now) {
      const before = repo.branches.get(branch) ?? null;
      if (before !== sha) changes.push({ ref: `refs/heads/${branch}`, before, after: sha });
    }
    for (const [branch, sha] of repo.branches) {
      if (!now.has(branch)) changes.push({ ref: `refs/heads/${branch}`, before: sha, after: null });
    }
    this.recordChanges(repoKey, actor, changes);
    return changes;
  }

  /** Updates the branch cache, emits `push` per ref and lets pull requests react. */
  recordChanges(repoKey: string, actor: string, changes: RefChange[]): void {
    const repo = this.store.repos.require(repoKey);
    for (const change of changes) {
      if (!change.ref.startsWith('refs/heads/')) continue;
      const branch = change.ref.slice('refs/heads/'.length);
      if (change.after) repo.branches.set(branch, change.after);
      else repo.branches.delete(branch);
      repo.pushedAt = this.store.now();
      this.emitPush(repo, actor, change);
    }
    for (const change of changes) {
      if (!change.ref.startsWith('refs/heads/')) continue;
      this.store.pulls.onBranchChanged(repo.fullName, change.ref.slice('refs/heads/'.length), change, actor);
    }
  }

  private emitPush(repo: RepoRecord, actor: string, change: RefChange): void {
    const user = this.store.users.require(actor);
    const bare = this.store.repos.bare(repo);
    const headCommit = change.after ? this.commitSummary(repo, change.after) : null;
    let newCommits: string[] = [];
    if (change.after)
      newCommits = change.before
        ? bare.commitsBetween(change.before, change.after).slice(-20)
        : [change.after];
    emitRepoEvent(this.store, 'push', repo.fullName, actor, {
      ref: change.ref,
      before: change.before ?? ZERO,
      after: change.after ?? ZERO,
      created: change.before === null,
      deleted: change.after === null,
      forced: Boolean(change.before && change.after && !bare.isAncestor(change.before, change.after)),
      base_ref: null,
      compare: `${this.store.urls.web}/${repo.fullName}/compare/${(change.before ?? ZERO).slice(0, 12)}...${(change.after ?? ZERO).slice(0, 12)}`,
      commits: newCommits.map((sha) => this.commitSummary(repo, sha)),
      head_commit: headCommit,
      pusher: { name: user.login, email: user.email },
      sender: presentSimpleUser(this.store.urls, user),
    });
  }

  private commitSummary(repo: RepoRecord, sha: string): Record<string, unknown> {
    const info = this.store.repos.bare(repo).readCommit(sha);
    return {
      id: sha,
      tree_id: info.tree,
      distinct: true,
      message: info.message.replace(/\n$/, ''),
      timestamp: info.committer.date,
      url: `${this.store.urls.web}/${repo.fullName}/commit/${sha}`,
      author: { name: info.author.name, email: info.author.email },
      committer: { name: info.committer.name, email: info.committer.email },
      added: [],
      removed: [],
      modified: [],
    };
  }

  private requireObject(repoKey: string, sha: string): void {
    if (typeof sha !== 'string' || !SHA.test(sha) || !this.bare(repoKey).objectType(sha)) {
      throw new SimError(422, 'Object does not exist');
    }
  }

  private bare(repoKey: string) {
    return this.store.repos.bare(this.store.repos.require(repoKey));
  }
}
