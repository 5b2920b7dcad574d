/**
 * The Git Data API over the bare repositories (blobs, trees, commits, refs). Every ref change,
 * whatever made it (refs API, `createCommitOnBranch`, a git push through `syncRefs`, a merge),
 * is recorded through `recordChanges` (ref-changes.ts).
 *
 * Refs follow GitHub's refs API (see rest/git-data.ts for the endpoints): any fully qualified
 * name under `refs/` with at least three components, git's ref-name rules, 422 "Reference
 * already exists" on create, 422 "Update is not a fast forward" for a non-force update that does
 * not descend from the current commit (a compare-and-swap), and the `workflows` permission.
 */
import { changedWorkflowPaths } from '../git/workflow-paths.js';
import { GitError } from '../git/git-cli.js';
import { createRefNameProblem, writeRefNameProblem } from '../git/ref-names.js';
import type { TreeChange } from '../git/bare-repo.js';
import { RefChangeRecorder, type RefChange, type RefChangeListener } from './ref-changes.js';
import { asWriter, type RefWriter } from './ref-writer.js';
import type { SimStore } from './store.js';
import { BAD_OBJECT_STATE, checkTreeEntries, type TreeInputEntry } from './tree-input.js';
import { commitEmail } from './users.js';
import { notFound, SimError, validationFailed } from './sim-error.js';

export type { TreeInputEntry } from './tree-input.js';

export interface CommitInput {
  message: string;
  tree: string;
  parents?: string[];
  author?: { name: string; email: string; date?: string };
  committer?: { name: string; email: string; date?: string };
}

export type { RefChange, RefChangeEvent, RefChangeListener } from './ref-changes.js';

const SHA = /^[0-9a-f]{40}$/;
const ZERO = '0'.repeat(40);
/** GitHub's answer when an app or Actions token moves a ref over `.github/workflows/` changes. */
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

export class GitDataStore {
  /** Commits GitHub would show as "Verified" (signed by GitHub: made through the API or by merges). */
  private readonly verified = new Set<string>();
  private readonly changes: RefChangeRecorder;

  constructor(private readonly store: SimStore) {
    this.changes = new RefChangeRecorder(store);
  }

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

  createTree(repoKey: string, baseTree: string | undefined, entries: unknown[]): string {
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
    const checked = checkTreeEntries(entries);
    this.requireDeletedPaths(repoKey, baseTree ?? null, checked);
    const inline = checked.filter((entry) => entry.content !== undefined);
    const shas = bare.writeBlobs(
      inline.map((entry) => Buffer.from(entry.content as string, 'utf8')),
      this.store.env.tempDir('blobs'),
    );
    const written = new Map(inline.map((entry, i) => [entry, shas[i] as string]));
    const changes = checked.map((entry) => this.treeChange(repoKey, entry, written.get(entry)));
    return bare.createTree(baseTree ?? null, changes, this.store.env.tempDir('index'));
  }

  /** "Returns an error if you try to delete a file that does not exist." (create-a-tree) */
  private requireDeletedPaths(repoKey: string, baseTree: string | null, entries: TreeInputEntry[]): void {
    const deleted = entries.filter((entry) => entry.sha === null).map((entry) => entry.path);
    if (deleted.length === 0) return;
    const present = baseTree ? this.bare(repoKey).entriesAt(baseTree, deleted) : new Map();
    if (deleted.some((path) => !present.has(path))) throw new SimError(422, BAD_OBJECT_STATE);
  }

  private treeChange(repoKey: string, entry: TreeInputEntry, writtenSha?: string): TreeChange {
    const bare = this.bare(repoKey);
    if (entry.content !== undefined) {
      return { path: entry.path, mode: entry.mode, type: 'blob', sha: writtenSha ?? null };
    }
    if (entry.sha === null || entry.sha === undefined) {
      return { path: entry.path, mode: entry.mode, type: entry.type, sha: null };
    }
    if (entry.type !== 'commit' && bare.objectType(entry.sha) !== entry.type) {
      const message = `tree.sha ${entry.sha} is not a valid ${entry.type}`;
      throw new SimError(422, message, [{ resource: 'Tree', field: 'tree', code: 'invalid', message }]);
    }
    return { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha };
  }

