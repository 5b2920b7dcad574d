/**
 * The action from inputs to exit status, with the runner's toolkit injected: parse inputs,
 * mask secrets, run the attempt, upload the artifact, write the summary and outputs.
 * Success and blocked end normally; failed ends with `setFailed` and a one-line reason.
 */
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { type ArtifactUploader, writeAttemptArtifact } from './write-artifact.js';
import { buildBaseEnv } from './agent-env.js';
import { GitClient } from './git-client.js';
import { parseAgentOverrides, parseJobInputs, type JobInputs } from './inputs.js';
import { writeJobSummary, type SummaryWriter } from './job-summary.js';
import type { SpecOutcome } from '../core/spec-artifact.js';
import { redactingLogger, type Logger } from './logger.js';
import { collectSecretValues, makeRedactor } from './model-keys.js';
import type { ProcessRunner } from './process-runner.js';
import { runAttempt, type AttemptDeps, type AttemptResult } from './run-attempt.js';
import { runSpec } from './spec/run-spec.js';
import { writeSpecArtifact } from './spec/write-spec-artifact.js';
import { withAttemptSpan } from './telemetry.js';
import { originUrl } from './workspace.js';

/** The slice of @actions/core the action uses. */
export interface RunnerToolkit extends Logger {
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  summary: SummaryWriter;
}

