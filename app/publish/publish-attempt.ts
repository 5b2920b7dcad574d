/**
 * Write a successful attempt's patch: commits on `drover/<issue>-<slug>` (Git Data API), the
 * PR (found by head branch before it is opened), and then (requestMerge) the merge per `merge.mode`.
 * Repeating it after a crash re-points the branch at identical content and finds the PR that
 * exists, so the end state has one branch and one PR.
 */
import type { AttemptOutcome, AttemptPatch } from '../../core/attempt-artifact.js';
import type { PullRequestInfo } from '../../core/gateway.js';
import type { ReconcileContext } from '../reconcile/reconcile-context.js';
import { taskBranch, wipBranch } from './branch-names.js';
import { commitsFromPatch } from './commits-from-patch.js';
import { pullRequestBody, pullRequestTitle } from './pull-request-body.js';

export interface PublishInput {
  task: number;
  title: string;
  children: number[];
  outcome: AttemptOutcome;
  patch: AttemptPatch;
  runUrl: string | null;
}

export async function publishAttempt(
  context: ReconcileContext,
  input: PublishInput,
): Promise<PullRequestInfo> {
  const { gateway } = context;
  const branch = taskBranch(input.task, input.title);
  const base = await gateway.defaultBranch();
  await gateway.writeCommits(branch, input.patch.baseSha, commitsFromPatch(input.patch));
  const title = pullRequestTitle(input.task, input.title);
  const body = pullRequestBody({
    task: input.task,
    children: input.children,
    outcome: input.outcome,
    runUrl: input.runUrl,
  });
  const existing = await gateway.findPullRequest(branch);
  const pr =
    existing && existing.state === 'open'
      ? existing
      : await gateway.openPullRequest({ head: branch, base: base.name, title, body });
  if (existing && existing.state === 'open')
    await gateway.updatePullRequest(existing.number, { title, body });
  context.report.pullRequests.push({ task: input.task, number: pr.number, url: pr.url });
  context.report.changed = true;
  return pr;
}

/**
 * Ask for the merge per `merge.mode`. Called after the task's labels say `drover:review`, so a
 * merge (which closes the issue and takes it out of the next snapshot) never strands a label.
 */
export async function requestMerge(
  context: ReconcileContext,
  task: number,
  pr: PullRequestInfo,
): Promise<void> {
  const { gateway, config } = context;
  if (config.merge.mode === 'manual') return;
  const result = await gateway.mergePullRequest(pr.number, config.merge.mode, config.merge.method);
  if (result.kind === 'merged') context.report.merged.push(task);
  context.log.info(`PR #${pr.number} for #${task}: ${result.kind}`);
}

/** Keep a failed or blocked attempt's partial work on a WIP branch; returns the branch name. */
export async function keepPartialWork(
  context: ReconcileContext,
  task: number,
  attempt: number,
  patch: AttemptPatch,
): Promise<string | null> {
  if (patch.commits.length === 0) return null;
  const branch = wipBranch(task, attempt);
  await context.gateway.writeCommits(branch, patch.baseSha, commitsFromPatch(patch));
  context.report.changed = true;
  return branch;
}
