/**
 * One attempt of one task: read the task, prepare the checkout, run the agent once per
 * sub-issue (in order) and once for the task, commit each call's work, verify, and return
 * the outcome and the patch. It writes nothing to GitHub: the caller uploads the artifact.
 * Everything with a side effect outside the workspace is injected (GitHub client, process
 * runner, clock, logger) so the attempt is tested without a network.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import type { AttemptOutcome, AttemptPatch } from '../core/attempt-artifact.js';
import { ensureAgentCli } from './agent-cli.js';
import { findAgentAdapter } from './agents/registry.js';
import { buildBaseEnv } from './agent-env.js';
import { attemptSteps, type FollowUpStep } from './attempt-steps.js';
import { loadCheckFailures } from './check-failures.js';
import { copyInstructions } from './repo-instructions.js';
import { loadRevisionFeedback } from './revision-feedback.js';
import { buildPatch } from './build-patch.js';
import { GitClient } from './git-client.js';
import { resolveAgentSettings, type AgentOverrides, type JobInputs } from './inputs.js';
import type { Logger } from './logger.js';
import { collectSecretValues, makeRedactor } from './model-keys.js';
import { findPatchSecrets } from './patch-secrets.js';
import { describeSecretFindings } from '../core/secret-scan.js';
import { lastLine, oneLine } from './one-line.js';
import type { ProcessRunner } from './process-runner.js';
import { readRepoConfig } from './repo-config.js';
import { runVerify, type VerifyResult } from './run-verify.js';
import { StepRunner, type StepsResult } from './step-runner.js';
import { loadTaskContext, type RepoId } from './task-context.js';
import { approvedTextProblem } from './approved-text-check.js';
import {
  prepareFollowUpWorkspace,
  prepareImplementWorkspace,
  prepareResolveWorkspace,
  type PreparedWorkspace,
  type RemoteSource,
} from './workspace.js';

export interface AttemptDeps {
  inputs: JobInputs;
  /** Agent settings given as inputs; the rest comes from the default branch's .github/drover.yml. */
  overrides: AgentOverrides;
  repo: RepoId;
  /** The job's checkout directory (GITHUB_WORKSPACE). */
  workspace: string;
  /** A directory outside the workspace for prompts and settings (RUNNER_TEMP). */
  tempDir: string;
  remote: RemoteSource;
  env: NodeJS.ProcessEnv;
  octokit: Octokit;
  runProcess: ProcessRunner;
  now: () => number;
  log: Logger;
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  patch: AttemptPatch;
  /** `git diff --stat` of the whole attempt, for the job summary. */
  diffStat: string;
}

interface Verdict {
  status: AttemptOutcome['status'];
  reason: string | null;
}

/** The checkout to work in, and for an attempt on a pull request the one call it makes. */
async function prepareCheckout(
  deps: AttemptDeps,
  git: GitClient,
  defaultBranch: string,
): Promise<{ prepared: PreparedWorkspace; followUp: FollowUpStep | null }> {
  const { inputs } = deps;
  if (inputs.mode === 'implement') {
    const prepared = await deps.log.group(`Check out ${defaultBranch}`, () =>
      prepareImplementWorkspace(git, deps.remote, defaultBranch, inputs.baseSha),
    );
    return { prepared, followUp: null };
  }
  const pull = await findTaskPull(deps);
  if (inputs.mode === 'resolve') {
    const prepared = await deps.log.group(`Merge ${pull.baseRef} into ${pull.headRef}`, () =>
      prepareResolveWorkspace(git, deps.remote, pull, defaultBranch, inputs.baseSha),
    );
    const conflictedPaths = prepared.conflictedPaths;
    return {
      prepared,
      followUp: { kind: 'resolve', pullRequest: pull.number, baseRef: pull.baseRef, conflictedPaths },
    };
  }
  const prepared = await deps.log.group(`Check out ${pull.headRef}`, () =>
    prepareFollowUpWorkspace(git, deps.remote, pull, defaultBranch, inputs.baseSha),
  );
  if (inputs.mode === 'fix') {
    const failures = await deps.log.group('Read the failed checks', () =>
      loadCheckFailures(deps.octokit, deps.repo, prepared.baseSha),
    );
    deps.log.info(
      `${failures.length} failed check(s): ${failures.map((failure) => failure.name).join(', ')}`,
    );
    return { prepared, followUp: { kind: 'fix', pullRequest: pull.number, failures } };
  }
  if (inputs.feedback === null) throw new Error('bad input: mode revise needs the feedback input');
  const request = inputs.feedback;
  const feedback = await deps.log.group('Read the requested changes', () =>
    loadRevisionFeedback(deps.octokit, deps.repo, pull.number, request),
  );
  return { prepared, followUp: { kind: 'revise', pullRequest: pull.number, feedback } };
}

