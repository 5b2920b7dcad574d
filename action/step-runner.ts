/**
 * Runs an attempt's agent calls in order and records each call's work as a commit. The first
 * call that fails (exit code, reported error, timeout, conflict markers left, a bad
 * declaration) or declares "blocked" stops the attempt; its work is still committed, marked
 * WIP, so the app can keep it.
 */
import type { AgentDeclaration, DeclarationRead } from './agent-declaration.js';
import { takeAgentDeclaration } from './agent-declaration.js';
import { detectAgentHost } from './agent-host.js';
import type { AgentAdapter } from './agents/agent-adapter.js';
import type { Step } from './attempt-steps.js';
import type { LocalCommit } from './build-patch.js';
import { buildPrompt } from './build-prompt.js';
import { buildCommitMessage } from './commit-message.js';
import type { GitClient } from './git-client.js';
import type { AgentSettings, JobInputs } from './inputs.js';
import type { Logger } from './logger.js';
import type { Redactor } from './model-keys.js';
import type { ProcessRunner } from './process-runner.js';
import { runAgent, type AgentRunResult } from './run-agent.js';
import type { TaskContext } from './task-context.js';
import { addUsage, NO_USAGE, type UsageTotal } from './usage-total.js';
import { commitWork, pathsWithConflictMarkers } from './workspace.js';

export interface StepRunnerOptions {
  git: GitClient;
  adapter: AgentAdapter;
  settings: AgentSettings;
  inputs: JobInputs;
  context: TaskContext;
  repoName: string;
  scratchDir: string;
  /** The agent's environment source (the job's env with the agent CLI's PATH). */
  agentEnv: NodeJS.ProcessEnv;
  /** Epoch ms after which no agent may run. */
  deadline: number;
  now: () => number;
  runProcess: ProcessRunner;
  log: Logger;
  redact: Redactor;
  /** The repository's instruction files for agents, as the agent reads them (see build-prompt.ts). */
  instructions?: string[];
}

export type StepsEnd = { kind: 'done' } | { kind: 'stopped'; status: 'failed' | 'blocked'; reason: string };

export interface StepsResult {
  end: StepsEnd;
  commits: LocalCommit[];
  usage: UsageTotal;
  /** The last final message an agent gave. */
  summary: string | null;
  /** The reason of the last "nothing-to-change" declaration, if any. */
  nothingToChange: string | null;
}

export class StepRunner {
  private readonly result: StepsResult = {
    end: { kind: 'done' },
    commits: [],
    usage: NO_USAGE,
    summary: null,
    nothingToChange: null,
  };

  constructor(private readonly options: StepRunnerOptions) {}

  async runAll(steps: Step[]): Promise<StepsResult> {
    const { log, adapter } = this.options;
    for (const step of steps) {
      const end = await log.group(`Agent ${adapter.name} on #${step.issue}`, () => this.runStep(step));
      if (end.kind === 'stopped') return { ...this.result, end };
    }
    return this.result;
  }

  private async runStep(step: Step): Promise<StepsEnd> {
    const { git, settings } = this.options;
    const remainingMs = this.options.deadline - this.options.now();
    if (remainingMs <= 0) {
      return {
        kind: 'stopped',
        status: 'failed',
        reason: `timed out after ${settings.timeoutMinutes} minutes, before #${step.issue}`,
      };
    }
    const fromSha = await git.headSha();
    const run = await this.callAgent(step, remainingMs);
    this.result.usage = addUsage(this.result.usage, run.usage);
    const declared = await takeAgentDeclaration(git.workspace);
    const stop = await this.stopReason(step, run, declared);
    const summary = run.usage.summary;
    if (stop) {
      await this.commit(step, fromSha, summary, true);
      return stop;
    }
    if (declared.kind === 'declared') this.result.nothingToChange = declared.declaration.reason;
    if (!(await this.commit(step, fromSha, summary, false)))
      this.options.log.info(`#${step.issue}: no changes`);
    this.result.summary = summary ?? this.result.summary;
    return { kind: 'done' };
  }

  private callAgent(step: Step, timeoutMs: number): Promise<AgentRunResult> {
    const { adapter, settings, inputs, context, git } = this.options;
    const prompt = buildPrompt({
      repo: this.options.repoName,
      context,
      step: step.prompt,
      verify: settings.verify,
      instructions: this.options.instructions,
    });
    const budget = inputs.budgetUsd;
    const spent = this.result.usage.costUsd ?? 0;
    return runAgent(
      {
        adapter,
        prompt,
        workspace: git.workspace,
        scratchDir: this.options.scratchDir,
        model: settings.model,
        maxTurns: settings.maxTurns,
        maxBudgetUsd: budget === null ? null : Math.max(0, budget - spent),
        extraArgs: settings.agentArgs,
        command: settings.agentCommand,
        timeoutMs,
        droverVars: {
          DROVER_TASK: String(inputs.task),
          DROVER_ISSUE: String(step.issue),
          DROVER_ATTEMPT: String(inputs.attempt),
          DROVER_MODE: inputs.mode,
        },
        host: detectAgentHost(this.options.agentEnv),
      },
      this.options.runProcess,
      this.options.log,
    );
  }

  /** Why this call ends the attempt, or null to go on. */
  private async stopReason(
    step: Step,
    run: AgentRunResult,
    declared: DeclarationRead,
  ): Promise<StepsEnd | null> {
    const failed = (reason: string): StepsEnd => ({ kind: 'stopped', status: 'failed', reason });
    if (run.timedOut)
      return failed(
        `the agent timed out on #${step.issue} (timeout-minutes: ${this.options.settings.timeoutMinutes})`,
      );
    if (run.failure) return failed(run.failure);
    if (declared.kind === 'invalid') return failed(declared.problem);
    if (isBlocked(declared))
      return { kind: 'stopped', status: 'blocked', reason: declared.declaration.reason };
    if (step.prompt.kind !== 'resolve') return null;
    const marked = await pathsWithConflictMarkers(this.options.git, step.prompt.conflictedPaths);
    return marked.length > 0 ? failed(`conflict markers remain in ${marked.join(', ')}`) : null;
  }

  private async commit(step: Step, fromSha: string, summary: string | null, wip: boolean): Promise<boolean> {
    const { inputs, adapter, redact, git } = this.options;
    const message = buildCommitMessage({
      subject: step.subject,
      issue: step.issue,
      task: inputs.task,
      attempt: inputs.attempt,
      agent: adapter.name,
      summary,
      wip,
    });
    const sha = await commitWork(git, fromSha, redact(message));
    if (sha) this.result.commits.push({ sha, issue: step.issue });
    return sha !== null;
  }
}

function isBlocked(
  read: DeclarationRead,
): read is { kind: 'declared'; declaration: AgentDeclaration & { status: 'blocked' } } {
  return read.kind === 'declared' && read.declaration.status === 'blocked';
}
