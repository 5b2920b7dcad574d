/**
 * Workflow runs and their life: started by a dispatch or by a `push` / `pull_request` event,
 * held by workflow- and job-level concurrency groups, run job by job on the local runner, each
 * job reported as a check run of the run's check suite. Sends `workflow_run` and `workflow_job`
 * webhooks at each step, as GitHub does.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { HostCheckStatus, SimulatorHost } from '../host.js';
import { ConcurrencyGroups } from './concurrency-groups.js';
import {
  causedByWorkflowToken,
  checkSuiteOfActions,
  defaultBranchTrigger,
  pullRequestTrigger,
  pushTrigger,
  repositoryOf,
  type RunTrigger,
} from './event-triggers.js';
import { evaluateCondition, ExpressionError, interpolate } from './expressions.js';
import {
  commitSummary,
  listWorkflowBlobs,
  listWorkflowFiles,
  readBlob,
  readFileAt,
  resolveCommit,
} from './git-repository.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import { jobPayload, workflowJobEvent } from './job-payload.js';
import { workflowRunEvent, type PayloadContext } from './run-payload.js';
import type { JobRecord, RunConclusion, RunRecord, RunStore, WorkflowRecord } from './run-store.js';
import type { RuntimeTokens } from './runtime-token.js';
import type { CommandAnnotation } from './workflow-commands.js';
import {
  readWorkflow,
  WorkflowFileError,
  type JobDefinition,
  type WorkflowDefinition,
} from './workflow-definition.js';
import {
  activityRuns,
  DEFAULT_BRANCH_EVENTS,
  pullRequestRuns,
  pushRuns,
  type DefaultBranchEvent,
} from './workflow-triggers.js';

const isDefaultBranchEvent = (event: string): event is DefaultBranchEvent =>
  (DEFAULT_BRANCH_EVENTS as readonly string[]).includes(event);

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
  /** Where failures of the simulator itself (not of workflows) are reported. */
  log(message: string): void;
}

/** A parsed workflow file at a commit. */
interface LoadedWorkflow {
  record: WorkflowRecord;
  definition: WorkflowDefinition;
}

export class ActionsService {
  private readonly queue: JobQueue;
  private readonly activeRunners = new Map<number, JobRunner>();
  /** Workflow- and job-level groups share GitHub's one namespace; holders are run or job ids. */
  private readonly groups = new ConcurrencyGroups();
  /** Workflow files by `<gitDir>@<commit>`: a commit's files never change. */
  private readonly workflowsAtCommit = new Map<string, WorkflowRecord[]>();
  /** Work not finished yet: runs until they complete, event handling until its runs exist. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly finishRun = new Map<number, () => void>();
  /** Jobs waiting for their concurrency group: job id → withdraw-and-cancel. */
  private readonly heldJobs = new Map<number, () => void>();
  /** Parsed workflow files by blob id (null: GitHub's parser rejects the file). */
  private readonly parsedBlobs = new Map<string, WorkflowDefinition | null>();

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

  /** Runners offline (true) or back (false): queued jobs wait meanwhile. */
  holdRunners(hold: boolean): void {
    if (hold) this.queue.pause();
    else this.queue.resume();
  }

  /** Resolves once every run has completed and every event has been handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * A repository event from the core (or a `workflow_run` of this module): `push`,
   * `pull_request`, `issues`, `issue_comment`, `check_suite` and `workflow_run` start the
   * workflows whose `on:` matches. The work happens after the change that emitted the event has
   * finished. Events a GITHUB_TOKEN caused start nothing ("With the exception of
   * workflow_dispatch and repository_dispatch, other GITHUB_TOKEN-triggered events do not create
   * workflow runs at all").
   */
  onRepositoryEvent(event: string, payload: Record<string, unknown>): Promise<void> {
    if (event !== 'push' && event !== 'pull_request' && !isDefaultBranchEvent(event))
      return Promise.resolve();
    if (causedByWorkflowToken(payload)) return Promise.resolve();
    const handled = Promise.resolve()
      .then(() => {
        if (event === 'push') return this.onPush(payload);
        if (event === 'pull_request') return this.onPullRequest(payload);
        return this.onDefaultBranchEvent(event as DefaultBranchEvent, payload);
      })
      .catch((error: unknown) =>
        this.config.log(`Actions: handling ${event} failed: ${(error as Error).stack ?? String(error)}`),
      );
    this.track(handled);
    return handled;
  }