export interface ActionDeps {
  toolkit: RunnerToolkit;
  env: NodeJS.ProcessEnv;
  runProcess: ProcessRunner;
  upload: ArtifactUploader;
  now: () => number;
}

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: this action runs inside a GitHub Actions job`);
  return value;
}

function splitRepository(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new Error(`GITHUB_REPOSITORY must be owner/name, got "${fullName}"`);
  return { owner, repo };
}

export async function runAction(deps: ActionDeps): Promise<void> {
  const { toolkit, env } = deps;
  const inputs = parseJobInputs((name) => toolkit.getInput(name));
  const secrets = collectSecretValues(env, [inputs.githubToken]);
  for (const secret of secrets) toolkit.setSecret(secret);
  const redact = makeRedactor(secrets);
  const log = redactingLogger(toolkit, redact);
  try {
    await attemptAndReport(deps, inputs, log);
  } catch (error) {
    // The runner masks setSecret values, but a simulator or self-hosted log may not: redact here too.
    toolkit.setFailed(redact(error instanceof Error ? error.message : String(error)));
  }
}

async function attemptAndReport(deps: ActionDeps, inputs: JobInputs, log: Logger): Promise<void> {
  const { toolkit, env } = deps;
  const repo = splitRepository(requireEnv(env, 'GITHUB_REPOSITORY'));
  const workspace = requireEnv(env, 'GITHUB_WORKSPACE');
  const tempDir = env.RUNNER_TEMP ?? requireEnv(env, 'TMPDIR');
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const git = new GitClient(deps.runProcess, workspace, buildBaseEnv(env));
  const url = await originUrl(git, `${serverUrl}/${repo.owner}/${repo.repo}.git`);
  const octokit = new Octokit({
    auth: inputs.githubToken,
    baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    userAgent: 'drover-action',
    request: { fetch: globalThis.fetch },
  });

  const attemptDeps: AttemptDeps = {
    inputs,
    overrides: parseAgentOverrides((name) => toolkit.getInput(name)),
    repo,
    workspace,
    tempDir,
    remote: { url, token: inputs.githubToken },
    env,
    octokit,
    runProcess: deps.runProcess,
    now: deps.now,
    log,
  };
  const span = {
    'drover.repo': `${repo.owner}/${repo.repo}`,
    'drover.task': inputs.task,
    'drover.attempt': inputs.attempt,
    'drover.attempt.kind': inputs.mode,
    'drover.run': inputs.run,
    'github.run_id': env.GITHUB_RUN_ID,
  };
  if (inputs.mode === 'spec') {
    await withAttemptSpan(env, span, async (record) => {
      const spec = await runSpec(attemptDeps);
      record(specAttributes(spec.outcome));
      await reportSpec(deps, spec, join(tempDir, `drover-spec-${inputs.attempt}`), log);
    });
    return;
  }
  const result = await withAttemptSpan(env, span, async (record) => {
    const attempt = await runAttempt(attemptDeps);
    record(attemptAttributes(attempt));
    return attempt;
  });
  const { outcome } = result;
  const artifact = await writeAttemptArtifact(
    outcome,
    result.patch,
    join(tempDir, `drover-artifact-${inputs.task}-${inputs.attempt}`),
    deps.upload,
  );
  log.info(
    `Uploaded artifact ${artifact.name} (${result.patch.commits.length} commits): ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''}`,
  );
  // Outside a runner (a local dry run) there is no summary file to write to.
  if (env.GITHUB_STEP_SUMMARY)
    await writeJobSummary(toolkit.summary, outcome, artifact.name, result.diffStat);

  toolkit.setOutput('status', outcome.status);
  toolkit.setOutput('reason', outcome.reason ?? '');
  toolkit.setOutput('artifact-name', artifact.name);
  toolkit.setOutput('artifact-id', artifact.id === null ? '' : String(artifact.id));
  toolkit.setOutput('commits', String(result.patch.commits.length));
  toolkit.setOutput('cost-usd', outcome.costUsd === null ? '' : String(outcome.costUsd));
  if (outcome.status === 'failed') toolkit.setFailed(outcome.reason ?? 'the attempt failed');
}

/** What the attempt span tells once the attempt is over. */
function attemptAttributes({
  outcome,
  patch,
}: AttemptResult): Record<string, string | number | boolean | null> {
  return {
    'drover.agent': outcome.agent,
    'drover.model': outcome.model,
    'drover.outcome': outcome.status,
    'drover.reason': outcome.reason,
    'drover.duration_ms': outcome.durationMs,
    'drover.turns': outcome.turns,
    'drover.tokens.input': outcome.tokens?.input ?? null,
    'drover.tokens.output': outcome.tokens?.output ?? null,
    'drover.cost_usd': outcome.costUsd,
    'drover.verify': outcome.verify === null ? 'none' : outcome.verify.passed ? 'passed' : 'failed',
    'drover.commits': patch.commits.length,
  };
}

function specAttributes(outcome: SpecOutcome): Record<string, string | number | boolean | null> {
  return {
    'drover.agent': outcome.agent,
    'drover.model': outcome.model,
    'drover.outcome': outcome.status,
    'drover.reason': outcome.reason,
    'drover.duration_ms': outcome.durationMs,
    'drover.tokens.input': outcome.tokens?.input ?? null,
    'drover.tokens.output': outcome.tokens?.output ?? null,
    'drover.cost_usd': outcome.costUsd,
    'drover.spec.documents': outcome.documents.length,
    'drover.spec.calls': outcome.calls,
  };
}

/** A spec attempt hands back its backlog as an artifact; failed ends the job failed with the reason. */
async function reportSpec(
  deps: ActionDeps,
  spec: { outcome: SpecOutcome; backlog: string | null },
  directory: string,
  log: Logger,
): Promise<void> {
  const { toolkit } = deps;
  const artifact = await writeSpecArtifact(spec.outcome, spec.backlog, directory, deps.upload);
  const { outcome } = spec;
  log.info(
    `Uploaded artifact ${artifact.name}: ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''}`,
  );
  for (const problem of outcome.problems) log.info(`  ${problem}`);
  toolkit.setOutput('status', outcome.status);
  toolkit.setOutput('reason', outcome.reason ?? '');
  toolkit.setOutput('artifact-name', artifact.name);
  toolkit.setOutput('artifact-id', artifact.id === null ? '' : String(artifact.id));
  toolkit.setOutput('commits', '0');
  toolkit.setOutput('cost-usd', outcome.costUsd === null ? '' : String(outcome.costUsd));
  if (outcome.status === 'failed') toolkit.setFailed(outcome.reason ?? 'the spec attempt failed');
}
