/**
 * The webhooks a ref change sends: `push` for every change to a branch or tag, plus `create`
 * when it appears and `delete` when it goes. GitHub sends none for refs outside `refs/heads/`
 * and `refs/tags/` (e.g. `refs/drover/state`): "github does not fire webhooks for refs outside
 * refs/heads or refs/tags" (hashbang/git-signatures#7), and `create`/`delete` only know
 * `ref_type` "branch" and "tag".
 */
import { refKind } from '../git/ref-names.js';
import { presentCreate, presentDelete, presentPush, type RefUpdate } from '../payloads/push.js';
import { emitRepoEvent } from './events.js';
import type { SimStore } from './store.js';

export function emitRefEvents(store: SimStore, repoKey: string, change: RefUpdate, actor: string): void {
  if (refKind(change.ref) === 'other') return;
  const repo = store.repos.require(repoKey);
  emitRepoEvent(store, 'push', repo.fullName, actor, presentPush(store, repo, change, actor));
  if (change.before === null)
    emitRepoEvent(store, 'create', repo.fullName, actor, presentCreate(repo, change.ref));
  if (change.after === null) emitRepoEvent(store, 'delete', repo.fullName, actor, presentDelete(change.ref));
}
