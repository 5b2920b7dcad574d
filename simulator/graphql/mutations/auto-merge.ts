/**
 * `enablePullRequestAutoMerge` / `disablePullRequestAutoMerge`. Like GitHub, the store refuses
 * to arm auto-merge on a pull request that could merge right now ("Pull request Pull request is
 * in clean status"), and merges an armed one as soon as its required checks pass.
 */
import type { MergeMethod } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { unprocessable } from '../github-error.js';
import { assertCanWrite } from '../objects/access.js';
import { actorByLogin } from '../objects/actor.js';
import { PullRequestObject } from '../objects/pull-request.js';
import { actorOf, pullRequestInput } from './input-nodes.js';

interface EnableAutoMergeInput {
  clientMutationId?: string | null;
  pullRequestId: string;
  mergeMethod?: 'MERGE' | 'SQUASH' | 'REBASE' | null;
  commitHeadline?: string | null;
  commitBody?: string | null;
  expectedHeadOid?: string | null;
}

export function enablePullRequestAutoMerge(
  args: { input: EnableAutoMergeInput },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const pull = pullRequestInput(ctx, input.pullRequestId);
  assertCanWrite(ctx, ctx.store.repoOf(pull), 'pull_requests', 'write', 'enablePullRequestAutoMerge');
  if (input.expectedHeadOid && input.expectedHeadOid !== pull.headSha) {
    throw unprocessable('Pull request The expected head OID does not match the head of the pull request');
  }
  ctx.store.enableAutoMerge(
    pull,
    {
      // "If omitted, defaults to `MERGE`" (EnablePullRequestAutoMergeInput.mergeMethod).
      mergeMethod: (input.mergeMethod?.toLowerCase() ?? 'merge') as MergeMethod,
      commitTitle: input.commitHeadline ?? null,
      commitMessage: input.commitBody ?? null,
    },
    actorOf(ctx),
  );
  return payload(ctx, input, pull.number, pull.repo);
}

export function disablePullRequestAutoMerge(
  args: { input: { clientMutationId?: string | null; pullRequestId: string } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const pull = pullRequestInput(ctx, input.pullRequestId);
  assertCanWrite(ctx, ctx.store.repoOf(pull), 'pull_requests', 'write', 'disablePullRequestAutoMerge');
  ctx.store.disableAutoMerge(pull, actorOf(ctx));
  return payload(ctx, input, pull.number, pull.repo);
}

/** Re-reads the pull request: enabling may already have merged it. */
function payload(
  ctx: GraphqlContext,
  input: { clientMutationId?: string | null },
  number: number,
  repoKey: string,
): object {
  const repo = ctx.store.repoOf({ repo: repoKey });
  const pull = ctx.store.pullByNumber(repo, number);
  return {
    clientMutationId: input.clientMutationId ?? null,
    actor: actorByLogin(ctx, ctx.auth.login),
    pullRequest: pull ? new PullRequestObject(pull, ctx) : null,
  };
}
