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
import { takeAgentDeclaration } from './agent-declaration.js';
import { findAgentAdapter } from './agents/registry.js';
import { buildBaseEnv } from './agent-env.js';
import { buildCommitMessage } from './commit-message.js';
import { buildPatch, type LocalCommit } from './build-patch.js';
import { buildPrompt, type PromptStep } from './build-prompt.js';
import { GitClient } from './git-client.js';
import { resolveAgentSettings, type AgentOverrides, type JobInputs } from './inputs.js';
import { readRepoConfig } from './repo-config.js';
import type { Logger } from './logger.js';
import { collectSecretValues, findSecretIn, makeRedactor } from './model-keys.js';
import type { ProcessRunner } from './process-runner.js';
import { runAgent } from './run-agent.js';
import { runVerify, type VerifyResult } from './run-verify.js';
import { loadTaskContext, type RepoId, type TaskContext } from './task-context.js';
import { addUsage, NO_USAGE, type UsageTotal } from './usage-total.js';
import {
  commitWork,
  pathsWithConflictMarkers,
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

interface Step {
  issue: number;
  subject: string;
  prompt: PromptStep;
}

type StepEnd =
  { kind: 'done'; summary: string | null } | { kind: 'stop'; status: 'failed' | 'blocked'; reason: string };

interface AttemptState {
  commits: LocalCommit[];
  usage: UsageTotal;
  summary: string | null;
  nothingToChange: string | null;
}

function stepsFor(
  context: TaskContext,
  resolve: { pullRequest: number; baseRef: string; conflictedPaths: string[] } | null,
): Step[] {
  const task = context.task;
  if (resolve) {
    return [
      {
        issue: task.number,
        subject: `Merge ${resolve.baseRef} into #${resolve.pullRequest}: ${task.title}`,
        prompt: { kind: 'resolve', ...resolve },
      },
    ];
  }
  const children = context.subIssues.map((sub, index) => ({
    issue: sub.number,
    subject: sub.title,
    prompt: { kind: 'sub-issue' as const, issue: sub, index: index + 1, count: context.subIssues.length },
  }));
  return [...children, { issue: task.number, subject: task.title, prompt: { kind: 'parent' } }];
}

async function findPullRequest(
  deps: AttemptDeps,
): Promise<{ number: number; headRef: string; baseRef: string }> {
  const { octokit, repo, inputs } = deps;
  if (inputs.pullRequest !== null) {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: inputs.pullRequest });
    return { number: data.number, headRef: data.head.ref, baseRef: data.base.ref };
  }
  // Drover's branches are `drover/<task>-<slug>` (design §1).
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
  const pull = pulls.find((candidate) => candidate.head.ref.startsWith(`drover/${inputs.task}-`));
  if (!pull)
    throw new Error(
      `resolve: no open pull request from a drover/${inputs.task}-… branch; pass the pull-request input`,
    );
  return { number: pull.number, headRef: pull.head.ref, baseRef: pull.base.ref };
}

