/**
 * Turn a finished run into the task's next state: read its artifact, publish a success, keep
 * partial work of a failure on a WIP branch, and record the outcome. Writes happen in this
 * order: branch/PR, attempt marker, labels. The marker is the commit point: once it holds the
 * outcome, a later reconcile only finishes the labels (finishLabels) and never publishes again.
 */
import { attemptsExhausted, nextRetryAt } from '../../core/backoff.js';
import { attemptArtifactName } from '../../core/attempt-artifact.js';
import type { PullRequestInfo, WorkflowRunInfo } from '../../core/gateway.js';
import type { AttemptRecord, IssueInput } from '../../core/types.js';
import { artifactLimits } from '../publish/artifact-limits.js';
import { checkPatch } from '../publish/check-patch.js';
import { keepPartialWork, publishAttempt, requestMerge } from '../publish/publish-attempt.js';
import { readAttemptArtifact } from '../publish/read-attempt-artifact.js';
import type { ReconcileContext } from './reconcile-context.js';

export type Settlement = {
  pullRequest?: PullRequestInfo;

  outcome: 'success' | 'failed' | 'blocked';
  reason: string | null;
  durationMs: number;
  costUsd: number;
  wipBranch: string | null;
};

/** Labels that must be on (and off) a task whose last attempt ended this way. */
export async function finishLabels(
  context: ReconcileContext,
  task: number,
  record: AttemptRecord,
): Promise<void> {
  const { labels, max_attempts } = context.config;
  const add: string[] = [];
  if (record.lastOutcome === 'success') add.push(labels.review);
  if (record.lastOutcome === 'blocked') add.push(labels.blocked);
  if (attemptsExhausted(record.attempt, record.lastOutcome, max_attempts)) {
    add.push(labels.failed);
    context.report.failed.push(task);
  }
  await context.gateway.setLabels(task, { add, remove: [labels.running] });
  context.report.changed = true;
}

function runDurationMs(run: WorkflowRunInfo | null): number {
  if (!run) return 0;
  return Math.max(0, Date.parse(run.updatedAt) - Date.parse(run.createdAt)) || 0;
}

async function settlementOf(
  context: ReconcileContext,
  issue: IssueInput,
  children: number[],
  record: AttemptRecord,
  run: WorkflowRunInfo | null,
): Promise<Settlement> {
  const failed = (reason: string, wip: string | null = null): Settlement => ({
    outcome: 'failed',
    reason,
    durationMs: runDurationMs(run),
    costUsd: 0,
    wipBranch: wip,
  });
  if (!run) return failed(`Run ${record.runId} vanished: GitHub no longer knows it.`);
  const zip = await context.gateway.downloadArtifact(
    run.id,
    attemptArtifactName(issue.number, record.attempt),
  );
  if (!zip)
    return failed(
      `The run ended (${run.conclusion ?? 'no conclusion'}) without an attempt artifact: ${run.url}`,
    );
  const contents = readAttemptArtifact(
    zip,
    { task: issue.number, attempt: record.attempt },
    artifactLimits(context.config.patch),
  );
  if (!contents.ok) return failed(contents.reason);
  const { outcome, patch } = contents;
  const base = { durationMs: outcome.durationMs, costUsd: outcome.costUsd ?? 0 };
  // Every sub-issue of this repository may have its commit (the action works closed ones too).
  const subIssues = issue.subIssues.filter((child) => child.repo === issue.repo).map((child) => child.number);
  const scope = { task: issue.number, subIssues, attempt: record.attempt, agent: context.config.agent.name };
  const checked = patch ? checkPatch(patch, context.config.patch, scope) : null;
  if (checked && !checked.ok) return { ...base, outcome: 'failed', reason: checked.reason, wipBranch: null };
  if (outcome.status !== 'success') {
    const wip =
      checked?.ok && outcome.partial
        ? await keepPartialWork(context, issue.number, record.attempt, checked.patch)
        : null;
    return {
      ...base,
      outcome: outcome.status,
      reason: outcome.reason ?? `The agent reported ${outcome.status} without a reason.`,
      wipBranch: wip,
    };
  }
  if (!checked || checked.patch.commits.every((commit) => commit.changes.length === 0)) {
    return {
      ...base,
      outcome: 'failed',
      reason: 'The agent reported success but changed nothing.',
      wipBranch: null,
    };
  }
  const pullRequest = await publishAttempt(context, {
    task: issue.number,
    title: issue.title,
    children,
    outcome,
    patch: checked.patch,
    runUrl: run.url,
  });
  return {
    ...base,
    outcome: 'success',
    reason: outcome.summary ?? outcome.reason,
    wipBranch: null,
    pullRequest,
  };
}

export async function settleAttempt(
  context: ReconcileContext,
  issue: IssueInput,
  children: number[],
  record: AttemptRecord,
  run: WorkflowRunInfo | null,
): Promise<void> {
  const settlement = await settlementOf(context, issue, children, record, run);
  const settled = recordOutcome(context, record, settlement);
  await context.gateway.writeAttempt(issue.number, settled);
  context.report.settled.push({
    task: issue.number,
    attempt: record.attempt,
    outcome: settlement.outcome,
    reason: settlement.reason,
    record: settled,
  });
  await finishLabels(context, issue.number, settled);
  if (settlement.pullRequest) await requestMerge(context, issue.number, settlement.pullRequest);
}

/** The attempt record after an outcome (also used when a PR is closed unmerged). */
export function recordOutcome(
  context: ReconcileContext,
  record: AttemptRecord,
  settlement: Settlement,
): AttemptRecord {
  const retryAt =
    settlement.outcome === 'failed' &&
    !attemptsExhausted(record.attempt, 'failed', context.config.max_attempts)
      ? nextRetryAt(context.now, Math.max(1, record.attempt), context.config.backoff).toISOString()
      : null;
  return {
    ...record,
    lastOutcome: settlement.outcome,
    reason: settlement.reason,
    nextRetryAt: retryAt,
    durationsMs:
      settlement.durationMs > 0 ? [...record.durationsMs, settlement.durationMs] : record.durationsMs,
    costUsd: record.costUsd + settlement.costUsd,
    wipBranch: settlement.wipBranch ?? record.wipBranch,
  };
}
