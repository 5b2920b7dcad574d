/**
 * What failed on a pull request's head, for a fix attempt, read with the job's read-only token
 * (`checks: read` for check runs and their annotations, `actions: read` for job logs, `statuses`
 * through `contents: read`): each failed check's name, conclusion, its output's title and
 * summary, its annotations and, for a GitHub Actions job, the tail of its log. All of it is
 * untrusted (a check's output is whatever the checked code printed) and is sanitised here once.
 */
import type { Octokit } from '@octokit/rest';
import { sanitizeOneLine, sanitizeUntrustedText } from './sanitize-untrusted-text.js';
import type { RepoId } from './task-context.js';

export interface CheckAnnotation {
  path: string;
  line: number | null;
  level: string;
  message: string;
}

export interface CheckFailure {
  name: string;
  conclusion: string;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  /** The last lines of the job's log (GitHub Actions checks only), or null when not readable. */
  logTail: string | null;
}

/** Conclusions that hold a merge (GitHub's check run conclusions and commit status states). */
const FAILED = new Set([
  'failure',
  'timed_out',
  'cancelled',
  'action_required',
  'startup_failure',
  'stale',
  'error',
]);
/** Bounds: a prompt has room for the gist of a failure, not for every log line of every job. */
const MAX_CHECKS = 10;
const MAX_ANNOTATIONS = 30;
const LOG_TAIL_LINES = 80;
const LOG_TAIL_CHARS = 8_000;
const SUMMARY_CHARS = 4_000;

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as { status?: number }).status : undefined;
}

/** The tail of a job's log, or null where GitHub does not give it (expired, not a job, no access). */
async function logTail(octokit: Octokit, id: RepoId, jobId: number): Promise<string | null> {
  try {
    const { data } = await octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...id, job_id: jobId });
    const text = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
    const lines = sanitizeUntrustedText(text).split('\n').slice(-LOG_TAIL_LINES).join('\n');
    return lines.length > LOG_TAIL_CHARS ? lines.slice(-LOG_TAIL_CHARS) : lines;
  } catch (error) {
    // 404: no such job (another app's check), 410: logs expired, 403: no `actions: read`.
    if ([403, 404, 410].includes(status(error) ?? 0)) return null;
    throw error;
  }
}

async function annotationsOf(octokit: Octokit, id: RepoId, checkRunId: number): Promise<CheckAnnotation[]> {
  const { data } = await octokit.rest.checks.listAnnotations({
    ...id,
    check_run_id: checkRunId,
    per_page: MAX_ANNOTATIONS,
  });
  return data.slice(0, MAX_ANNOTATIONS).map((annotation) => ({
    path: sanitizeOneLine(annotation.path),
    line: annotation.start_line ?? null,
    level: annotation.annotation_level ?? 'failure',
    message: sanitizeUntrustedText(annotation.message).slice(0, SUMMARY_CHARS),
  }));
}

export async function loadCheckFailures(octokit: Octokit, id: RepoId, sha: string): Promise<CheckFailure[]> {
  const { data } = await octokit.rest.checks.listForRef({ ...id, ref: sha, filter: 'latest', per_page: 100 });
  const failures: CheckFailure[] = [];
  for (const run of data.check_runs) {
    if (run.conclusion === null || !FAILED.has(run.conclusion) || failures.length >= MAX_CHECKS) continue;
    // A GitHub Actions job's check run has the job's id (its details_url ends in /job/<id>).
    const actions = run.app?.slug === 'github-actions';
    failures.push({
      name: sanitizeOneLine(run.name),
      conclusion: run.conclusion,
      title: sanitizeOneLine(run.output.title ?? ''),
      summary: sanitizeUntrustedText(run.output.summary ?? '').slice(0, SUMMARY_CHARS),
      annotations: run.output.annotations_count > 0 ? await annotationsOf(octokit, id, run.id) : [],
      logTail: actions ? await logTail(octokit, id, run.id) : null,
    });
  }
  const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({
    ...id,
    ref: sha,
    per_page: 100,
  });
  for (const commitStatus of combined.statuses) {
    if (!FAILED.has(commitStatus.state) || failures.length >= MAX_CHECKS) continue;
    failures.push({
      name: sanitizeOneLine(commitStatus.context),
      conclusion: commitStatus.state,
      title: '',
      summary: sanitizeUntrustedText(commitStatus.description ?? ''),
      annotations: [],
      logTail: null,
    });
  }
  return failures;
}
