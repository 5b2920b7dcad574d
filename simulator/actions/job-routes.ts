/**
 * REST for workflow jobs and their logs. A job's log download answers 302 with a short-lived
 * signed URL serving plain text, as GitHub does. https://docs.github.com/rest/actions/workflow-jobs
 */
import type { SimRequest, SimResponse, SimulatorHost } from '../host.js';
import { jobPayload } from './job-payload.js';
import type { PayloadContext } from './run-payload.js';
import type { JobRecord, RunRecord, RunStore } from './run-store.js';
import { listResponse, notFound } from './rest-responses.js';
import { JOB_LOG_ROUTE_PREFIX, jobLogPath, type SignedUrls } from './signed-urls.js';

const READ = { needs: { scope: 'actions', level: 'read' as const } };
/** "The link expires after 1 minute." (Download job logs for a workflow run, REST reference) */
const LOG_URL_LIFETIME_MS = 60_000;

export function installJobRoutes(
  host: SimulatorHost,
  runs: RunStore,
  urls: SignedUrls,
  payloadContext: () => PayloadContext,
): void {
  const repoOf = (req: SimRequest) => `${req.params.owner}/${req.params.repo}`;
  const findJob = (repo: string, jobId: number): { run: RunRecord; job: JobRecord } | undefined => {
    for (const run of runs.list({ repo })) {
      const job = run.jobs.find((j) => j.id === jobId);
      if (job) return { run, job };
    }
    return undefined;
  };

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
    (req) => {
      const run = runs.get(repoOf(req), Number(req.params.run_id));
      if (!run) return notFound();
      return listResponse(
        req,
        host.baseUrl,
        'jobs',
        run.jobs.map((job) => jobPayload(payloadContext(), run, job)),
      );
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/jobs/{job_id}',
    (req) => {
      const found = findJob(repoOf(req), Number(req.params.job_id));
      return found ? { status: 200, body: jobPayload(payloadContext(), found.run, found.job) } : notFound();
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
    (req) => {
      const found = findJob(repoOf(req), Number(req.params.job_id));
      if (!found) return notFound();
      const expiresAt = new Date(host.now().getTime() + LOG_URL_LIFETIME_MS);
      return { status: 302, headers: { location: urls.sign(jobLogPath(found.job.id), 'r', expiresAt) } };
    },
    READ,
  );

  host.route(
    'GET',
    `${JOB_LOG_ROUTE_PREFIX}/{job_id}/logs`,
    (req): SimResponse => {
      const jobId = Number(req.params.job_id);
      const job = runs
        .all()
        .flatMap((run) => run.jobs)
        .find((j) => j.id === jobId);
      if (!job || !urls.allows(jobLogPath(jobId), 'r', req.query, host.now())) {
        return { status: 403, body: { message: 'The signed URL is invalid or has expired' } };
      }
      return {
        status: 200,
        raw: Buffer.from(`${job.log.join('\n')}\n`),
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    },
    { unauthenticated: true },
  );
}
