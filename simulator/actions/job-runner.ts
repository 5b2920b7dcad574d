/**
 * Runs one job of a run the way a hosted runner does: fresh directories, the GITHUB_* /
 * RUNNER_* environment, a scoped GITHUB_TOKEN and ACTIONS_RUNTIME_TOKEN, then each step in
 * order, with `timeout-minutes` and cancellation killing the step's whole process group.
 * https://docs.github.com/actions/reference/variables-reference#default-environment-variables
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Permission, SimulatorHost } from '../host.js';
import { evaluateCondition, interpolate, type ExpressionContexts, type JobStatus } from './expressions.js';
import { isCheckoutAction, runCheckoutStep } from './checkout-step.js';
import { readKeyValueFile, readPathFile } from './file-commands.js';
import { runJavaScriptActionStep } from './javascript-action-step.js';
import { spawnStep, type StepProcess } from './process-tree.js';
import type { JobRecord, RunConclusion, RunRecord, StepRecord } from './run-store.js';
import type { RuntimeTokens } from './runtime-token.js';
import { runScriptStep } from './script-step.js';
import type { StepContext } from './step-context.js';
import type { JobDefinition, StepDefinition, WorkflowDefinition } from './workflow-definition.js';
import { parseWorkflowCommand, type CommandAnnotation } from './workflow-commands.js';
import {
  defaultVariables,
  githubContext,
  inheritedEnvironment,
  runnerContext,
  runnerNameFor,
} from './runner-environment.js';

/** The token a job gets when neither the job nor the workflow says `permissions:` (GitHub's restricted default). */
const DEFAULT_PERMISSIONS: Record<string, Permission> = {
  contents: 'read',
  metadata: 'read',
  packages: 'read',
};

export interface JobRunnerDeps {
  host: SimulatorHost;
  runtimeTokens: RuntimeTokens;
  serverUrl: string;
  actionPaths: Record<string, string>;
  extraEnv: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The triggering event's payload, written to GITHUB_EVENT_PATH. */
  eventPayload: Record<string, unknown>;
}

export interface JobResult {
  conclusion: RunConclusion;
  timedOut: boolean;
  /** What the job's check run shows: workflow command annotations and GitHub's own failure notes. */
  annotations: CommandAnnotation[];
}

/** An annotation GitHub adds itself (failed step, timeout, cancel): on `.github`, line 1. */
const runnerAnnotation = (message: string): CommandAnnotation => ({
  level: 'failure',
  message,
  title: null,
  path: '.github',
  startLine: 1,
  endLine: 1,
});

export class JobRunner {
  private current: StepProcess | null = null;
  private stopReason: 'cancelled' | 'timed_out' | null = null;
  private readonly masks = new Set<string>();
  private readonly annotations: CommandAnnotation[] = [];

  constructor(
    private readonly deps: JobRunnerDeps,
    private readonly run: RunRecord,
    private readonly job: JobRecord,
    private readonly workflow: WorkflowDefinition,
    private readonly definition: JobDefinition,
  ) {}

  /** Stops the job: the running step's process tree is killed, later steps are skipped. */
  cancel(): void {
    this.stop('cancelled');
  }

  async execute(): Promise<JobResult> {
    const { host } = this.deps;
    const permissions = this.definition.permissions ?? this.workflow.permissions ?? DEFAULT_PERMISSIONS;
    const token = host.mintJobToken(this.run.repo, permissions);
    const nowSeconds = Math.floor(host.now().getTime() / 1000);
    const runtimeToken = this.deps.runtimeTokens.mint(
      { runBackendId: this.run.backendId, jobBackendId: this.job.backendId },
      this.definition.timeoutMinutes * 60 + 600,
      nowSeconds,
    );
    for (const secret of [token, runtimeToken, ...Object.values(this.deps.secrets)])
      if (secret) this.masks.add(secret);
    // timeout-minutes: GitHub cancels the job; the job concludes `cancelled` and the run `failure`.
    const timer = setTimeout(() => this.stop('timed_out'), this.definition.timeoutMinutes * 60_000);
    try {
      const status = await this.executeSteps(token, runtimeToken);
      if (this.stopReason === 'timed_out') {
        this.fail(
          `The job running on runner ${this.runnerName()} has exceeded the maximum execution time of ${this.definition.timeoutMinutes} minutes.`,
        );
        return { conclusion: 'failure', timedOut: true, annotations: this.annotations };
      }
      if (this.stopReason === 'cancelled') {
        this.fail('The operation was canceled.');
        return { conclusion: 'cancelled', timedOut: false, annotations: this.annotations };
      }
      return { conclusion: status, timedOut: false, annotations: this.annotations };
    } finally {
      clearTimeout(timer);
      host.revokeToken(token);
      this.deps.runtimeTokens.revoke(runtimeToken);
    }
  }