  private async onPush(payload: Record<string, unknown>): Promise<void> {
    const trigger = pushTrigger(payload);
    if (!trigger) return;
    for (const workflow of await this.workflowsAt(trigger.owner, trigger.repo, trigger.headSha)) {
      const on = workflow.definition.triggers.push;
      if (on && pushRuns(on, trigger.githubRef)) await this.startFromEvent(trigger, workflow);
    }
  }

  private async onPullRequest(payload: Record<string, unknown>): Promise<void> {
    const { owner, repo } = repositoryOf(payload);
    const pull = payload.pull_request as {
      number: number;
      head: { sha: string };
      base: { ref: string; sha: string };
    };
    const action = String(payload.action);
    const gitDir = this.config.host.repoGitDir(owner, repo);
    // The test merge commit holds only workflow files of its base and head: when neither defines a
    // pull_request trigger for this event, nothing runs (and no merge commit needs making).
    const candidates = [
      ...(await this.workflowsAt(owner, repo, pull.base.sha)),
      ...(await this.workflowsAt(owner, repo, pull.head.sha)),
    ];
    if (!candidates.some(({ definition }) => definition.triggers.pullRequest?.types.includes(action))) return;
    // GitHub runs pull_request workflows on the test merge commit; a conflicting pull request has none.
    const mergeSha = this.config.host.pullRequestMergeCommit(owner, repo, pull.number);
    if (!mergeSha) return;
    const head = await commitSummary(gitDir, pull.head.sha);
    const trigger = pullRequestTrigger(payload, mergeSha, head.message);
    if (!trigger) return;
    for (const workflow of await this.workflowsAt(owner, repo, mergeSha)) {
      const on = workflow.definition.triggers.pullRequest;
      if (on && pullRequestRuns(on, action, pull.base.ref)) await this.startFromEvent(trigger, workflow);
    }
  }

  /** `issues`, `issue_comment`, `check_suite`, `workflow_run`: the default branch's workflows. */
  private async onDefaultBranchEvent(
    event: DefaultBranchEvent,
    payload: Record<string, unknown>,
  ): Promise<void> {
    if (event === 'check_suite' && checkSuiteOfActions(payload)) return;
    const { owner, repo } = repositoryOf(payload);
    const action = typeof payload.action === 'string' ? payload.action : '';
    const workflow = payload.workflow as { name?: string } | undefined;
    const followed = event === 'workflow_run' ? (workflow?.name ?? '') : null;
    const sender = (payload.sender as { login?: string } | undefined)?.login ?? owner;
    await this.startOnDefaultBranch(owner, repo, event, payload, sender, (definition) => {
      const on = definition.triggers.activity[event];
      return on !== undefined && activityRuns(on, action, followed);
    });
  }

  /**
   * A tick of GitHub's scheduler: every workflow of the default branch with an `on.schedule`
   * runs once (GitHub runs each cron on its own; one run per workflow stands for a tick here).
   */
  async schedule(owner: string, repo: string): Promise<void> {
    const work = this.startOnDefaultBranch(
      owner,
      repo,
      'schedule',
      null,
      owner,
      (definition) => definition.triggers.schedule.length > 0,
    );
    this.track(work);
    await work;
  }

  private async startOnDefaultBranch(
    owner: string,
    repo: string,
    event: DefaultBranchEvent | 'schedule',
    payload: Record<string, unknown> | null,
    actor: string,
    runs: (definition: WorkflowDefinition) => boolean,
  ): Promise<void> {
    const { host } = this.config;
    const branch = host.defaultBranch(owner, repo);
    const sha = await resolveCommit(host.repoGitDir(owner, repo), branch);
    if (!sha) return;
    for (const workflow of await this.workflowsAt(owner, repo, sha)) {
      if (!runs(workflow.definition)) continue;
      const eventPayload = payload ?? {
        schedule: workflow.definition.triggers.schedule[0],
        repository: host.repositoryPayload(owner, repo),
        workflow: workflow.record.path,
      };
      const trigger = defaultBranchTrigger(event, eventPayload, { owner, repo, branch, sha, actor });
      await this.startFromEvent(trigger, workflow);
    }
  }