export async function runAttempt(deps: AttemptDeps): Promise<AttemptResult> {
  const { inputs, log } = deps;
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
  const defaultBranch = repository.default_branch;
  let prepared: PreparedWorkspace;
  let resolve: { pullRequest: number; baseRef: string; conflictedPaths: string[] } | null = null;
  if (inputs.mode === 'resolve') {
    const pull = await findPullRequest(deps);
    prepared = await log.group(`Merge ${pull.baseRef} into ${pull.headRef}`, () =>
      prepareResolveWorkspace(git, deps.remote, pull, defaultBranch),
    );
    resolve = { pullRequest: pull.number, baseRef: pull.baseRef, conflictedPaths: prepared.conflictedPaths };
  } else {
    prepared = await log.group(`Check out ${defaultBranch}`, () =>
      prepareImplementWorkspace(git, deps.remote, defaultBranch),
    );
  }
  const config = await readRepoConfig(git, `refs/remotes/origin/${defaultBranch}`);
  const settings = resolveAgentSettings(deps.overrides, config);
  const adapter = findAgentAdapter(settings.agent);
  log.info(
    `Agent ${adapter.name}${settings.model ? ` (${settings.model})` : ''}, timeout ${settings.timeoutMinutes} min, verify: ${settings.verify ?? 'none'}`,
  );

  const installDir = join(scratchDir, 'agent-cli');
  await mkdir(installDir, { recursive: true });
  const agentEnv = {
    ...deps.env,
    PATH: await ensureAgentCli(adapter, deps.env, installDir, deps.runProcess, log),
  };
  // The timeout covers the agent calls and verify: reading the task and fetching are not the agent's time.
  const deadline = deps.now() + settings.timeoutMinutes * 60_000;
  const state: AttemptState = { commits: [], usage: NO_USAGE, summary: null, nothingToChange: null };
  let end: StepEnd = { kind: 'done', summary: null };
  for (const step of stepsFor(context, resolve)) {
    end = await log.group(`Agent ${adapter.name} on #${step.issue}`, () => runStep(step));
    if (end.kind === 'stop') break;
  }

  async function runStep(step: Step): Promise<StepEnd> {
    const remainingMs = deadline - deps.now();
    if (remainingMs <= 0)
      return {
        kind: 'stop',
        status: 'failed',
        reason: `timed out after ${settings.timeoutMinutes} minutes before #${step.issue}`,
      };
    const fromSha = await git.headSha();
    const prompt = buildPrompt({
      repo: `${deps.repo.owner}/${deps.repo.repo}`,
      context,
      step: step.prompt,
      verify: settings.verify,
    });
    const result = await runAgent(
      {
        adapter,
        prompt,
        workspace: deps.workspace,
        scratchDir,
        model: settings.model,
        maxTurns: settings.maxTurns,
        extraArgs: settings.agentArgs,
        command: settings.agentCommand,
        timeoutMs: remainingMs,
        droverVars: {
          DROVER_TASK: String(inputs.task),
          DROVER_ISSUE: String(step.issue),
          DROVER_ATTEMPT: String(inputs.attempt),
          DROVER_MODE: inputs.mode,
        },
        env: agentEnv,
      },
      deps.runProcess,
      log,
    );
    state.usage = addUsage(state.usage, result.usage);
    const declared = await takeAgentDeclaration(deps.workspace);
    const failure = stepFailure(step, result, declared);
    const blocked =
      declared.kind === 'declared' && declared.declaration.status === 'blocked'
        ? declared.declaration.reason
        : null;
    if (failure === null && blocked === null && step.prompt.kind === 'resolve') {
      const marked = await pathsWithConflictMarkers(git, step.prompt.conflictedPaths);
      if (marked.length > 0)
        return commitThenStop(
          step,
          fromSha,
          result.usage.summary,
          'failed',
          `conflict markers remain in ${marked.join(', ')}`,
        );
    }
    if (failure !== null) return commitThenStop(step, fromSha, result.usage.summary, 'failed', failure);
    if (blocked !== null) return commitThenStop(step, fromSha, result.usage.summary, 'blocked', blocked);
    if (declared.kind === 'declared') state.nothingToChange = declared.declaration.reason;
    const sha = await commitWork(git, fromSha, message(step, result.usage.summary, false));
    if (sha) state.commits.push({ sha, issue: step.issue });
    else log.info(`#${step.issue}: no changes`);
    state.summary = result.usage.summary ?? state.summary;
    return { kind: 'done', summary: result.usage.summary };
  }

  function stepFailure(
    step: Step,
    result: Awaited<ReturnType<typeof runAgent>>,
    declared: Awaited<ReturnType<typeof takeAgentDeclaration>>,
  ): string | null {
    if (result.timedOut)
      return `the agent timed out on #${step.issue} (timeout-minutes: ${settings.timeoutMinutes})`;
    if (result.exitCode !== 0)
      return `the agent exited with code ${result.exitCode ?? 'null'} on #${step.issue}: ${lastLine(result.outputTail)}`;
    if (result.usage.errorMessage)
      return `the agent reported an error on #${step.issue}: ${result.usage.errorMessage}`;
    if (declared.kind === 'invalid') return declared.problem;
    return null;
  }

  function message(step: Step, summary: string | null, wip: boolean): string {
    return redact(
      buildCommitMessage({
        subject: step.subject,
        issue: step.issue,
        task: inputs.task,
        attempt: inputs.attempt,
        agent: adapter.name,
        summary,
        wip,
      }),
    );
  }

  async function commitThenStop(
    step: Step,
    fromSha: string,
    summary: string | null,
    status: 'failed' | 'blocked',
    reason: string,
  ): Promise<StepEnd> {
    // Partial work is kept: the app puts it on a WIP branch.
    const sha = await commitWork(git, fromSha, message(step, summary, true));
    if (sha) state.commits.push({ sha, issue: step.issue });
    return { kind: 'stop', status, reason };
  }

  let status: AttemptOutcome['status'] = end.kind === 'stop' ? end.status : 'success';
  let reason: string | null = end.kind === 'stop' ? end.reason : null;
  if (status === 'success' && state.commits.length === 0) {
    status = state.nothingToChange ? 'blocked' : 'failed';
    reason = state.nothingToChange
      ? `the agent found nothing to change: ${state.nothingToChange}`
      : 'the agent made no changes';
  }

  let verify: VerifyResult | null = null;
  if (status === 'success' && settings.verify) {
    const command = settings.verify;
    verify = await log.group(`Verify: ${command}`, () =>
      runVerify(
        command,
        { workspace: deps.workspace, env: deps.env, timeoutMs: Math.max(deadline - deps.now(), 1) },
        deps.runProcess,
        log,
      ),
    );
    if (!verify.passed) {
      status = 'failed';
      reason = `verify failed: ${command}: ${lastLine(verify.outputTail)}`;
    }
  }

  let patch = await buildPatch(
    git,
    { mode: inputs.mode, baseSha: prepared.baseSha, mergeParentSha: prepared.mergeParentSha },
    state.commits,
  );
  const leaked = patch.commits.some((commit) =>
    commit.changes.some(
      (change) =>
        change.action === 'write' &&
        findSecretIn(Buffer.from(change.contentBase64, 'base64'), secrets) !== undefined,
    ),
  );
  if (leaked) {
    // Never hand a key to the app (it would publish it in a branch): drop the whole patch.
    status = 'failed';
    reason = 'the agent wrote a secret (a model key or token) into the working tree: patch refused';
    patch = { ...patch, commits: [] };
  }
  const diffStat =
    patch.commits.length > 0 ? await git.text(['diff', '--stat=100', prepared.baseSha, 'HEAD']) : '';

  const outcome: AttemptOutcome = {
    version: 1,
    task: inputs.task,
    attempt: inputs.attempt,
    status,
    reason: reason === null ? null : redact(oneLine(reason)),
    summary: state.summary === null ? null : redact(state.summary.slice(0, 4_000)),
    agent: adapter.name,
    model: settings.model,
    turns: state.usage.turns,
    tokens: state.usage.tokens,
    costUsd: state.usage.costUsd,
    durationMs: Math.max(deps.now() - started, 0),
    verify: verify === null ? null : { ...verify, outputTail: redact(verify.outputTail) },
    baseSha: prepared.baseSha,
    partial: status !== 'success' && patch.commits.length > 0,
  };
  return { outcome, patch, diffStat: redact(diffStat) };
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? '(no output)';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