  private stop(reason: 'cancelled' | 'timed_out'): void {
    this.stopReason ??= reason;
    this.current?.kill();
  }

  private runnerName(): string {
    return runnerNameFor(this.job);
  }

  /** Logs an error line and annotates the check run with it, as the runner does. */
  private fail(message: string): void {
    this.log(`##[error]${message}`);
    this.annotations.push(runnerAnnotation(message));
  }

  private log(line: string): void {
    let masked = line;
    for (const secret of this.masks) masked = masked.split(secret).join('***');
    this.run.log.push(masked);
    this.job.log.push(masked);
  }

  /** Logs one line of step output, acting on the workflow commands in it. */
  private handleOutput(line: string, outputs: Record<string, string>): void {
    const command = parseWorkflowCommand(line);
    if (command.kind === 'mask') {
      if (command.value !== '') this.masks.add(command.value);
      return;
    }
    if (command.kind === 'output') {
      outputs[command.name] = command.value;
      return;
    }
    if (command.kind !== 'log') return;
    this.log(command.line);
    if (command.annotation) this.annotations.push(this.masked(command.annotation));
  }

  private masked(annotation: CommandAnnotation): CommandAnnotation {
    let message = annotation.message;
    for (const secret of this.masks) message = message.split(secret).join('***');
    return { ...annotation, message };
  }

