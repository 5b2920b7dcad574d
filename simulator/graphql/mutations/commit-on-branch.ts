/**
 * `createCommitOnBranch`: appends one commit to a branch named by its `Ref` node id or by
 * `repositoryNameWithOwner` + `branchName`, if the branch still points at `expectedHeadOid`.
 * The store does the commit, the push (webhooks, activity, pull requests) and the checks;
 * this resolves the branch as GitHub does and words the errors as GitHub's GraphQL API:
 *
 * - "Could not resolve to a node with the global id of '<id>'" / "Could not resolve to a
 *   Repository with the name '<nwo>'." / "Branch not found" (NOT_FOUND);
 * - "No commit exists with specified expectedHeadOid '<oid>'." (NOT_FOUND);
 * - "Expected branch to point to \"<oid>\" but it did not.  Pull and try again." (STALE_DATA);
 * - "A path was requested for deletion which does not exist as of commit oid `<head>`" (NOT_FOUND).
 */
import { writerOf } from '../../state/ref-writer.js';
import { parseRefNodeId } from '../../state/ref-node-id.js';
import { SimError } from '../../state/sim-error.js';
import type { RepoRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { GithubGraphqlFailure, notFound, unprocessable } from '../github-error.js';
import { assertCanWrite, canRead } from '../objects/access.js';
import { CommitObject } from '../objects/commit.js';
import { RefObject } from '../objects/ref.js';
import { unresolvable } from './input-nodes.js';

interface CreateCommitOnBranchInput {
  clientMutationId?: string | null;
  branch: { id?: string | null; repositoryNameWithOwner?: string | null; branchName?: string | null };
  expectedHeadOid: string;
  fileChanges?: {
    additions?: Array<{ path: string; contents: string }> | null;
    deletions?: Array<{ path: string }> | null;
  } | null;
  message: { headline: string; body?: string | null };
}

export function createCommitOnBranch(
  args: { input: CreateCommitOnBranchInput },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const { repo, branch } = resolveBranch(ctx, input.branch);
  assertCanWrite(ctx, repo, 'contents', 'write', 'createCommitOnBranch');
  let created: { sha: string; ref: string };
  try {
    created = ctx.store.commitOnBranch(repo, writerOf(ctx.auth), {
      branch,
      expectedHeadOid: input.expectedHeadOid,
      additions: input.fileChanges?.additions ?? [],
      deletions: input.fileChanges?.deletions ?? [],
      headline: input.message.headline,
      body: input.message.body ?? null,
    });
  } catch (error) {
    if (error instanceof SimError && error.status === 409)
      throw new GithubGraphqlFailure('STALE_DATA', error.message);
    throw error;
  }
  const info = ctx.store.commit(repo, created.sha);
  if (!info) throw new Error(`The commit ${created.sha} just made is missing`);
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: new CommitObject(repo, info, ctx),
    ref: new RefObject(repo, created.ref, ctx),
  };
}

function resolveBranch(
  ctx: GraphqlContext,
  branch: CreateCommitOnBranchInput['branch'],
): { repo: RepoRecord; branch: string } {
  if (branch.id) {
    const parsed = parseRefNodeId(branch.id);
    const repo = parsed ? ctx.store.repoById(parsed.repoId) : undefined;
    if (!parsed || !repo || !canRead(ctx, repo) || !parsed.ref.startsWith('refs/heads/')) {
      throw unresolvable(branch.id);
    }
    if (!ctx.store.refTarget(repo, parsed.ref)) throw unresolvable(branch.id);
    return { repo, branch: parsed.ref };
  }
  const nameWithOwner = branch.repositoryNameWithOwner;
  if (!nameWithOwner || !branch.branchName) {
    throw unprocessable('A branch must be given by id, or by repositoryNameWithOwner and branchName.');
  }
  const [owner = '', name = ''] = nameWithOwner.split('/', 2);
  const repo = ctx.store.repo(owner, name);
  if (!repo || !canRead(ctx, repo)) {
    throw notFound(`Could not resolve to a Repository with the name '${nameWithOwner}'.`);
  }
  const ref = `refs/heads/${branch.branchName.replace(/^refs\/heads\//, '')}`;
  if (!ctx.store.refTarget(repo, ref)) throw notFound('Branch not found');
  return { repo, branch: ref };
}