async function findTaskPull(
  deps: AttemptDeps,
): Promise<{ number: number; headRef: string; baseRef: string }> {
  const { octokit, repo, inputs } = deps;
  if (inputs.pullRequest !== null) {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: inputs.pullRequest });
    return { number: data.number, headRef: data.head.ref, baseRef: data.base.ref };
  }
  // Drover's attempt branches are `drover/<task>/attempt-<n>` (docs/control-loop.md §4).
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
  const pull = pulls.find((candidate) => candidate.head.ref.startsWith(`drover/${inputs.task}/`));
  if (!pull)
    throw new Error(
      `${inputs.mode}: no open pull request from a drover/${inputs.task}/… branch; pass the pull-request input`,
    );
  return { number: pull.number, headRef: pull.head.ref, baseRef: pull.base.ref };
}

/** What the agent calls add up to, before verify. */
function judgeSteps(steps: StepsResult): Verdict {
  if (steps.end.kind === 'stopped') return { status: steps.end.status, reason: steps.end.reason };
  if (steps.commits.length > 0) return { status: 'success', reason: null };
  // A declared "nothing to change" needs a person (close or clarify the task); retrying will not help.
  if (steps.nothingToChange)
    return { status: 'blocked', reason: `the agent found nothing to change: ${steps.nothingToChange}` };
  return { status: 'failed', reason: 'the agent made no changes' };
}