  private async startFromEvent(trigger: RunTrigger, workflow: LoadedWorkflow): Promise<void> {
    try {
      const run = await this.createRun(trigger, workflow.record, workflow.definition);
      this.announce(run, workflow.record);
      this.start(run, workflow.definition, workflow.record);
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      // GitHub fails such a run at once; the simulator reports it and starts none.
      this.config.log(`Actions: ${workflow.record.path} not started for ${trigger.event}: ${error.message}`);
    }
  }

  /** The workflows defined at a commit (files GitHub's parser rejects are left out). */
  private async workflowsAt(owner: string, repo: string, commit: string): Promise<LoadedWorkflow[]> {
    const gitDir = this.config.host.repoGitDir(owner, repo);
    const loaded: LoadedWorkflow[] = [];
    for (const { path, blob } of await listWorkflowBlobs(gitDir, commit)) {
      const definition = await this.parseBlob(gitDir, path, blob);
      if (!definition) continue;
      const record = this.config.runs.workflow(
        `${owner}/${repo}`,
        path,
        definition.name,
        () => this.config.host.nextId(),
        this.config.host.now().toISOString(),
      );
      loaded.push({ record, definition });
    }
    return loaded;
  }

  /** A workflow file parsed once per content (null and reported when GitHub's parser rejects it). */
  private async parseBlob(gitDir: string, path: string, blob: string): Promise<WorkflowDefinition | null> {
    const key = `${path}\0${blob}`;
    if (this.parsedBlobs.has(key)) return this.parsedBlobs.get(key) ?? null;
    let definition: WorkflowDefinition | null = null;
    try {
      definition = readWorkflow(path, await readBlob(gitDir, blob));
    } catch (error) {
      if (!(error instanceof WorkflowFileError)) throw error;
      this.config.log(`Actions: ${path} (blob ${blob}) is not a valid workflow: ${error.message}`);
    }
    this.parsedBlobs.set(key, definition);
    return definition;
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
    const tag = request.ref.startsWith('refs/tags/');
    const branch = request.ref.replace(/^refs\/(heads|tags)\//, '');
    const installation = host.installationPayload(owner, repo);
    const githubRef = tag ? request.ref : `refs/heads/${branch}`;
    const payload: Record<string, unknown> = {
      inputs,
      ref: githubRef,
      repository: host.repositoryPayload(owner, repo),
      sender: host.userPayload(request.actor),
      workflow: workflowRecord.path,
      ...(installation ? { installation } : {}),
    };
    const run = await this.createRun(
      {
        owner,
        repo,
        event: 'workflow_dispatch',
        action: null,
        actor: request.actor,
        headBranch: branch,
        headSha: sha,
        githubSha: sha,
        githubRef,
        pullRequests: [],
        payload,
        inputs,
        defaultTitle: null,
      },
      workflowRecord,
      workflow,
    );
    host.emitWebhook('workflow_dispatch', payload);
    this.announce(run, workflowRecord);
    this.start(run, workflow, workflowRecord);
    return run;
  }

  /** Cancels a run that has not completed (held, queued or running). False once completed. */
  cancel(run: RunRecord): boolean {
    if (run.status === 'completed') return false;
    run.cancelRequested = true;
    if (run.concurrencyGroup && this.groups.withdraw(run.concurrencyGroup, run.id)) {
      this.complete(run, 'cancelled');
      return true;
    }
    for (const job of run.jobs) this.heldJobs.get(job.id)?.();
    this.activeRunners.get(run.id)?.cancel();
    return true;
  }

  /** Kills every running job and cancels the rest (they complete as cancelled). */
  async close(): Promise<void> {
    for (const run of this.config.runs.all()) this.cancel(run);
    await this.idle();
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
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

  /** The `github` context `run-name` and `concurrency` see. */
  private githubContext(run: RunRecord, trigger: RunTrigger): Record<string, unknown> {
    const pull = trigger.pullRequests[0];
    return {
      repository: run.repo,
      repository_owner: run.owner,
      actor: trigger.actor,
      triggering_actor: trigger.actor,
      ref: trigger.githubRef,
      ref_name: trigger.githubRef.replace(/^refs\/(heads|tags|pull)\//, ''),
      sha: trigger.githubSha,
      event_name: trigger.event,
      event: trigger.payload,
      run_id: String(run.id),
      run_number: String(run.runNumber),
      run_attempt: String(run.runAttempt),
      workflow: run.workflowName,
      head_ref: pull?.headRef ?? '',
      base_ref: pull?.baseRef ?? '',
    };
  }

  private async createRun(
    trigger: RunTrigger,
    workflowRecord: WorkflowRecord,
    workflow: WorkflowDefinition,
  ): Promise<RunRecord> {
    const { host, runs } = this.config;
    const now = host.now().toISOString();
    const fullName = `${trigger.owner}/${trigger.repo}`;
    const id = host.nextId();
    const runNumber = runs.nextRunNumber(workflowRecord.id);
    const run: RunRecord = {
      id,
      repo: fullName,
      owner: trigger.owner,
      name: trigger.repo,
      workflowId: workflowRecord.id,
      workflowName: workflow.name,
      workflowPath: workflow.path,
      displayTitle: workflow.name,
      runNumber,
      runAttempt: 1,
      event: trigger.event,
      status: 'queued',
      conclusion: null,
      headBranch: trigger.headBranch,
      headSha: trigger.headSha,
      githubSha: trigger.githubSha,
      githubRef: trigger.githubRef,
      pullRequests: trigger.pullRequests,
      checkSuiteId: 0,
      eventPayload: trigger.payload,
      headCommit: await commitSummary(host.repoGitDir(trigger.owner, trigger.repo), trigger.headSha),
      actor: trigger.actor,
      inputs: trigger.inputs,
      createdAt: now,
      updatedAt: now,
      // The start of this attempt: the run's creation (GitHub resets it on a re-run).
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
        concurrencyGroup: null,
      })),
      log: [],
      summary: '',
      cancelRequested: false,
      concurrencyGroup: null,
    };
    // run-name and concurrency.group see the contexts GitHub offers when the run is created.
    const contexts = {
      github: this.githubContext(run, trigger),
      inputs: trigger.inputs,
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
    run.displayTitle = workflow.runName
      ? evaluate('run-name', workflow.runName)
      : (trigger.defaultTitle ?? workflow.name);
    const group = workflow.concurrency ? evaluate('concurrency.group', workflow.concurrency.group) : null;
    run.concurrencyGroup = group ? `${fullName}:${group}` : null;
    run.checkSuiteId = host.checks.createSuite(fullName, run.headSha, run.headBranch, run.id);
    for (const job of run.jobs) {
      host.checks.createRun(fullName, run.checkSuiteId, {
        id: job.id,
        name: job.name,
        headSha: run.headSha,
        detailsUrl: String(jobPayload(this.payloadContext, run, job).html_url),
      });
    }
    runs.add(run);
    this.track(new Promise<void>((resolve) => this.finishRun.set(run.id, resolve)));
    return run;
  }

  /** A `workflow_run` webhook, which also starts the workflows that follow this one (`on.workflow_run`). */
  private emitRunEvent(
    action: 'requested' | 'in_progress' | 'completed',
    run: RunRecord,
    record: WorkflowRecord,
  ): void {
    const payload = workflowRunEvent(this.payloadContext, action, run, record);
    this.config.host.emitWebhook('workflow_run', payload);
    void this.onRepositoryEvent('workflow_run', payload);
  }

  /** `workflow_run.requested` and `workflow_job.queued` for a new run. */
  private announce(run: RunRecord, record: WorkflowRecord): void {
    const { host } = this.config;
    this.emitRunEvent('requested', run, record);
    for (const job of run.jobs)
      host.emitWebhook('workflow_job', workflowJobEvent(this.payloadContext, 'queued', run, job));
  }

  /** Admits the run to its concurrency group (or holds it `pending`), then runs its jobs. */
  private start(run: RunRecord, workflow: WorkflowDefinition, record: WorkflowRecord): void {
    const go = () => {
      run.status = 'queued';
      void this.execute(run, workflow, record).catch((error: unknown) => {
        // The simulator itself failed (temp dir, git): report it in the run, as a runner failure.
        run.log.push(`##[error]The runner failed: ${(error as Error).stack ?? String(error)}`);
        if (run.status !== 'completed') this.complete(run, 'failure');
      });
    };
    const group = run.concurrencyGroup;
    if (!group) return go();
    const holder = this.groups.holder(group);
    if (holder !== undefined && workflow.concurrency?.cancelInProgress) this.cancelHolder(run.repo, holder);
    if (this.groups.holder(group) !== undefined) run.status = 'pending';
    this.groups.admit(group, {
      runId: run.id,
      start: go,
      cancel: () => {
        run.cancelRequested = true;
        this.complete(run, 'cancelled');
      },
    });
  }

  /** `cancel-in-progress`: cancels the run holding the group (the holder is a run or a job id). */
  private cancelHolder(repo: string, holderId: number): void {
    const run =
      this.config.runs.get(repo, holderId) ??
      this.config.runs.list({ repo }).find((candidate) => candidate.jobs.some((job) => job.id === holderId));
    if (run) this.cancel(run);
  }

  /** Runs the run's jobs one after another (`needs:` order is the file order). */
  private async execute(run: RunRecord, workflow: WorkflowDefinition, record: WorkflowRecord): Promise<void> {
    let conclusion: RunConclusion = 'success';
    // A run whose every job was skipped concludes `skipped`.
    let ranAny = false;
    for (const [index, definition] of workflow.jobs.entries()) {
      const job = run.jobs[index]!;
      if (!this.jobWanted(run, definition)) {
        this.finishJob(run, job, 'skipped');
        continue;
      }
      ranAny = true;
      const admitted = await this.admitJob(run, job, definition);
      if (!admitted || run.cancelRequested) break;
      conclusion = await this.queue.run(async () => {
        try {
          const result = await this.runJob(run, job, workflow, definition, record);
          // The last job to run completes the run before its runner is free, as on GitHub.
          const last = index === workflow.jobs.length - 1 || result !== 'success' || run.cancelRequested;
          if (last) this.complete(run, run.cancelRequested ? 'cancelled' : result);
          return result;
        } finally {
          if (job.concurrencyGroup) this.groups.release(job.concurrencyGroup, job.id);
        }
      });
      // A job after a failed one does not start (complete() closes it as cancelled).
      if (run.status === 'completed') return;
    }
    this.complete(run, run.cancelRequested ? 'cancelled' : ranAny ? conclusion : 'skipped');
  }

  /**
   * A job's `if:`, evaluated before the job gets a runner: a false condition skips the job (no
   * runner, no minutes). An invalid expression fails the run, as on GitHub.
   */
  private jobWanted(run: RunRecord, definition: JobDefinition): boolean {
    if (definition.if === undefined) return true;
    const contexts = {
      github: this.githubContext(run, this.triggerOf(run)),
      inputs: run.inputs,
      vars: this.config.varsFor(run.repo),
      needs: {},
    };
    try {
      return evaluateCondition(definition.if, contexts, 'success');
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      run.log.push(`##[error]jobs.${definition.id}.if: ${error.message}`);
      return false;
    }
  }

  /**
   * A job-level `concurrency:` group, evaluated when the job is about to start: the job waits
   * `pending` while another job or run holds the group; a newer waiting job replaces (cancels)
   * it. Resolves false when the job will not run.
   */
  private admitJob(run: RunRecord, job: JobRecord, definition: JobDefinition): Promise<boolean> {
    if (!definition.concurrency) return Promise.resolve(true);
    const contexts = {
      github: this.githubContext(run, this.triggerOf(run)),
      inputs: run.inputs,
      vars: this.config.varsFor(run.repo),
      needs: {},
      strategy: {},
      matrix: {},
    };
    let group: string;
    try {
      group = `${run.repo}:${interpolate(definition.concurrency.group, contexts)}`;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      run.log.push(`##[error]jobs.${definition.id}.concurrency.group: ${error.message}`);
      return Promise.resolve(false);
    }
    job.concurrencyGroup = group;
    const holder = this.groups.holder(group);
    if (holder !== undefined && definition.concurrency.cancelInProgress) this.cancelHolder(run.repo, holder);
    return new Promise<boolean>((resolve) => {
      if (this.groups.holder(group) !== undefined) {
        job.status = 'pending';
        this.config.host.checks.updateRun(run.repo, job.id, { status: 'pending' });
      }
      const withdraw = () => {
        if (this.groups.withdraw(group, job.id)) this.finishHeld(job, resolve, false);
      };
      this.heldJobs.set(job.id, withdraw);
      this.groups.admit(group, {
        runId: job.id,
        start: () => this.finishHeld(job, resolve, true),
        cancel: () => {
          run.cancelRequested = true;
          this.finishHeld(job, resolve, false);
        },
      });
    });
  }

  private finishHeld(job: JobRecord, resolve: (admitted: boolean) => void, admitted: boolean): void {
    this.heldJobs.delete(job.id);
    resolve(admitted);
  }

  /** What a run was started with, for contexts evaluated later (job concurrency groups). */
  private triggerOf(run: RunRecord): RunTrigger {
    return {
      owner: run.owner,
      repo: run.name,
      event: run.event as RunTrigger['event'],
      action: null,
      actor: run.actor,
      headBranch: run.headBranch,
      headSha: run.headSha,
      githubSha: run.githubSha,
      githubRef: run.githubRef,
      pullRequests: run.pullRequests,
      payload: run.eventPayload,
      inputs: run.inputs,
      defaultTitle: null,
    };
  }

  /** One job on a runner: `in_progress`, the steps, then `completed` with its check run. */
  private async runJob(
    run: RunRecord,
    job: JobRecord,
    workflow: WorkflowDefinition,
    definition: JobDefinition,
    record: WorkflowRecord,
  ): Promise<RunConclusion> {
    const { host } = this.config;
    if (run.cancelRequested) return 'cancelled';
    if (run.status !== 'in_progress') {
      run.status = 'in_progress';
      run.updatedAt = host.now().toISOString();
      this.emitRunEvent('in_progress', run, record);
    }
    job.status = 'in_progress';
    job.startedAt = host.now().toISOString();
    host.checks.updateRun(run.repo, job.id, { status: 'in_progress' });
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
        eventPayload: run.eventPayload,
      },
      run,
      job,
      workflow,
      definition,
    );
    this.activeRunners.set(run.id, runner);
    if (run.cancelRequested) runner.cancel();
    const result = await runner.execute().finally(() => this.activeRunners.delete(run.id));
    // A timed-out job is cancelled by GitHub; its run then concludes `failure`.
    this.finishJob(run, job, result.timedOut ? 'cancelled' : result.conclusion, result.annotations);
    return result.conclusion;
  }

  private finishJob(
    run: RunRecord,
    job: JobRecord,
    conclusion: RunConclusion,
    annotations: CommandAnnotation[] = [],
  ): void {
    const { host } = this.config;
    Object.assign(job, { status: 'completed', conclusion, completedAt: host.now().toISOString() });
    host.checks.updateRun(run.repo, job.id, {
      status: 'completed' satisfies HostCheckStatus,
      conclusion,
      annotations,
    });
    host.emitWebhook('workflow_job', workflowJobEvent(this.payloadContext, 'completed', run, job));
  }

  private complete(run: RunRecord, conclusion: RunConclusion): void {
    if (run.status === 'completed') return;
    const record = this.config.runs.workflowById(run.repo, run.workflowId);
    // Jobs that never ran are listed as cancelled (GET …/runs/{id}/jobs shows them).
    for (const job of run.jobs.filter((j) => j.status !== 'completed')) this.finishJob(run, job, 'cancelled');
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = this.config.host.now().toISOString();
    if (record) this.emitRunEvent('completed', run, record);
    if (run.concurrencyGroup) this.groups.release(run.concurrencyGroup, run.id);
    this.finishRun.get(run.id)?.();
    this.finishRun.delete(run.id);
  }
}
