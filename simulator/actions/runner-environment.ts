/**
 * The contexts and environment variables a hosted runner gives a job.
 * https://docs.github.com/actions/reference/variables-reference#default-environment-variables
 * https://docs.github.com/actions/reference/contexts-reference#github-context
 */
import type { JobRecord, RunRecord } from './run-store.js';

/** Variables of the machine the runner is on that a job may see; the rest (a test's own GITHUB_*, NODE_OPTIONS…) stay out. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL', 'TMPDIR'];

/** The name of the runner a job runs on (RUNNER_NAME, `runner_name`): one runner per job. */
export const runnerNameFor = (job: JobRecord) => `drover-simulator-${job.id}`;

export interface RunnerContext {
  os: string;
  arch: string;
  name: string;
  temp: string;
  tool_cache: string;
}

export interface JobLocation {
  jobId: string;
  token: string;
  workspace: string;
  eventPath: string;
  eventPayload: Record<string, unknown>;
  apiUrl: string;
  serverUrl: string;
}

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const ARCH_NAMES: Record<string, string> = { x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' };

export function runnerContext(name: string, temp: string, toolCache: string): RunnerContext {
  return {
    os: OS_NAMES[process.platform] ?? 'Linux',
    arch: ARCH_NAMES[process.arch] ?? 'X64',
    name,
    temp,
    tool_cache: toolCache,
  };
}

/** The machine's own variables a job keeps, plus the extra environment the simulator was given. */
export function inheritedEnvironment(extra: Record<string, string>): Record<string, string> {
  const inherited = INHERITED_VARIABLES.flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value]];
  });
  return { ...Object.fromEntries(inherited), ...extra };
}

export function githubContext(
  run: RunRecord,
  where: JobLocation,
): Record<string, string | Record<string, unknown>> {
  const pull = run.pullRequests[0];
  const tag = run.githubRef.startsWith('refs/tags/');
  return {
    token: where.token,
    job: where.jobId,
    ref: run.githubRef,
    ref_name: run.githubRef.replace(/^refs\/(heads|tags|pull)\//, ''),
    ref_type: tag ? 'tag' : 'branch',
    sha: run.githubSha,
    repository: run.repo,
    repository_owner: run.owner,
    run_id: String(run.id),
    run_number: String(run.runNumber),
    run_attempt: String(run.runAttempt),
    actor: run.actor,
    triggering_actor: run.actor,
    workflow: run.workflowName,
    workflow_ref: `${run.repo}/${run.workflowPath}@${run.githubRef}`,
    event_name: run.event,
    event: where.eventPayload,
    event_path: where.eventPath,
    server_url: where.serverUrl,
    api_url: where.apiUrl,
    graphql_url: `${where.apiUrl}/graphql`,
    workspace: where.workspace,
    action: '',
    // Only pull_request runs have these ("head_ref: … only available when the event is pull_request").
    head_ref: pull?.headRef ?? '',
    base_ref: pull?.baseRef ?? '',
    retention_days: '90',
  };
}

/** The default variables, from the `github` and `runner` contexts, plus the Actions runtime's. */
export function defaultVariables(
  github: Record<string, string | Record<string, unknown>>,
  runner: RunnerContext,
  runtimeToken: string,
): Record<string, string> {
  const text = (key: string) => String(github[key] ?? '');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: text('token'),
    GITHUB_JOB: text('job'),
    GITHUB_REF: text('ref'),
    GITHUB_REF_NAME: text('ref_name'),
    GITHUB_REF_TYPE: text('ref_type'),
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_SHA: text('sha'),
    GITHUB_REPOSITORY: text('repository'),
    GITHUB_REPOSITORY_OWNER: text('repository_owner'),
    GITHUB_RUN_ID: text('run_id'),
    GITHUB_RUN_NUMBER: text('run_number'),
    GITHUB_RUN_ATTEMPT: text('run_attempt'),
    GITHUB_ACTOR: text('actor'),
    GITHUB_TRIGGERING_ACTOR: text('triggering_actor'),
    GITHUB_WORKFLOW: text('workflow'),
    GITHUB_WORKFLOW_REF: text('workflow_ref'),
    GITHUB_EVENT_NAME: text('event_name'),
    GITHUB_EVENT_PATH: text('event_path'),
    GITHUB_WORKSPACE: text('workspace'),
    GITHUB_SERVER_URL: text('server_url'),
    GITHUB_API_URL: text('api_url'),
    GITHUB_GRAPHQL_URL: text('graphql_url'),
    GITHUB_HEAD_REF: text('head_ref'),
    GITHUB_BASE_REF: text('base_ref'),
    GITHUB_RETENTION_DAYS: text('retention_days'),
    RUNNER_OS: runner.os,
    RUNNER_ARCH: runner.arch,
    RUNNER_NAME: runner.name,
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.tool_cache,
    RUNNER_ENVIRONMENT: 'self-hosted',
    ACTIONS_RUNTIME_TOKEN: runtimeToken,
    // The Results service (artifacts) lives on the simulator; the client uses this URL's origin.
    ACTIONS_RUNTIME_URL: `${String(github.api_url)}/`,
    ACTIONS_RESULTS_URL: `${String(github.api_url)}/`,
  };
}