  /**
   * A commit object. With neither author nor committer given, an app or Actions bot's commit is
   * committed by GitHub and signed (verified); anything custom leaves it unsigned.
   */
  createCommit(repoKey: string, actor: string | RefWriter, input: CommitInput): string {
    const writer = asWriter(actor);
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
    const user = this.store.users.require(writer.login);
    const now = this.store.now();
    const author = { name: user.login, email: commitEmail(user), date: now, ...input.author };
    const signed = writer.bot && !input.author && !input.committer;
    const committer = input.committer
      ? { date: now, ...input.committer }
      : signed
        ? { name: 'GitHub', email: 'noreply@github.com', date: now }
        : author;
    const sha = bare.commitTree(input.tree, parents, input.message, author, committer);
    if (signed) this.verified.add(sha);
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

  /** Every ref starting with `prefix` (`refs/heads/feat` matches `refs/heads/feature`), in name order. */
  matchingRefs(repoKey: string, prefix: string) {
    return this.bare(repoKey)
      .listRefs('refs/')
      .filter((r) => r.ref.startsWith(prefix))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  }

  createRef(repoKey: string, actor: string | RefWriter, ref: string, sha: string): void {
    const writer = asWriter(actor);
    const problem = createRefNameProblem(ref);
    if (problem) throw new SimError(422, problem);
    this.requireObject(repoKey, sha);
    this.requireWorkflowsAllowed(repoKey, writer, sha);
    if (this.getRef(repoKey, ref)) throw new SimError(422, 'Reference already exists');
    const bare = this.bare(repoKey);
    // git refuses a branch on anything but a commit, and a name that is a directory of another.
    if (ref.startsWith('refs/heads/') && bare.objectType(sha) !== 'commit') {
      throw new SimError(422, 'Reference update failed');
    }
    try {
      bare.updateRef(ref, sha, ZERO);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      throw new SimError(
        422,
        this.getRef(repoKey, ref) ? 'Reference already exists' : 'Reference update failed',
      );
    }
    this.recordChanges(repoKey, writer.login, [{ ref, before: null, after: sha }]);
  }

  /**
   * Moves a ref. Without `force` only to a descendant of the current commit, so a non-force
   * update is a compare-and-swap: it fails with 422 "Update is not a fast forward" unless the
   * new commit descends from the one the ref holds now.
   */
  updateRef(repoKey: string, actor: string | RefWriter, ref: string, sha: string, force: boolean): void {
    const writer = asWriter(actor);
    const problem = writeRefNameProblem(ref);
    if (problem) throw new SimError(422, problem);
    this.requireObject(repoKey, sha);
    this.requireWorkflowsAllowed(repoKey, writer, sha);
    const current = this.getRef(repoKey, ref);
    if (!current) throw new SimError(422, 'Reference does not exist');
    const bare = this.bare(repoKey);
    if (ref.startsWith('refs/heads/') && bare.objectType(sha) !== 'commit') {
      throw new SimError(422, 'Object is not a commit');
    }
    if (!force && !this.fastForward(repoKey, current.sha, sha)) {
      throw new SimError(422, 'Update is not a fast forward');
    }
    this.swapRef(repoKey, ref, sha, current.sha);
    this.recordChanges(repoKey, writer.login, [{ ref, before: current.sha, after: sha }]);
  }

  deleteRef(repoKey: string, actor: string | RefWriter, ref: string): void {
    const writer = asWriter(actor);
    const problem = writeRefNameProblem(ref);
    if (problem) throw new SimError(422, problem);
    const current = this.getRef(repoKey, ref);
    if (!current) throw new SimError(422, 'Reference does not exist');
    try {
      this.bare(repoKey).raw(['update-ref', '-d', ref, current.sha]);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      throw new SimError(404, 'Reference does not exist');
    }
    this.recordChanges(repoKey, writer.login, [{ ref, before: current.sha, after: null }]);
  }

  /**
   * The repository setting `delete_branch_on_merge`: once a pull request from a branch of the
   * same repository merged, GitHub deletes its head branch (a `delete` and a `push` event,
   * `branch_deletion` activity), unless it is the default branch or already gone.
   */
  deleteMergedHead(repoKey: string, headBranch: string, actor: string): void {
    const repo = this.store.repos.require(repoKey);
    if (!repo.deleteBranchOnMerge || headBranch === repo.defaultBranch) return;
    if (!repo.branches.has(headBranch)) return;
    this.deleteRef(repo.fullName, actor, `refs/heads/${headBranch}`);
  }

  /**
   * Moves a branch from `expected` to `sha` (a commit made on top of it) for `createCommitOnBranch`:
   * 409 "Stale" when the branch no longer points at `expected`.
   */
  advanceBranch(repoKey: string, writer: RefWriter, ref: string, expected: string, sha: string): void {
    const stale = new SimError(409, `${ref} is not at ${expected}`);
    if (this.getRef(repoKey, ref)?.sha !== expected) throw stale;
    this.swapRef(repoKey, ref, sha, expected, stale);
    this.recordChanges(repoKey, writer.login, [{ ref, before: expected, after: sha }]);
  }

  /**
   * Sets `ref` to `sha` only if it still holds `expected` (git's own compare-and-swap), so a
   * concurrent git push between our read and this write is never overwritten.
   */
  private swapRef(
    repoKey: string,
    ref: string,
    sha: string,
    expected: string,
    moved = new SimError(422, 'Reference cannot be updated'),
  ): void {
    try {
      this.bare(repoKey).updateRef(ref, sha, expected);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      throw moved;
    }
  }

  private fastForward(repoKey: string, from: string, to: string): boolean {
    const bare = this.bare(repoKey);
    if (!bare.resolveCommit(from) || !bare.resolveCommit(to)) return from === to;
    return bare.isAncestor(from, to);
  }

  /**
   * GitHub's refs API checks the `workflows` permission against the default branch for creates
   * and updates alike ("We don't have safe access to the before OID"), so an app or Actions
   * token without it cannot point any ref at a commit whose `.github/workflows/` differs from
   * the default branch's. It answers 403 "Resource not accessible by integration".
   */
  private requireWorkflowsAllowed(repoKey: string, writer: RefWriter, sha: string): void {
    if (writer.mayWriteWorkflows) return;
    const repo = this.store.repos.require(repoKey);
    const base = repo.branches.get(repo.defaultBranch) ?? null;
    if (changedWorkflowPaths(this.bare(repoKey), base, sha).length > 0)
      throw new SimError(403, NOT_ACCESSIBLE);
  }

  /** Calls `listener` after every recorded ref change (branches, tags and other refs). */
  onRefChange(listener: RefChangeListener): () => void {
    return this.changes.onRefChange(listener);
  }

  /** After a push: records what changed in the repository's branches and tags. */
  syncRefs(repoKey: string, actor: string): RefChange[] {
    return this.changes.sync(repoKey, actor);
  }

  /** Records ref changes already made in the bare repository (see ref-changes.ts). */
  recordChanges(repoKey: string, actor: string, changes: RefChange[]): void {
    this.changes.record(repoKey, actor, changes);
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