export async function runAttempt(deps: AttemptDeps): Promise<AttemptResult> {
  const { inputs, log } = deps;
  if (inputs.mode === 'spec')
    throw new Error('internal: a spec attempt is run by runSpec (action/spec/run-spec.ts)');
  const started = deps.now();
  const secrets = collectSecretValues(deps.env, [inputs.githubToken]);
  const redact = makeRedactor(secrets);
  const git = new GitClient(deps.runProcess, deps.workspace, buildBaseEnv(deps.env));
  const scratchDir = await mkdtemp(join(deps.tempDir, 'drover-'));

  const context = await log.group('Read the task', () =>
    loadTaskContext(deps.octokit, deps.repo, inputs.task),
  );
  log.info(
    `Task #${context.task.number}: ${context.task.title} (${context.subIssues.length} sub-issues, ${context.dependencies.length} dependencies, ${context.guidance.length} guidance comments)`,
  );
  const { data: repository } = await deps.octokit.rest.repos.get({ ...deps.repo });
  const { prepared, followUp } = await prepareCheckout(deps, git, repository.default_branch);
  const textProblem =
    inputs.textHash === null
      ? null
      : await approvedTextProblem(
          deps.octokit,
          deps.repo,
          inputs.task,
          inputs.textHash,
          context.approvedText ?? [],
        );
  if (textProblem !== null) {
    log.info(`Refused: ${textProblem}`);
    return refusal(
      inputs,
      prepared,
      textProblem,
      await buildPatch(git, { mode: inputs.mode, ...prepared }, []),
      deps.now() - started,
    );
  }
  const config = await readRepoConfig(git, `refs/remotes/origin/${repository.default_branch}`);
  const instructions = await copyInstructions(
    git,
    `refs/remotes/origin/${repository.default_branch}`,
    config.instructions,
  );
  if (instructions.length > 0) log.info(`Repository instructions: ${instructions.join(', ')}`);
  const settings = resolveAgentSettings(deps.overrides, config);
  const adapter = findAgentAdapter(settings.agent);
  log.info(
    `Agent ${adapter.name}${settings.model ? ` (${settings.model})` : ''}, timeout ${settings.timeoutMinutes} min, verify: ${settings.verify ?? 'none'}`,
  );
  const installDir = join(scratchDir, 'agent-cli');
  await mkdir(installDir, { recursive: true });
  const agentPath = await ensureAgentCli(adapter, deps.env, installDir, deps.runProcess, log);

  // The timeout covers the agent calls and verify: reading the task and fetching are not the agent's time.
  const deadline = deps.now() + settings.timeoutMinutes * 60_000;
  const steps = await new StepRunner({
    git,
    adapter,
    settings,
    inputs,
    context,
    repoName: `${deps.repo.owner}/${deps.repo.repo}`,
    scratchDir,
    agentEnv: { ...deps.env, PATH: agentPath },
    deadline,
    now: deps.now,
    runProcess: deps.runProcess,
    log,
    redact,
    instructions,
  }).runAll(attemptSteps(context, followUp));

  let verdict = judgeSteps(steps);
  let verify: VerifyResult | null = null;
  if (verdict.status === 'success' && settings.verify) {
    const command = settings.verify;
    const timeoutMs = Math.max(deadline - deps.now(), 1);
    verify = await log.group(`Verify: ${command}`, () =>
      runVerify(command, { workspace: deps.workspace, env: deps.env, timeoutMs }, deps.runProcess, log),
    );
    if (!verify.passed)
      verdict = { status: 'failed', reason: `verify failed: ${command}: ${lastLine(verify.outputTail)}` };
  }

  let patch = await buildPatch(
    git,
    { mode: inputs.mode, baseSha: prepared.baseSha, mergeParentSha: prepared.mergeParentSha },
    steps.commits,
  );
  const summaryText = steps.summary === null ? [] : [{ where: 'the summary', text: steps.summary }];
  const findings = await findPatchSecrets(git, patch, secrets, summaryText);
  if (findings.length > 0) {
    // Never hand a key to the app (it would publish it in a branch): drop the whole patch.
    verdict = {
      status: 'failed',
      reason: `the agent wrote a secret (a key or token) into its work: ${describeSecretFindings(findings)}; patch refused`,
    };
    patch = { ...patch, commits: [] };
  }
  const diffStat =
    patch.commits.length > 0 ? await git.text(['diff', '--stat=100', prepared.baseSha, 'HEAD']) : '';

  const outcome: AttemptOutcome = {
    version: 1,
    task: inputs.task,
    attempt: inputs.attempt,
    status: verdict.status,
    reason: verdict.reason === null ? null : redact(oneLine(verdict.reason)),
    // A summary that held a secret is not passed on at all (the scan knows more forms than redact).
    summary: steps.summary === null || findings.length > 0 ? null : redact(steps.summary.slice(0, 4_000)),
    agent: adapter.name,
    model: settings.model,
    turns: steps.usage.turns,
    tokens: steps.usage.tokens,
    costUsd: steps.usage.costUsd,
    durationMs: Math.max(deps.now() - started, 0),
    verify: verify === null ? null : { ...verify, outputTail: redact(verify.outputTail) },
    baseSha: prepared.baseSha,
    partial: verdict.status !== 'success' && patch.commits.length > 0,
  };
  return { outcome, patch, diffStat: redact(diffStat) };
}

/** The attempt ends before any agent runs: `blocked`, nothing changed, the reason for people. */
function refusal(
  inputs: JobInputs,
  prepared: { baseSha: string },
  reason: string,
  patch: AttemptPatch,
  durationMs: number,
): AttemptResult {
  const outcome: AttemptOutcome = {
    version: 1,
    task: inputs.task,
    attempt: inputs.attempt,
    status: 'blocked',
    reason: oneLine(reason),
    summary: null,
    agent: 'none',
    model: null,
    turns: 0,
    tokens: null,
    costUsd: 0,
    durationMs: Math.max(durationMs, 0),
    verify: null,
    baseSha: prepared.baseSha,
    partial: false,
  };
  return { outcome, patch, diffStat: '' };
}
