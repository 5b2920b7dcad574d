/**
 * Workflow dispatch and the life of a run: queued → in_progress → completed, with the
 * `workflow_run` webhooks GitHub sends at each step, jobs handed to the local runner.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { SimulatorHost } from '../host.js';
import { ConcurrencyGroups } from './concurrency-groups.js';
import { ExpressionError, interpolate } from './expressions.js';
import { commitSummary, listWorkflowFiles, readFileAt, resolveCommit } from './git-repository.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import { workflowJobEvent } from './job-payload.js';
import { workflowRunEvent, type PayloadContext } from './run-payload.js';
import type { RunConclusion, RunRecord, RunStore, WorkflowRecord } from './run-store.js';
import type { RuntimeTokens } from './runtime-token.js';
import { readWorkflow, WorkflowFileError, type WorkflowDefinition } from './workflow-definition.js';

/** "The maximum number of properties is 25." (workflow dispatch `inputs`, REST reference) */
const MAX_DISPATCH_INPUTS = 25;

export class DispatchError extends Error {
  constructor(
    readonly status: 404 | 422,
    message: string,
  ) {
    super(message);
  }
}

export interface DispatchRequest {
  owner: string;
  repo: string;
  workflowId: string;
  ref: string;
  inputs: Record<string, unknown>;
  actor: string;
}

export interface ActionsServiceConfig {
  host: SimulatorHost;
  runs: RunStore;
  runtimeTokens: RuntimeTokens;
  serverUrl: string;
  actionPaths: Record<string, string>;
  env: Record<string, string>;
  maxConcurrentJobs: number;
  secretsFor(repo: string): Record<string, string>;
  varsFor(repo: string): Record<string, string>;
}

export class ActionsService {
  private readonly queue: JobQueue;
  private readonly activeRunners = new Map<number, JobRunner>();
  private readonly groups = new ConcurrencyGroups();
  /** Workflow files by `<gitDir>@<commit>`: a commit's files never change. */
  private readonly workflowsAtCommit = new Map<string, WorkflowRecord[]>();

  constructor(private readonly config: ActionsServiceConfig) {
    this.queue = new JobQueue(config.maxConcurrentJobs);
  }

  get payloadContext(): PayloadContext {
    return { host: this.config.host, serverUrl: this.config.serverUrl };
  }

