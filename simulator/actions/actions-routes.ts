/** REST for workflows and runs. https://docs.github.com/rest/actions/workflows, https://docs.github.com/rest/actions/workflow-runs */
import type { SimRequest, SimResponse, SimulatorHost } from '../host.js';
import { DispatchError, type ActionsService } from './actions-service.js';
import { createdFilter, DateRangeError } from './date-range.js';
import { runPayload, workflowPayload } from './run-payload.js';
import type { RunFilter, RunRecord, RunStore } from './run-store.js';
import { conflict, listResponse, notFound, unprocessable } from './rest-responses.js';

/** The `status` query values the REST reference allows: any run status or conclusion. */
const RUN_STATUS_VALUES = [
  'completed',
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
  'in_progress',
  'queued',
  'requested',
  'waiting',
  'pending',
];

class FilterError extends Error {}

const READ = { needs: { scope: 'actions', level: 'read' as const } };
const WRITE = { needs: { scope: 'actions', level: 'write' as const } };

interface DispatchBody {
  ref?: unknown;
  inputs?: unknown;
  return_run_details?: unknown;
}

function runFilter(req: SimRequest, workflowId?: number): RunFilter {
  const q = req.query;
  const optional = (name: string) => q.get(name) || undefined;
  const status = optional('status');
  if (status !== undefined && !RUN_STATUS_VALUES.includes(status))
    throw new FilterError(
      `Invalid request.\n\n${JSON.stringify(status)} is not a member of ${JSON.stringify(RUN_STATUS_VALUES)}.`,
    );
  const created = optional('created');
  const checkSuiteId = optional('check_suite_id');
  let createdAt: RunFilter['created'];
  try {
    createdAt = created === undefined ? undefined : createdFilter(created);
  } catch (error) {
    if (!(error instanceof DateRangeError)) throw error;
    throw new FilterError(`Invalid request.\n\ncreated: ${error.message}`);
  }
  return {
    repo: `${req.params.owner}/${req.params.repo}`,
    workflowId,
    status,
    event: optional('event'),
    actor: optional('actor'),
    branch: optional('branch'),
    headSha: optional('head_sha'),
    ...(checkSuiteId !== undefined && { checkSuiteId: Number(checkSuiteId) }),
    ...(createdAt && { created: createdAt }),
  };
}

/** The runs list answer; `exclude_pull_requests=true` empties each run's `pull_requests`. */
function runsResponse(
  req: SimRequest,
  host: SimulatorHost,
  service: ActionsService,
  list: () => RunRecord[],
): SimResponse {
  let runs: RunRecord[];
  try {
    runs = list();
  } catch (error) {
    if (error instanceof FilterError) return unprocessable(error.message);
    throw error;
  }
  const exclude = req.query.get('exclude_pull_requests') === 'true';
  const payloads = runs.map((run) => {
    const payload = runPayload(service.payloadContext, run);
    return exclude ? { ...payload, pull_requests: [] } : payload;
  });
  return listResponse(req, host.baseUrl, 'workflow_runs', payloads);
}

export function installActionsRoutes(host: SimulatorHost, service: ActionsService, runs: RunStore): void {
  const repoOf = (req: SimRequest) => `${req.params.owner}/${req.params.repo}`;
  const findRun = (req: SimRequest) => runs.get(repoOf(req), Number(req.params.run_id));

  host.route(
    'POST',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    async (req): Promise<SimResponse> => {
      const body = (req.body ?? {}) as DispatchBody;
      if (typeof body.ref !== 'string' || body.ref === '')
        return unprocessable('Invalid request.\n\n"ref" wasn\'t supplied.');
      if (
        body.inputs !== undefined &&
        (typeof body.inputs !== 'object' || body.inputs === null || Array.isArray(body.inputs))
      ) {
        return unprocessable("Invalid request.\n\nFor 'properties/inputs', it is not an object.");
      }
      try {
        const run = await service.dispatch({
          owner: req.params.owner!,
          repo: req.params.repo!,
          workflowId: req.params.workflow_id!,
          ref: body.ref,
          inputs: (body.inputs ?? {}) as Record<string, unknown>,
          actor: req.auth.login ?? 'ghost',
        });
        if (body.return_run_details !== true) return { status: 204 };
        const payload = runPayload(service.payloadContext, run);
        return {
          status: 200,
          body: { workflow_run_id: run.id, run_url: payload.url, html_url: payload.html_url },
        };
      } catch (error) {
        if (!(error instanceof DispatchError)) throw error;
        return error.status === 404 ? notFound() : unprocessable(error.message);
      }
    },
    WRITE,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
    async (req) => {
      const workflow = await service.findWorkflow(
        req.params.owner!,
        req.params.repo!,
        req.params.workflow_id!,
      );
      return workflow ? { status: 200, body: workflowPayload(service.payloadContext, workflow) } : notFound();
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/runs',
    (req) => runsResponse(req, host, service, () => runs.list(runFilter(req))),
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    async (req) => {
      const workflow = await service.findWorkflow(
        req.params.owner!,
        req.params.repo!,
        req.params.workflow_id!,
      );
      if (!workflow) return notFound();
      return runsResponse(req, host, service, () => runs.list(runFilter(req, workflow.id)));
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/runs/{run_id}',
    (req) => {
      const run = findRun(req);
      return run ? { status: 200, body: runPayload(service.payloadContext, run) } : notFound();
    },
    READ,
  );

  host.route(
    'POST',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/cancel',
    (req) => {
      const run = findRun(req);
      if (!run) return notFound();
      return service.cancel(run)
        ? { status: 202, body: {} }
        : conflict('Cannot cancel a workflow run that is completed.');
    },
    WRITE,
  );
}