  private async executeSteps(token: string, runtimeToken: string): Promise<JobStatus> {
    const { host } = this.deps;
    const root = host.tempDir(`drover-run-${this.run.id}-`);
    const workspace = join(root, 'work', this.run.name, this.run.name);
    const runnerTemp = join(root, 'temp');
    const toolCache = join(root, 'tool-cache');
    const commandDir = join(root, 'file-commands');
    await Promise.all(
      [workspace, runnerTemp, toolCache, commandDir].map((dir) => mkdir(dir, { recursive: true })),
    );
    const eventPath = join(commandDir, 'event.json');
    await writeFile(eventPath, JSON.stringify(this.deps.eventPayload));

    const github = githubContext(this.run, {
      jobId: this.definition.id,
      token,
      workspace,
      eventPath,
      eventPayload: this.deps.eventPayload,
      apiUrl: host.baseUrl,
      serverUrl: this.deps.serverUrl,
    });
    const runner = runnerContext(this.runnerName(), runnerTemp, toolCache);
    const jobEnv = {
      ...inheritedEnvironment(this.deps.extraEnv),
      ...defaultVariables(github, runner, runtimeToken),
    };
    const baseContexts = (): ExpressionContexts => ({
      github,
      inputs: this.run.inputs,
      secrets: { ...this.deps.secrets, GITHUB_TOKEN: token },
      vars: this.deps.vars,
      runner,
      job: { status },
      steps,
      env: addedEnv,
    });
    const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> =
      {};
    let status: JobStatus = 'success';
    // `env:` of the workflow and the job, evaluated once; GITHUB_ENV adds to it between steps.
    const addedEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.workflow.env, ...this.definition.env })) {
      addedEnv[name] = interpolate(value, baseContexts());
    }
    const extraPath: string[] = [];

    for (const [index, step] of this.definition.steps.entries()) {
      const stepId = step.id ?? `__step_${index}`;
      const contexts = baseContexts();
      const label = step.name ?? step.uses ?? `Run ${(step.run ?? '').split('\n')[0]}`;
      // After a cancel or timeout the simulator runs nothing more, `if: always()` steps included
      // (GitHub would still give those a chance): the job's processes must end now.
      const record: StepRecord = {
        number: index + 1,
        name: label,
        status: 'queued',
        conclusion: null,
        startedAt: null,
        completedAt: null,
      };
      this.job.steps.push(record);
      if (this.stopReason || !evaluateCondition(step.if ?? 'success()', contexts, status)) {
        this.log(`Skipped: ${label}`);
        steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        Object.assign(record, { status: 'completed', conclusion: this.stopReason ? 'cancelled' : 'skipped' });
        continue;
      }
      Object.assign(record, { status: 'in_progress', startedAt: this.deps.host.now().toISOString() });
      this.log(`##[group]${label}`);
      const files = await this.freshCommandFiles(commandDir, index);
      const stepEnv: Record<string, string> = { ...jobEnv, ...addedEnv, ...files, GITHUB_ACTION: stepId };
      for (const [name, value] of Object.entries(step.env))
        stepEnv[name] = interpolate(value, { ...contexts, env: stepEnv });
      if (extraPath.length > 0) stepEnv.PATH = [...extraPath, stepEnv.PATH ?? ''].join(':');
      const outputs: Record<string, string> = {};
      const code = await this.runStep(
        this.stepContext(step, workspace, runnerTemp, stepEnv, { ...contexts, env: stepEnv }, outputs),
      );
      Object.assign(outputs, await readKeyValueFile(files.GITHUB_OUTPUT));
      Object.assign(addedEnv, await readKeyValueFile(files.GITHUB_ENV));
      extraPath.unshift(...(await readPathFile(files.GITHUB_PATH)).reverse());
      await this.appendSummary(files.GITHUB_STEP_SUMMARY);
      const outcome = code === 0 ? 'success' : 'failure';
      steps[stepId] = { outputs, outcome, conclusion: step.continueOnError ? 'success' : outcome };
      Object.assign(record, {
        status: 'completed',
        conclusion: this.stopReason ? 'cancelled' : outcome,
        completedAt: this.deps.host.now().toISOString(),
      });
      if (code !== 0) this.fail(`Process completed with exit code ${code}.`);
      this.log('##[endgroup]');
      if (code !== 0 && !step.continueOnError && status === 'success') status = 'failure';
    }
    return this.stopReason ? 'cancelled' : status;
  }

  private async runStep(ctx: StepContext): Promise<number> {
    try {
      if (ctx.step.run !== undefined) return await runScriptStep(ctx);
      if (ctx.step.uses && isCheckoutAction(ctx.step.uses)) return await runCheckoutStep(ctx);
      if (ctx.step.uses) return await runJavaScriptActionStep(ctx);
      ctx.log('##[error]A step needs `run:` or `uses:`');
      return 1;
    } catch (error) {
      // A step that cannot start (bad action.yml, bad expression) fails the step, as on GitHub.
      ctx.log(`##[error]${(error as Error).message}`);
      return 1;
    }
  }

  private stepContext(
    step: StepDefinition,
    workspace: string,
    runnerTemp: string,
    env: Record<string, string>,
    contexts: ExpressionContexts,
    outputs: Record<string, string>,
  ): StepContext {
    return {
      step,
      workspace,
      tempDir: runnerTemp,
      env,
      contexts,
      cloneUrl: this.deps.host.cloneUrl(this.run.owner, this.run.name),
      headSha: this.run.githubSha,
      headBranch: this.run.headBranch,
      ref: this.run.githubRef,
      resolveAction: (uses) =>
        this.deps.actionPaths[uses] ?? (uses.startsWith('./') ? resolve(workspace, uses) : null),
      spawn: (command, args, cwd, stepEnv) => {
        const child = spawnStep(command, args, {
          cwd,
          env: stepEnv ?? env,
          onLine: (line) => this.handleOutput(line, outputs),
        });
        this.current = child;
        if (this.stopReason) child.kill();
        void child.exited.then(() => {
          if (this.current === child) this.current = null;
        });
        return child;
      },
      log: (line) => this.log(line),
    };
  }

  private async freshCommandFiles(
    dir: string,
    index: number,
  ): Promise<
    Record<'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_STATE', string>
  > {
    const files = {
      GITHUB_OUTPUT: join(dir, `set_output_${index}`),
      GITHUB_ENV: join(dir, `set_env_${index}`),
      GITHUB_PATH: join(dir, `add_path_${index}`),
      GITHUB_STEP_SUMMARY: join(dir, `step_summary_${index}`),
      GITHUB_STATE: join(dir, `save_state_${index}`),
    };
    await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
    return files;
  }

  private async appendSummary(path: string): Promise<void> {
    const summary = await readFile(path, 'utf8');
    if (summary.trim() === '') return;
    this.run.summary += summary;
  }
}