  /** Jobs waiting for a runner and jobs running now. */
  get load(): { queued: number; running: number } {
    return { queued: this.queue.queued, running: this.queue.active };
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Finds a workflow by numeric id or file name (`drover.yml` or `.github/workflows/drover.yml`)
   * on the default branch, registering every workflow file there so ids are stable.
   */
  async findWorkflow(owner: string, repo: string, workflowId: string): Promise<WorkflowRecord | null> {
    const { host } = this.config;
    // Throws the host's 404 for an unknown repository.
    host.repositoryPayload(owner, repo);
    const gitDir = host.repoGitDir(owner, repo);
    const commit = await resolveCommit(gitDir, host.defaultBranch(owner, repo));
    if (!commit) return null;
    const key = `${gitDir}@${commit}`;
    const records =
      this.workflowsAtCommit.get(key) ?? (await this.registerWorkflows(`${owner}/${repo}`, gitDir, commit));
    this.workflowsAtCommit.set(key, records);
    return (
      records.find(
        (w) => String(w.id) === workflowId || w.path === workflowId || basename(w.path) === workflowId,
      ) ?? null
    );
  }

  private async registerWorkflows(repo: string, gitDir: string, commit: string): Promise<WorkflowRecord[]> {
    const { host, runs } = this.config;
    const now = host.now().toISOString();
    const records: WorkflowRecord[] = [];
    for (const path of await listWorkflowFiles(gitDir, commit)) {
      const content = (await readFileAt(gitDir, commit, path)) ?? '';
      const name = /^name:\s*['"]?(.+?)['"]?\s*$/m.exec(content)?.[1] ?? path;
      records.push(runs.workflow(repo, path, name, () => host.nextId(), now));
    }
    return records;
  }

  async dispatch(request: DispatchRequest): Promise<RunRecord> {
    const { host } = this.config;
    const { owner, repo } = request;
    const workflowRecord = await this.findWorkflow(owner, repo, request.workflowId);
    if (!workflowRecord) throw new DispatchError(404, 'Not Found');
    const gitDir = host.repoGitDir(owner, repo);
    const sha = await resolveCommit(gitDir, request.ref);
    if (!sha) throw new DispatchError(422, `No ref found for: ${request.ref}`);
    const content = await readFileAt(gitDir, sha, workflowRecord.path);
    if (content === null)
      throw new DispatchError(404, `Not Found: ${workflowRecord.path} does not exist at ${request.ref}`);
    const workflow = this.parse(workflowRecord.path, content);
    const inputs = this.resolveInputs(workflow, request.inputs);
    const branch = request.ref.replace(/^refs\/(heads|tags)\//, '');
    const run = await this.createRun(request, workflowRecord, workflow, sha, branch, inputs);
    const eventPayload = this.dispatchEventPayload(run);
    host.emitWebhook('workflow_dispatch', eventPayload);
    host.emitWebhook('workflow_run', workflowRunEvent(this.payloadContext, 'requested', run, workflowRecord));
    for (const job of run.jobs)
      host.emitWebhook('workflow_job', workflowJobEvent(this.payloadContext, 'queued', run, job));
    const start = () =>
      this.queue.enqueue(() =>
        this.execute(run, workflow, workflowRecord, eventPayload).catch((error: unknown) => {
          // The simulator itself failed (temp dir, git): report it in the run, as a runner failure.
          run.log.push(`##[error]The runner failed: ${(error as Error).stack ?? String(error)}`);
          if (run.status !== 'completed') this.complete(run, workflowRecord, 'failure');
        }),
      );
    const group = run.concurrencyGroup;
    if (!group) {
      start();
      return run;
    }
    const holder = this.groups.holder(group);
    if (holder !== undefined && workflow.concurrency?.cancelInProgress) {
      const running = this.config.runs.get(run.repo, holder);
      if (running) this.cancel(running);
    }
    this.groups.admit(group, { runId: run.id, start, cancel: () => this.cancelPending(run, workflowRecord) });
    return run;
  }

  /** A run waiting for its concurrency group is cancelled without ever starting. */
  private cancelPending(run: RunRecord, record: WorkflowRecord): void {
    run.cancelRequested = true;
    this.complete(run, record, 'cancelled');
  }

  /** Cancels a queued or running run. Returns false when it has already completed. */
  cancel(run: RunRecord): boolean {
    if (run.status === 'completed') return false;
    if (run.concurrencyGroup && this.groups.withdraw(run.concurrencyGroup, run.id)) {
      const record = this.config.runs.workflowById(run.repo, run.workflowId);
      if (record) this.cancelPending(run, record);
      return true;
    }
    run.cancelRequested = true;
    this.activeRunners.get(run.id)?.cancel();
    return true;
  }

  /** Kills every running job and drops the queued ones (they complete as cancelled). */
  async close(): Promise<void> {
    for (const run of this.config.runs.all()) this.cancel(run);
    await this.queue.idle();
  }

  private parse(path: string, content: string): WorkflowDefinition {
    try {
      const workflow = readWorkflow(path, content);
      if (!workflow.dispatchInputs)
        throw new DispatchError(422, "Workflow does not have 'workflow_dispatch' trigger");
      return workflow;
    } catch (error) {
      if (error instanceof WorkflowFileError) throw new DispatchError(422, error.message);
      throw error;
    }
  }

  /** The dispatch's inputs checked against the workflow's, with the defaults merged in, as strings. */
  private resolveInputs(
    workflow: WorkflowDefinition,
    given: Record<string, unknown>,
  ): Record<string, string> {
    const declared = workflow.dispatchInputs ?? {};
    const names = Object.keys(given);
    if (names.length > MAX_DISPATCH_INPUTS)
      throw new DispatchError(422, `inputs may have at most ${MAX_DISPATCH_INPUTS} properties`);
    const unexpected = names.filter((name) => !(name in declared));
    if (unexpected.length > 0)
      throw new DispatchError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(declared)) {
      const value = given[name] ?? spec.default;
      if (value === undefined || value === null) {
        if (spec.required) throw new DispatchError(422, `Required input '${name}' not provided`);
        inputs[name] = '';
        continue;
      }
      inputs[name] = String(value);
    }
    return inputs;
  }

  private async createRun(
    request: DispatchRequest,
    workflowRecord: WorkflowRecord,
    workflow: WorkflowDefinition,
    sha: string,
    branch: string,
    inputs: Record<string, string>,
  ): Promise<RunRecord> {
    const { host, runs } = this.config;
    const now = host.now().toISOString();
    const fullName = `${request.owner}/${request.repo}`;
    const id = host.nextId();
    const runNumber = runs.nextRunNumber(workflowRecord.id);
    // run-name and concurrency.group see the contexts GitHub offers at dispatch time.
    const contexts = {
      github: {
        repository: fullName,
        repository_owner: request.owner,
        actor: request.actor,
        ref: `refs/heads/${branch}`,
        ref_name: branch,
        sha,
        event_name: 'workflow_dispatch',
        run_id: String(id),
        run_number: String(runNumber),
        workflow: workflow.name,
      },
      inputs,
      vars: this.config.varsFor(fullName),
    };
    const evaluate = (field: string, template: string) => {
      try {
        return interpolate(template, contexts);
      } catch (error) {
        if (error instanceof ExpressionError) throw new DispatchError(422, `${field}: ${error.message}`);
        throw error;
      }
    };
    const displayTitle = workflow.runName ? evaluate('run-name', workflow.runName) : workflow.name;
    const group = workflow.concurrency ? evaluate('concurrency.group', workflow.concurrency.group) : null;
    const run: RunRecord = {
      id,
      repo: fullName,
      owner: request.owner,
      name: request.repo,
      workflowId: workflowRecord.id,
      workflowName: workflow.name,
      workflowPath: workflow.path,
      displayTitle,
      runNumber,
      runAttempt: 1,
      event: 'workflow_dispatch',
      status: 'queued',
      conclusion: null,
      headBranch: branch,
      headSha: sha,
      headCommit: await commitSummary(host.repoGitDir(request.owner, request.repo), sha),
      actor: request.actor,
      inputs,
      createdAt: now,
      updatedAt: now,
      runStartedAt: now,
      backendId: randomUUID(),
      jobs: workflow.jobs.map((job) => ({
        id: host.nextId(),
        backendId: randomUUID(),
        name: job.name,
        labels: job.runsOn.split(',').filter(Boolean),
        status: 'queued',
        conclusion: null,
        createdAt: now,
        startedAt: null,
        completedAt: null,
        runnerName: null,
        steps: [],
        log: [],
      })),
      log: [],
      summary: '',
      cancelRequested: false,
      concurrencyGroup: group ? `${fullName}:${group}` : null,
    };
    runs.add(run);
    return run;
  }

  private dispatchEventPayload(run: RunRecord): Record<string, unknown> {
    const { host } = this.config;
    const installation = host.installationPayload(run.owner, run.name);
    return {
      inputs: run.inputs,
      ref: `refs/heads/${run.headBranch}`,
      repository: host.repositoryPayload(run.owner, run.name),
      sender: host.userPayload(run.actor),
      workflow: run.workflowPath,
      ...(installation ? { installation } : {}),
    };
  }

  /** Runs the run's jobs one after another (`needs:` order is the file order). */
  private async execute(
    run: RunRecord,
    workflow: WorkflowDefinition,
    record: WorkflowRecord,
    eventPayload: Record<string, unknown>,
  ): Promise<void> {
    const { host } = this.config;
    if (run.cancelRequested) return this.complete(run, record, 'cancelled');
    run.status = 'in_progress';
    run.runStartedAt = run.updatedAt = host.now().toISOString();
    host.emitWebhook('workflow_run', workflowRunEvent(this.payloadContext, 'in_progress', run, record));
    let conclusion: RunConclusion = 'success';
    for (const [index, definition] of workflow.jobs.entries()) {
      const job = run.jobs[index]!;
      // A job after a failed one does not start (complete() closes it as cancelled).
      if (run.cancelRequested || conclusion !== 'success') break;
      job.status = 'in_progress';
      job.startedAt = host.now().toISOString();
      host.emitWebhook('workflow_job', workflowJobEvent(this.payloadContext, 'in_progress', run, job));
      const runner = new JobRunner(
        {
          host,
          runtimeTokens: this.config.runtimeTokens,
          serverUrl: this.config.serverUrl,
          actionPaths: this.config.actionPaths,
          extraEnv: this.config.env,
          secrets: this.config.secretsFor(run.repo),
          vars: this.config.varsFor(run.repo),
          eventPayload,
        },
        run,
        job,
        workflow,
        definition,
      );
      this.activeRunners.set(run.id, runner);
      if (run.cancelRequested) runner.cancel();
      const result = await runner.execute().finally(() => this.activeRunners.delete(run.id));
      job.status = 'completed';
      // A timed-out job is cancelled by GitHub; its run then concludes `failure`.
      job.conclusion = result.timedOut ? 'cancelled' : result.conclusion;
      job.completedAt = host.now().toISOString();
      host.emitWebhook('workflow_job', workflowJobEvent(this.payloadContext, 'completed', run, job));
      conclusion = result.conclusion;
    }
    this.complete(run, record, run.cancelRequested ? 'cancelled' : conclusion);
  }

  private complete(run: RunRecord, record: WorkflowRecord, conclusion: RunConclusion): void {
    const now = this.config.host.now().toISOString();
    for (const job of run.jobs.filter((j) => j.status !== 'completed')) {
      Object.assign(job, { status: 'completed', conclusion: 'cancelled', completedAt: now });
      this.config.host.emitWebhook(
        'workflow_job',
        workflowJobEvent(this.payloadContext, 'completed', run, job),
      );
    }
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = this.config.host.now().toISOString();
    this.config.host.emitWebhook(
      'workflow_run',
      workflowRunEvent(this.payloadContext, 'completed', run, record),
    );
    if (run.concurrencyGroup) this.groups.release(run.concurrencyGroup, run.id);
  }
}
