/**
 * GraphQL `createCommitOnBranch` in the store: one commit on top of a branch's head, its tree
 * the head's plus `additions` (base64 contents) minus `deletions`, then the branch moved to it
 * as a push (webhooks, activity, pull requests). As GitHub documents and does:
 *
 * - the commit's parent is the branch head, and the branch must still point at
 *   `expectedHeadOid` (a compare-and-swap), or nothing moves;
 * - author is the caller, committer is GitHub (`web-flow`, "GitHub <noreply@github.com>"), and
 *   the commit is signed by GitHub (verified);
 * - an added file keeps an existing file's executable bit, else it is a regular file (100644):
 *   the mutation cannot make symlinks or submodules, nor change modes;
 * - a deletion of a path the head does not have aborts the commit.
 *
 * Errors are SimErrors whose status the mutation turns into GitHub's GraphQL type: 404
 * NOT_FOUND, 409 STALE_DATA, 422 UNPROCESSABLE, 403 FORBIDDEN.
 */
import type { TreeEntry } from '../git/bare-repo.js';
import { MALFORMED_PATH, treePathProblem } from '../git/verify-path.js';
import { changedWorkflowPaths } from '../git/workflow-paths.js';
import type { RefWriter } from './ref-writer.js';
import type { SimStore } from './store.js';
import { SimError } from './sim-error.js';
import type { TreeInputEntry } from './tree-input.js';
import { commitEmail } from './users.js';

export interface CommitOnBranchInput {
  /** `main` or `refs/heads/main`. */
  branch: string;
  expectedHeadOid: string;
  additions: Array<{ path: string; contents: string }>;
  deletions: Array<{ path: string }>;
  headline: string;
  body?: string | null;
}

export function commitOnBranch(
  store: SimStore,
  repoKey: string,
  writer: RefWriter,
  input: CommitOnBranchInput,
): { sha: string; ref: string } {
  const repo = store.repos.require(repoKey);
  const bare = store.repos.bare(repo);
  const ref = `refs/heads/${input.branch.replace(/^refs\/heads\//, '')}`;
  const head = store.git.getRef(repo.fullName, ref)?.sha;
  if (!head) throw new SimError(404, 'Branch not found');
  if (!/^[0-9a-f]{40}$/.test(input.expectedHeadOid) || bare.objectType(input.expectedHeadOid) !== 'commit') {
    throw new SimError(404, `No commit exists with specified expectedHeadOid '${input.expectedHeadOid}'.`);
  }
  for (const { path } of [...input.additions, ...input.deletions]) {
    if (treePathProblem(path, '100644')) throw new SimError(422, MALFORMED_PATH);
  }
  const headTree = bare.readCommit(head).tree;
  const present = bare.entriesAt(
    headTree,
    [...input.additions, ...input.deletions].map((change) => change.path),
  );
  if (input.deletions.some(({ path }) => !['blob', 'commit'].includes(present.get(path)?.type ?? ''))) {
    throw new SimError(
      404,
      `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
    );
  }
  const tree = store.git.createTree(repo.fullName, headTree, treeEntries(store, repoKey, present, input));
  requireWorkflowsAllowed(store, repoKey, writer, headTree, tree, input);
  const user = store.users.require(writer.login);
  const now = store.now();
  const message = input.body ? `${input.headline}\n\n${input.body}` : input.headline;
  const sha = bare.commitTree(
    tree,
    [head],
    message,
    { name: user.login, email: commitEmail(user), date: now },
    { name: 'GitHub', email: 'noreply@github.com', date: now },
  );
  store.git.markVerified(sha);
  try {
    store.git.advanceBranch(repo.fullName, writer, ref, input.expectedHeadOid, sha);
  } catch (error) {
    if (!(error instanceof SimError) || error.status !== 409) throw error;
    throw new SimError(
      409,
      `Expected branch to point to ${JSON.stringify(input.expectedHeadOid)} but it did not.  Pull and try again.`,
    );
  }
  return { sha, ref };
}

/** Additions as blobs (the last one for a path wins), deletions as `sha: null`, which win over additions. */
function treeEntries(
  store: SimStore,
  repoKey: string,
  existing: Map<string, TreeEntry>,
  input: CommitOnBranchInput,
): TreeInputEntry[] {
  const bare = store.repos.bare(store.repos.require(repoKey));
  const contents = input.additions.map((addition) => Buffer.from(addition.contents, 'base64'));
  const shas = bare.writeBlobs(contents, store.env.tempDir('blobs'));
  const entries = new Map<string, TreeInputEntry>();
  input.additions.forEach((addition, i) => {
    const mode = existing.get(addition.path)?.mode === '100755' ? '100755' : '100644';
    entries.set(addition.path, { path: addition.path, mode, type: 'blob', sha: shas[i] as string });
  });
  for (const { path } of input.deletions) {
    const mode = existing.get(path)?.mode ?? '100644';
    entries.set(path, { path, mode, type: mode === '160000' ? 'commit' : 'blob', sha: null });
  }
  return [...entries.values()];
}

/**
 * An app or Actions token without `workflows: write` may not change `.github/workflows/`: an
 * added or changed workflow fails the mutation's access check ("Resource not accessible by
 * integration"); a deletion fails the ref update with git's refusal.
 */
function requireWorkflowsAllowed(
  store: SimStore,
  repoKey: string,
  writer: RefWriter,
  headTree: string,
  tree: string,
  input: CommitOnBranchInput,
): void {
  if (writer.mayWriteWorkflows) return;
  const bare = store.repos.bare(store.repos.require(repoKey));
  const changed = changedWorkflowPaths(bare, headTree, tree);
  if (changed.length === 0) return;
  const added = new Set(input.additions.map((addition) => addition.path));
  if (changed.some((path) => added.has(path)))
    throw new SimError(403, 'Resource not accessible by integration');
  throw new SimError(
    403,
    `refusing to allow a GitHub App to create or update workflow \`${changed[0]}\` without \`workflows\` permission`,
  );
}
