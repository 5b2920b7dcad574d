/**
 * Follow a task in review until its PR merges: merge it when it can (per `merge.mode`), update
 * its branch when it is behind or conflicts, start a resolve attempt when the update itself
 * conflicts, and send the task back to ready when the PR is closed without merging.
 */
import type { Snapshot } from '../../core/types.js';
import { emptyAttemptRecord } from '../github/record-schemas.js';
import { taskBranch } from '../publish/branch-names.js';
import { dispatchAttempt } from './dispatch-attempt.js';
import type { ReconcileContext } from './reconcile-context.js';
import { finishLabels, recordOutcome } from './settle-attempt.js';

/** States GitHub reports for a PR that can merge now (REST `mergeable_state`). */
const MERGEABLE_STATES = new Set(['clean', 'unstable', 'has_hooks']);

export async function followPullRequest(
  context: ReconcileContext,
  snapshot: Snapshot,
  task: number,
): Promise<void> {
  const { gateway, config } = context;
  const issue = snapshot.issues.find((candidate) => candidate.number === task);
  if (!issue || issue.state !== 'open') return;
  const branch = taskBranch(task, issue.title);
  const pr = await gateway.findPullRequest(branch);
  const record = snapshot.attempts[task] ?? emptyAttemptRecord();
  if (!pr || (pr.state === 'closed' && !pr.merged)) {
    const reason = pr
      ? `PR #${pr.number} was closed without merging.`
      : `The PR branch ${branch} has no pull request.`;
    const failed = recordOutcome(context, record, {
      outcome: 'failed',
      reason,
      durationMs: 0,
      costUsd: 0,
      wipBranch: null,
    });
    await gateway.writeAttempt(task, failed);
    await gateway.setLabels(task, { remove: [config.labels.review] });
    await finishLabels(context, task, failed);
    context.report.settled.push({ task, attempt: record.attempt, outcome: 'failed', reason, record: failed });
    return;
  }
  // Merged: GitHub closes the issue through the PR's closing keywords; the next snapshot sees it.
  if (pr.merged || config.merge.mode === 'manual') return;
  const current = await gateway.getPullRequest(pr.number);
  if (current.mergeableState === 'behind' || current.mergeableState === 'dirty') {
    const update = await gateway.updatePullRequestBranch(pr.number);
    context.report.changed = true;
    if (update === 'conflict' && current.mergeableState === 'dirty') {
      await gateway.setLabels(task, { remove: [config.labels.review] });
      await dispatchAttempt(
        context,
        { task, attempt: record.attempt + 1, mode: 'resolve', pullRequest: pr.number },
        record,
        snapshot.run,
      );
    }
    return;
  }
  if (!MERGEABLE_STATES.has(current.mergeableState)) return;
  const result = await gateway.mergePullRequest(pr.number, 'direct', config.merge.method);
  if (result.kind === 'merged') {
    context.report.merged.push(task);
    context.report.changed = true;
  }
}
