/**
 * `mergePullRequest` and `updatePullRequestBranch`: the store performs the real git merge and
 * refuses as GitHub does (not mergeable, required check missing, head moved, nothing to update).
 */
import type { MergeMethod } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { unprocessable } from '../github-error.js';
import { assertCanWrite } from '../objects/access.js';
import { PullRequestObject } from '../objects/pull-request.js';
import { actorOf, pullRequestInput } from './input-nodes.js';

interface MergePullRequestInput {
  clientMutationId?: string | null;
  pullRequestId: string;
  mergeMethod?: 'MERGE' | 'SQUASH' | 'REBASE' | null;
  commitHeadline?: string | null;
  commitBody?: string | null;
  expectedHeadOid?: string | null;
}

export function mergePullRequest(args: { input: MergePullRequestInput }, ctx: GraphqlContext): object {
  const { input } = args;
  const pull = pullRequestInput(ctx, input.pullRequestId);
  assertCanWrite(ctx, ctx.store.repoOf(pull), 'contents', 'write', 'mergePullRequest');
  ctx.store.merge(
    pull,
    {
      mergeMethod: (input.mergeMethod?.toLowerCase() ?? 'merge') as MergeMethod,
      commitTitle: input.commitHeadline ?? null,
      commitMessage: input.commitBody ?? null,
      expectedHeadSha: input.expectedHeadOid ?? null,
    },
    actorOf(ctx),
  );
  return { clientMutationId: input.clientMutationId ?? null, pullRequest: new PullRequestObject(pull, ctx) };
}

export function updatePullRequestBranch(
  args: {
    input: {
      clientMutationId?: string | null;
      pullRequestId: string;
      expectedHeadOid?: string | null;
      updateMethod?: 'MERGE' | 'REBASE' | null;
    };
  },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const pull = pullRequestInput(ctx, input.pullRequestId);
  assertCanWrite(ctx, ctx.store.repoOf(pull), 'contents', 'write', 'updatePullRequestBranch');
  if (input.updateMethod === 'REBASE')
    throw unprocessable('The GitHub simulator updates branches by merge only.');
  ctx.store.updateBranch(pull, input.expectedHeadOid ?? null, actorOf(ctx));
  return { clientMutationId: input.clientMutationId ?? null, pullRequest: new PullRequestObject(pull, ctx) };
}
