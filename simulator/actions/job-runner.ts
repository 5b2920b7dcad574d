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
import type { JobRecord, RunConclusion, RunRecord } from './run-store.js';
import type { RuntimeTokens } from './runtime-token.js';
import { runScriptStep } from './script-step.js';
import type { StepContext } from './step-context.js';
import type { JobDefinition, StepDefinition, WorkflowDefinition } from './workflow-definition.js';
import { parseWorkflowCommand } from './workflow-commands.js';

/** The token a job gets when neither the job nor the workflow says `permissions:` (GitHub's restricted default). */
const DEFAULT_PERMISSIONS: Record<string, Permission> = {
  contents: 'read',
  metadata: 'read',
  packages: 'read',
};

/** Variables of the machine the runner is on that a job may see; the rest (a test's own GITHUB_*, NODE_OPTIONS…) stay out. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL', 'TMPDIR'];

export interface JobRunnerDeps {
  host: SimulatorHost;
  runtimeTokens: RuntimeTokens;
  serverUrl: string;
  actionPaths: Record<string, string>;
  extraEnv: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The `workflow_dispatch` event payload written to GITHUB_EVENT_PATH. */
  eventPayload: Record<string, unknown>;
}

export interface JobResult {
  conclusion: RunConclusion;
  timedOut: boolean;
}

const runnerOs = () =>
  ({ linux: 'Linux', darwin: 'macOS', win32: 'Windows' })[process.platform as string] ?? 'Linux';
const runnerArch = () =>
  ({ x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' })[process.arch as string] ?? 'X64';

export class JobRunner {
  private current: StepProcess | null = null;
  private stopReason: 'cancelled' | 'timed_out' | null = null;
  private readonly masks = new Set<string>();

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
        this.log(
          `##[error]The job running on runner ${this.runnerName()} has exceeded the maximum execution time of ${this.definition.timeoutMinutes} minutes.`,
        );
        return { conclusion: 'failure', timedOut: true };
      }
      if (this.stopReason === 'cancelled') {
        this.log('##[error]The operation was canceled.');
        return { conclusion: 'cancelled', timedOut: false };
      }
      return { conclusion: status, timedOut: false };
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
    return `drover-simulator-${this.job.id}`;
  }

  private log(line: string): void {
    let masked = line;
    for (const secret of this.masks) masked = masked.split(secret).join('***');
    this.run.log.push(masked);
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
    if (command.kind === 'log') this.log(command.line);
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

    const githubContext = this.githubContext(token, workspace, eventPath);
    const runnerContext = {
      os: runnerOs(),
      arch: runnerArch(),
      name: this.runnerName(),
      temp: runnerTemp,
      tool_cache: toolCache,
    };
    const jobEnv: Record<string, string> = {
      ...this.baseEnv(),
      ...this.defaultVariables(githubContext, runtimeToken, runnerContext),
    };
    const baseContexts = (): ExpressionContexts => ({
      github: githubContext,
      inputs: this.run.inputs,
      secrets: { ...this.deps.secrets, GITHUB_TOKEN: token },
      vars: this.deps.vars,
      runner: runnerContext,
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
      if (this.stopReason || !evaluateCondition(step.if ?? 'success()', contexts, status)) {
        this.log(`Skipped: ${label}`);
        steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
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
      if (code !== 0) this.log(`##[error]Process completed with exit code ${code}.`);
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
      headSha: this.run.headSha,
      headBranch: this.run.headBranch,
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

  private baseEnv(): Record<string, string> {
    const inherited = Object.fromEntries(
      INHERITED_VARIABLES.flatMap((name) =>
        process.env[name] === undefined ? [] : [[name, process.env[name]!]],
      ),
    );
    return { ...inherited, ...this.deps.extraEnv };
  }

  private githubContext(token: string, workspace: string, eventPath: string): Record<string, unknown> {
    const { host, serverUrl } = this.deps;
    const run = this.run;
    return {
      token,
      job: this.definition.id,
      ref: `refs/heads/${run.headBranch}`,
      ref_name: run.headBranch,
      ref_type: 'branch',
      sha: run.headSha,
      repository: run.repo,
      repository_owner: run.owner,
      run_id: String(run.id),
      run_number: String(run.runNumber),
      run_attempt: String(run.runAttempt),
      actor: run.actor,
      triggering_actor: run.actor,
      workflow: run.workflowName,
      workflow_ref: `${run.repo}/${run.workflowPath}@refs/heads/${run.headBranch}`,
      event_name: run.event,
      event: this.deps.eventPayload,
      event_path: eventPath,
      server_url: serverUrl,
      api_url: host.baseUrl,
      graphql_url: `${host.baseUrl}/graphql`,
      workspace,
      action: '',
      head_ref: '',
      base_ref: '',
      retention_days: '90',
    };
  }

  private defaultVariables(
    github: Record<string, unknown>,
    runtimeToken: string,
    runner: { os: string; arch: string; name: string; temp: string; tool_cache: string },
  ): Record<string, string> {
    const { host } = this.deps;
    return {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_TOKEN: String(github.token),
      GITHUB_JOB: String(github.job),
      GITHUB_REF: String(github.ref),
      GITHUB_REF_NAME: String(github.ref_name),
      GITHUB_REF_TYPE: 'branch',
      GITHUB_REF_PROTECTED: 'false',
      GITHUB_SHA: String(github.sha),
      GITHUB_REPOSITORY: String(github.repository),
      GITHUB_REPOSITORY_OWNER: String(github.repository_owner),
      GITHUB_RUN_ID: String(github.run_id),
      GITHUB_RUN_NUMBER: String(github.run_number),
      GITHUB_RUN_ATTEMPT: String(github.run_attempt),
      GITHUB_ACTOR: String(github.actor),
      GITHUB_TRIGGERING_ACTOR: String(github.actor),
      GITHUB_WORKFLOW: String(github.workflow),
      GITHUB_WORKFLOW_REF: String(github.workflow_ref),
      GITHUB_EVENT_NAME: String(github.event_name),
      GITHUB_EVENT_PATH: String(github.event_path),
      GITHUB_WORKSPACE: String(github.workspace),
      GITHUB_SERVER_URL: String(github.server_url),
      GITHUB_API_URL: String(github.api_url),
      GITHUB_GRAPHQL_URL: String(github.graphql_url),
      GITHUB_HEAD_REF: '',
      GITHUB_BASE_REF: '',
      GITHUB_RETENTION_DAYS: '90',
      RUNNER_OS: runner.os,
      RUNNER_ARCH: runner.arch,
      RUNNER_NAME: runner.name,
      RUNNER_TEMP: runner.temp,
      RUNNER_TOOL_CACHE: runner.tool_cache,
      RUNNER_ENVIRONMENT: 'self-hosted',
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RUNTIME_URL: `${host.baseUrl}/`,
      ACTIONS_RESULTS_URL: `${host.baseUrl}/`,
    };
  }
}
