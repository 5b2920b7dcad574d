/** RunsGateway over Octokit: the attempt workflow's runs and their artifacts (REST Actions API). */
import type { Octokit } from '@octokit/core';
import type { RunStatus } from '../../core/attempt-history.js';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { ArtifactDownload, RunsGateway, WorkflowRun } from '../../core/gateway/runs.js';

interface RestRun {
  id: number;
  name?: string | null;
  display_title?: string;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  html_url: string;
  head_branch: string | null;
}

const RUN_STATUSES: ReadonlySet<string> = new Set([
  'requested',
  'queued',
  'pending',
  'waiting',
  'in_progress',
  'completed',
]);

/** Statuses of a run that has not completed; each is listed on its own (the filter takes one value). */
const IN_FLIGHT_STATUSES = ['queued', 'in_progress', 'pending'] as const;

/** Pages of a bounded listing: 100 runs per page is GitHub's maximum. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

export function toWorkflowRun(run: RestRun): WorkflowRun {
  const status = (run.status && RUN_STATUSES.has(run.status) ? run.status : 'queued') as RunStatus;
  return {
    id: run.id,
    name: run.display_title ?? run.name ?? '',
    headBranch: run.head_branch,
    status,
    conclusion: run.conclusion,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    url: run.html_url,
    // Whether a cancelled run ever started a job is read from its jobs (RunsGateway.jobsStarted).
    started: true,
  };
}

export function runsGateway(octokit: Octokit, base: { owner: string; repo: string }): RunsGateway {
  async function list(
    workflow: string,
    filters: Record<string, string>,
    maxPages: number,
  ): Promise<WorkflowRun[]> {
    const runs: WorkflowRun[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const answer = await octokit
        .request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
          ...base,
          workflow_id: workflow,
          ...filters,
          per_page: PAGE_SIZE,
          page,
        })
        .catch((error: unknown) => {
          // No such workflow (yet): it has no runs. The status comment says the workflow is missing.
          if (isGitHubError(error, 'not-found')) return null;
          throw error;
        });
      if (answer === null) return runs;
      const batch = answer.data.workflow_runs as RestRun[];
      runs.push(...batch.map(toWorkflowRun));
      if (batch.length < PAGE_SIZE) break;
    }
    return runs;
  }

  return {
    async dispatch(workflow, ref, inputs, options = {}) {
      const answer = await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          ...base,
          workflow_id: workflow,
          ref,
          inputs,
          return_run_details: true,
          // Enforced by the request policy (app/github/request-policy.ts), at the last moment.
          ...(options.notAfter !== undefined && { request: { notAfter: options.notAfter } }),
        },
      );
      // 200 with `workflow_run_id` where supported; 204 (GHES) leaves the run to be found.
      const details = answer.data as unknown as { workflow_run_id?: number } | undefined;
      return typeof details?.workflow_run_id === 'number' ? details.workflow_run_id : null;
    },

    async inFlight(workflow) {
      const lists = await Promise.all(
        IN_FLIGHT_STATUSES.map((status) => list(workflow, { status }, MAX_PAGES)),
      );
      const byId = new Map(lists.flat().map((run) => [run.id, run]));
      return [...byId.values()];
    },

    onBranch: (workflow, branch) => list(workflow, { branch, event: 'workflow_dispatch' }, 1),

    createdSince: (workflow, since) =>
      list(workflow, { created: `>=${since}`, event: 'workflow_dispatch' }, MAX_PAGES),

    async get(runId) {
      try {
        const run = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
          ...base,
          run_id: runId,
        });
        return toWorkflowRun(run.data as RestRun);
      } catch (error) {
        if (isGitHubError(error, 'not-found')) return null;
        throw error;
      }
    },

    async jobsStarted(runId) {
      const answer = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
        ...base,
        run_id: runId,
        per_page: 100,
      });
      // A job GitHub never gave a runner has no runner and no steps.
      return answer.data.jobs.some((job) => job.runner_name !== null || (job.steps ?? []).length > 0);
    },

    async cancel(runId) {
      try {
        await octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
          ...base,
          run_id: runId,
        });
      } catch (error) {
        // 409: the run already completed: nothing is left to cancel.
        if (!isGitHubError(error, 'conflict')) throw error;
      }
    },

    async artifact(runId, name, maxBytes): Promise<ArtifactDownload> {
      const listed = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
        ...base,
        run_id: runId,
        name,
        per_page: 100,
      });
      const artifact = listed.data.artifacts.find(
        (candidate) => candidate.name === name && !candidate.expired,
      );
      if (!artifact) return { kind: 'missing' };
      if (artifact.size_in_bytes > maxBytes) return { kind: 'too-large', bytes: artifact.size_in_bytes };
      const zip = await octokit.request(
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        {
          ...base,
          artifact_id: artifact.id,
          archive_format: 'zip',
        },
      );
      return { kind: 'found', zip: Buffer.from(zip.data as ArrayBuffer) };
    },
  };
}
