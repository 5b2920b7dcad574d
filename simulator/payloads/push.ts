/**
 * The ref-event payloads (`push`, `create`, `delete`) without `repository`, `sender`,
 * `installation` and `organization`, which `emitRepoEvent` adds. Shapes follow @octokit/openapi's
 * `webhook-push`, `webhook-create` and `webhook-delete` and @octokit/webhooks-examples:
 * `create`/`delete` name the ref without `refs/heads/` or `refs/tags/`; a push lists at most
 * 2,048 commits, each with the files it added, removed and modified.
 */
import type { BareRepo } from '../git/bare-repo.js';
import { shortRefName } from '../git/ref-names.js';
import type { SimStore } from '../state/store.js';
import type { RepoRecord } from '../state/types.js';
import { commitEmail } from '../state/users.js';

/** "The array includes a maximum of 2048 commits." (`webhook-push.commits`) */
const MAX_PUSH_COMMITS = 2048;
const ZERO = '0'.repeat(40);

export interface RefUpdate {
  ref: string;
  before: string | null;
  after: string | null;
}

export function presentPush(
  store: SimStore,
  repo: RepoRecord,
  change: RefUpdate,
  pusher: string,
): Record<string, unknown> {
  const bare = store.repos.bare(repo);
  const user = store.users.require(pusher);
  const { before, after } = change;
  return {
    ref: change.ref,
    before: before ?? ZERO,
    after: after ?? ZERO,
    created: before === null,
    deleted: after === null,
    forced: Boolean(before && after && !bare.isAncestor(before, after)),
    base_ref: null,
    compare: compareUrl(store, repo, change),
    commits: pushedCommits(store, repo, change).map((sha) => presentPushCommit(store, repo, sha)),
    head_commit: after ? presentPushCommit(store, repo, after) : null,
    pusher: { name: user.login, email: user.email },
  };
}

export function presentCreate(repo: RepoRecord, ref: string): Record<string, unknown> {
  return {
    ref: shortRefName(ref),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    master_branch: repo.defaultBranch,
    description: null,
    pusher_type: 'user',
  };
}

export function presentDelete(ref: string): Record<string, unknown> {
  return {
    ref: shortRefName(ref),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    pusher_type: 'user',
  };
}

/**
 * The commits a push brought: between `before` and `after`; for a new branch, those not on the
 * default branch; none for a new tag or a deletion.
 */
function pushedCommits(store: SimStore, repo: RepoRecord, change: RefUpdate): string[] {
  const { before, after } = change;
  if (!after) return [];
  const bare = store.repos.bare(repo);
  if (before) return bare.commitsBetween(before, after).slice(-MAX_PUSH_COMMITS);
  if (change.ref.startsWith('refs/tags/')) return [];
  const base = repo.branches.get(repo.defaultBranch);
  const commits = base && base !== after ? bare.commitsBetween(base, after) : [];
  return commits.slice(-MAX_PUSH_COMMITS);
}

function compareUrl(store: SimStore, repo: RepoRecord, change: RefUpdate): string {
  const base = `${store.urls.web}/${repo.fullName}/compare`;
  if (change.before === null) return `${base}/${shortRefName(change.ref)}`;
  return `${base}/${change.before.slice(0, 12)}...${(change.after ?? ZERO).slice(0, 12)}`;
}

export function presentPushCommit(store: SimStore, repo: RepoRecord, sha: string): Record<string, unknown> {
  const bare = store.repos.bare(repo);
  const info = bare.readCommit(sha);
  const files = filesOf(bare, sha, info.parents[0] ?? null);
  return {
    id: sha,
    tree_id: info.tree,
    distinct: true,
    message: info.message.replace(/\n$/, ''),
    timestamp: info.committer.date,
    url: `${store.urls.web}/${repo.fullName}/commit/${sha}`,
    author: gitActor(store, info.author),
    committer: gitActor(store, info.committer),
    ...files,
  };
}

function filesOf(bare: BareRepo, sha: string, parent: string | null) {
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const change of bare.changedPaths(parent, sha)) {
    if (change.status === 'A') added.push(change.path);
    else if (change.status === 'D') removed.push(change.path);
    else modified.push(change.path);
  }
  return { added, removed, modified };
}

/** A git identity, with the GitHub `username` whose address it carries (as GitHub adds). */
function gitActor(store: SimStore, identity: { name: string; email: string }): Record<string, unknown> {
  const user = store.users.all().find((candidate) => commitEmail(candidate) === identity.email);
  return { name: identity.name, email: identity.email, ...(user && { username: user.login }) };
}
