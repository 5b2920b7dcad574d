/**
 * The one place ref changes are recorded, whatever made them (refs API, `createCommitOnBranch`,
 * a git push, a merge): the branch and tag caches are updated, the `push`/`create`/`delete`
 * webhooks are sent, the activity log is written, listeners hear of it, and pull requests whose
 * head or base moved are refreshed (synchronize, auto-merge).
 */
import type { ActivityType } from './activity.js';
import { emitRefEvents } from './ref-events.js';
import type { SimStore } from './store.js';

export interface RefChange {
  ref: string;
  before: string | null;
  after: string | null;
  /** How the activity log names a merge that moved the ref (default: from the change itself). */
  kind?: 'pr_merge' | 'merge_queue_merge';
}

/** What listeners (e.g. an Actions `push` trigger) hear after a ref changed. */
export interface RefChangeEvent extends RefChange {
  repo: string;
  actor: string;
}

export type RefChangeListener = (event: RefChangeEvent) => void;

export class RefChangeRecorder {
  /** Tags last seen per repository (branches live in `repo.branches`), for `sync`. */
  private readonly tags = new Map<string, Map<string, string>>();
  private readonly listeners: RefChangeListener[] = [];

  constructor(private readonly store: SimStore) {}

  onRefChange(listener: RefChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** After a push: compares the repository's branches and tags with what was last recorded. */
  sync(repoKey: string, actor: string): RefChange[] {
    const repo = this.store.repos.require(repoKey);
    const bare = this.store.repos.bare(repo);
    const before = new Map<string, string>([
      ...[...repo.branches].map(([name, sha]): [string, string] => [`refs/heads/${name}`, sha]),
      ...this.knownTags(repo.fullName),
    ]);
    const now = new Map(
      [...bare.listRefs('refs/heads/'), ...bare.listRefs('refs/tags/')].map((r) => [r.ref, r.sha]),
    );
    const changes: RefChange[] = [];
    for (const [ref, sha] of now) {
      const old = before.get(ref) ?? null;
      if (old !== sha) changes.push({ ref, before: old, after: sha });
    }
    for (const [ref, sha] of before) if (!now.has(ref)) changes.push({ ref, before: sha, after: null });
    this.record(repoKey, actor, changes);
    return changes;
  }

  /** Records changes already made in the bare repository. */
  record(repoKey: string, actor: string, changes: RefChange[]): void {
    const repo = this.store.repos.require(repoKey);
    for (const change of changes) {
      this.remember(repo.fullName, change);
      if (change.ref.startsWith('refs/heads/') || change.ref.startsWith('refs/tags/')) {
        repo.pushedAt = this.store.now();
      }
      emitRefEvents(this.store, repo.fullName, change, actor);
      this.recordActivity(repo.fullName, change, actor);
      for (const listener of [...this.listeners]) listener({ ...change, repo: repo.fullName, actor });
    }
    for (const change of changes) {
      if (!change.ref.startsWith('refs/heads/')) continue;
      this.store.pulls.onBranchChanged(repo.fullName, change.ref.slice('refs/heads/'.length), change, actor);
    }
  }

  private remember(repoKey: string, change: RefChange): void {
    const repo = this.store.repos.require(repoKey);
    if (change.ref.startsWith('refs/heads/')) {
      const branch = change.ref.slice('refs/heads/'.length);
      if (change.after) repo.branches.set(branch, change.after);
      else repo.branches.delete(branch);
    } else if (change.ref.startsWith('refs/tags/')) {
      const tags = this.knownTags(repoKey);
      if (change.after) tags.set(change.ref, change.after);
      else tags.delete(change.ref);
    }
  }

  private knownTags(repoKey: string): Map<string, string> {
    const key = repoKey.toLowerCase();
    let tags = this.tags.get(key);
    if (!tags) {
      tags = new Map();
      this.tags.set(key, tags);
    }
    return tags;
  }

  /** Branches only: GitHub's activity log is about branches. */
  private recordActivity(repoKey: string, change: RefChange, actor: string): void {
    if (!change.ref.startsWith('refs/heads/')) return;
    this.store.activity.record(repoKey, { ...change, type: this.activityType(repoKey, change), actor });
  }

  private activityType(repoKey: string, change: RefChange): ActivityType {
    if (change.before === null) return 'branch_creation';
    if (change.after === null) return 'branch_deletion';
    if (change.kind) return change.kind;
    const bare = this.store.repos.bare(this.store.repos.require(repoKey));
    return bare.isAncestor(change.before, change.after) ? 'push' : 'force_push';
  }
}
