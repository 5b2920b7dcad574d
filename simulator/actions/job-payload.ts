/**
 * The JSON of a workflow job: REST `job` and the `workflow_job` webhook's object
 * (@octokit/openapi `webhook-workflow-job-*`). One object carries what both require.
 */
import type { PayloadContext } from './run-payload.js';
import type { JobRecord, RunRecord } from './run-store.js';
import { runnerNameFor } from './runner-environment.js';

/** Self-hosted runner ids: the simulator has one runner group (GitHub's `Default`, id 1). */
const RUNNER_GROUP = { id: 1, name: 'Default' };

export function jobPayload(ctx: PayloadContext, run: RunRecord, job: JobRecord): Record<string, unknown> {
  const api = `${ctx.host.baseUrl}/repos/${run.repo}`;
  const assigned = job.status !== 'queued';
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: run.runAttempt,
    node_id: Buffer.from(`CR_:${job.id}`).toString('base64').replace(/=+$/, ''),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    workflow_name: run.workflowName,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${ctx.serverUrl}/${run.repo}/actions/runs/${run.id}/job/${job.id}`,
    check_run_url: `${api}/check-runs/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    // GitHub reports a queued job's start time as its creation time.
    started_at: job.startedAt ?? job.createdAt,
    completed_at: job.completedAt,
    name: job.name,
    labels: job.labels,
    runner_id: assigned ? job.id : null,
    runner_name: assigned ? runnerNameFor(job) : null,
    runner_group_id: assigned ? RUNNER_GROUP.id : null,
    runner_group_name: assigned ? RUNNER_GROUP.name : null,
    steps: job.steps.map((step) => ({
      name: step.name,
      status: step.status,
      conclusion: step.conclusion,
      number: step.number,
      started_at: step.startedAt,
      completed_at: step.completedAt,
    })),
  };
}

/** A `workflow_job` webhook payload. */
export function workflowJobEvent(
  ctx: PayloadContext,
  action: 'queued' | 'in_progress' | 'completed',
  run: RunRecord,
  job: JobRecord,
): Record<string, unknown> {
  const installation = ctx.host.installationPayload(run.owner, run.name);
  return {
    action,
    workflow_job: jobPayload(ctx, run, job),
    repository: ctx.host.repositoryPayload(run.owner, run.name),
    sender: ctx.host.userPayload(run.actor),
    ...(installation ? { installation } : {}),
  };
}
