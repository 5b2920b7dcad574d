/**
 * The JSON GitHub returns for workflows and runs: REST `workflow` / `workflow-run` and the
 * `workflow_run` webhook's objects (@octokit/openapi `webhook-workflow-run-completed`).
 * One run object serves both: it carries every field either schema requires.
 */
import type { SimulatorHost } from '../host.js';
import type { RunRecord, WorkflowRecord } from './run-store.js';

export interface PayloadContext {
  host: SimulatorHost;
  /** GITHUB_SERVER_URL: the host of `html_url`s. */
  serverUrl: string;
}

const nodeId = (prefix: string, id: number) =>
  Buffer.from(`${prefix}:${id}`).toString('base64').replace(/=+$/, '');

export function workflowPayload(ctx: PayloadContext, workflow: WorkflowRecord): Record<string, unknown> {
  const api = `${ctx.host.baseUrl}/repos/${workflow.repo}`;
  const html = `${ctx.serverUrl}/${workflow.repo}`;
  return {
    id: workflow.id,
    node_id: nodeId('W_', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${api}/actions/workflows/${workflow.id}`,
    html_url: `${html}/blob/HEAD/${workflow.path}`,
    badge_url: `${html}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

function headCommit(run: RunRecord): Record<string, unknown> {
  const c = run.headCommit;
  return {
    id: c.sha,
    tree_id: c.treeSha,
    message: c.message,
    timestamp: c.committerDate,
    author: { name: c.authorName, email: c.authorEmail },
    committer: { name: c.committerName, email: c.committerEmail },
  };
}

export function runPayload(ctx: PayloadContext, run: RunRecord): Record<string, unknown> {
  const repository = ctx.host.repositoryPayload(run.owner, run.name);
  const actor = ctx.host.userPayload(run.actor);
  const api = `${ctx.host.baseUrl}/repos/${run.repo}`;
  const runUrl = `${api}/actions/runs/${run.id}`;
  const checkSuiteId = run.checkSuiteId;
  const repoRef = { id: repository.id, url: repository.url, name: repository.name };
  return {
    id: run.id,
    name: run.workflowName,
    node_id: nodeId('WFR_', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflowPath,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: checkSuiteId,
    check_suite_node_id: `CS_kwDO${Buffer.from(String(checkSuiteId)).toString('base64url')}`,
    url: runUrl,
    html_url: `${ctx.serverUrl}/${run.repo}/actions/runs/${run.id}`,
    pull_requests: run.pullRequests.map((pull) => ({
      id: pull.id,
      number: pull.number,
      url: `${api}/pulls/${pull.number}`,
      head: { ref: pull.headRef, sha: pull.headSha, repo: repoRef },
      base: { ref: pull.baseRef, sha: pull.baseSha, repo: repoRef },
    })),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor,
    triggering_actor: actor,
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${api}/check-suites/${checkSuiteId}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit: headCommit(run),
    repository,
    head_repository: repository,
  };
}

/** A `workflow_run` webhook payload (`requested`, `in_progress` or `completed`). */
export function workflowRunEvent(
  ctx: PayloadContext,
  action: 'requested' | 'in_progress' | 'completed',
  run: RunRecord,
  workflow: WorkflowRecord,
): Record<string, unknown> {
  const installation = ctx.host.installationPayload(run.owner, run.name);
  return {
    action,
    workflow_run: runPayload(ctx, run),
    workflow: workflowPayload(ctx, workflow),
    repository: ctx.host.repositoryPayload(run.owner, run.name),
    sender: ctx.host.userPayload(run.actor),
    ...(installation ? { installation } : {}),
  };
}
