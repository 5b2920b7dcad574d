/**
 * The world the app's integration tests run in: one simulator (its Actions runner runs the stub
 * action of `../fixtures/stub-action` for `drover-dev/drover@v1`), the Drover app started
 * in-process against it (and restartable), and one repository per scenario. Assertions read
 * the simulator's state; waits are bounded polls on that state, never sleeps.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { startApp, type RunningApp } from '../../../app/start-app.js';
import type { Telemetry } from '../../../app/telemetry/telemetry.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { CONTROL_REF, parseControlRecord, type ControlRecord } from '../../../core/control-record.js';

const STUB_ACTION_DIR = fileURLToPath(new URL('../fixtures/stub-action', import.meta.url));
/** A compromised job that uploads whatever artifact the test supplies (test/security/). */
const HOSTILE_ACTION_DIR = fileURLToPath(new URL('../fixtures/hostile-action', import.meta.url));
/** The real action (action.yml → the committed bundle action/dist/index.js). */
const REAL_ACTION_DIR = fileURLToPath(new URL('../../..', import.meta.url));
/** The workflow the app dispatches, exactly as we ship it. */
const WORKFLOW = readFileSync(
  fileURLToPath(new URL('../../../.github/workflows/drover.yml', import.meta.url)),
  'utf8',
);
const POLL_MS = 20;

/** What the stub action does for one `task:attempt` (see the stub's index.mjs). */
export interface StubAttempt {
  status?: 'success' | 'failed' | 'blocked';
  reason?: string;
  files?: Record<string, string | null>;
  partial?: boolean;
  noArtifact?: boolean;
  /** What the attempt reports it cost (US dollars). */
  costUsd?: number;
}

/** The defaults users get (auto merge included), with the shortest retry delays the config allows. */
export const FAST_CONFIG = `workers: 3
max_attempts: 3
# The smallest delays the config allows: a retry waits one second, on the app's own wake-up timer.
backoff: { base_seconds: 1, factor: 1, max_seconds: 1 }
status_interval_seconds: 10
`;

export interface WorldOptions {
  /** App instances behind the webhook URL (a load balancer: each delivery reaches one). */
  instances?: number;
  /** Space writes one second apart, as production does against github.com. */
  throttleWrites?: boolean;
  /** Simulator options (faults, rate limits) to start with. */
  simulator?: Parameters<typeof startSimulator>[0];
  /** Run the real, bundled action (with the agent `.github/drover.yml` names) instead of the stub. */
  realAction?: boolean;
  /** Run the hostile stand-in (../fixtures/hostile-action) instead of the stub. */
  hostileAction?: boolean;
  /** OpenTelemetry for the app (the first instance only; tests use the SDK's in-memory exporters). */
  telemetry?: Telemetry;
}

/** Poll `condition` every 20 ms until it holds; fail naming `what` (and the last state) after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 20_000,
  describeState: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}. ${describeState()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export class DroverWorld {
  apps: RunningApp[];
  private repoCount = 0;

  private constructor(
    readonly sim: Simulator,
    apps: RunningApp[],
    private readonly scenarioDir: string,
    private readonly options: WorldOptions,
  ) {
    this.apps = apps;
  }

  /** The first app instance. */
  get app(): RunningApp {
    const first = this.apps[0];
    if (first === undefined) throw new Error('no app instance is running');
    return first;
  }

  static async start(options: WorldOptions = {}): Promise<DroverWorld> {
    const scenarioDir = mkdtempSync(join(tmpdir(), 'drover-stub-scenarios-'));
    const sim = await startSimulator({
      ...options.simulator,
      actions: {
        actionPaths: {
          'drover-dev/drover@v1': options.realAction
            ? REAL_ACTION_DIR
            : options.hostileAction
              ? HOSTILE_ACTION_DIR
              : STUB_ACTION_DIR,
        },
        env: { DROVER_STUB_SCENARIO_DIR: scenarioDir },
        maxConcurrentJobs: 12,
      },
    });
    const apps: RunningApp[] = [];
    for (let i = 0; i < (options.instances ?? 1); i++)
      apps.push(await DroverWorld.startAppOn(sim, i === 0 ? options : { ...options, telemetry: undefined }));
    const world = new DroverWorld(sim, apps, scenarioDir, options);
    world.routeWebhooks();
    return world;
  }

  private static startAppOn(sim: Simulator, options: WorldOptions): Promise<RunningApp> {
    return startApp({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      webhookSecret: sim.app.webhookSecret,
      baseUrl: sim.baseUrl,
      port: 0,
      throttleWrites: options.throttleWrites ?? false,
      // A short quiet window: tests wait on state, and bursts still coalesce.
      scheduler: { quietMs: 50, maxDelayMs: 500, backoffMs: 200, maxBackoffMs: 2000 },
      // DROVER_TEST_LOG=info shows the app's log when a test needs explaining.
      log: process.env.DROVER_TEST_LOG === 'info' ? 'info' : 'silent',
      telemetry: options.telemetry,
    });
  }

  /** Each delivery reaches one instance (round-robin), as a load balancer in front of replicas does. */
  private routeWebhooks(): void {
    this.sim.webhooks.setTargets(
      this.apps.map((app) => ({ url: app.webhookUrl, secret: this.sim.app.webhookSecret })),
      { strategy: 'round-robin' },
    );
  }

  /** Stop every app process and start new ones against the same simulator (GitHub's state survives). */
  async restartApp(): Promise<void> {
    for (const app of this.apps) await app.close();
    this.apps = [];
    for (let i = 0; i < (this.options.instances ?? 1); i++)
      // Telemetry is shut down with the app it was given to.
      this.apps.push(await DroverWorld.startAppOn(this.sim, { ...this.options, telemetry: undefined }));
    this.routeWebhooks();
  }

  /** A new repository with the workflow, the config and the app installed; its owner is admin. */
  createRepo(config: string = FAST_CONFIG, files: Record<string, string> = {}): TestRepo {
    this.repoCount += 1;
    const owner = `owner${this.repoCount}`;
    const name = `backlog${this.repoCount}`;
    const user = this.sim.createUser(owner);
    this.sim.createRepo(owner, name, {
      files: {
        'README.md': `# ${name}\n`,
        '.github/workflows/drover.yml': WORKFLOW,
        '.github/drover.yml': config,
        ...files,
      },
    });
    this.sim.installApp(`${owner}/${name}`);
    return new TestRepo(this, owner, name, user.token, this.scenarioDir);
  }

  /** Webhooks delivered and answered, the apps idle and no job running, all at once. */
  async quiesce(): Promise<void> {
    for (;;) {
      await this.sim.webhooks.settled();
      for (const app of this.apps) await app.idle();
      await this.sim.actions.idle();
      const load = this.sim.actions.load();
      const pending = this.sim.webhooks.deliveries.some((delivery) => delivery.status === 'pending');
      if (load.queued === 0 && load.running === 0 && !pending) return;
    }
  }

  async close(): Promise<void> {
    for (const app of this.apps) await app.close();
    await this.sim.close();
    rmSync(this.scenarioDir, { recursive: true, force: true });
  }
}

export class TestRepo {
  readonly fullName: string;
  readonly octokit: Octokit;

  constructor(
    readonly world: DroverWorld,
    readonly owner: string,
    readonly name: string,
    token: string,
    private readonly scenarioDir: string,
  ) {
    this.fullName = `${owner}/${name}`;
    this.octokit = this.clientFor(token);
  }

  private get sim(): Simulator {
    return this.world.sim;
  }

  clientFor(token: string): Octokit {
    return new Octokit({ baseUrl: this.sim.baseUrl, auth: token });
  }

  /** What the stub does per `"<task>:<attempt>"` (the hostile action: per `"<task>"`); anything not listed succeeds. */
  setScenario(attempts: Record<string, StubAttempt | object>): void {
    writeFileSync(join(this.scenarioDir, `${this.owner}__${this.name}.json`), JSON.stringify(attempts));
  }

  async createIssue(title: string, labels: string[] = ['drover'], body = `Do ${title}.`): Promise<number> {
    const { data } = await this.octokit.rest.issues.create({
      owner: this.owner,
      repo: this.name,
      title,
      body,
      labels,
    });
    return data.number;
  }

  private issueId(number: number): number {
    return this.sim.state.issues.require(this.fullName, number).id;
  }

  async addSubIssue(parent: number, child: number): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      owner: this.owner,
      repo: this.name,
      issue_number: parent,
      sub_issue_id: this.issueId(child),
    });
  }

  /** GitHub's native "blocked by" link. */
  async addBlockedBy(issue: number, blocker: number): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
      owner: this.owner,
      repo: this.name,
      issue_number: issue,
      issue_id: this.issueId(blocker),
    });
  }

  async comment(issue: number, body: string, octokit: Octokit = this.octokit): Promise<number> {
    const { data } = await octokit.rest.issues.createComment({
      owner: this.owner,
      repo: this.name,
      issue_number: issue,
      body,
    });
    return data.id;
  }

  issue(number: number) {
    return this.sim.state.issues.require(this.fullName, number);
  }

  isClosed(number: number): boolean {
    return this.issue(number).state === 'closed';
  }

  labelsOf(number: number): string[] {
    return this.issue(number).labels;
  }

  comments(number: number) {
    return this.sim.state.comments.list(this.fullName, number);
  }

  /** The bodies of Drover's notes on an issue (what a person is told when a task cannot move). */
  notesOf(number: number): string[] {
    return this.comments(number)
      .filter((comment) => comment.body.includes('<!-- drover:note -->'))
      .map((comment) => comment.body);
  }

  /** The control record (refs/drover/state), or null before any command wrote one. */
  controlRecord(): ControlRecord | null {
    const ref = this.sim.state.git.getRef(this.fullName, CONTROL_REF);
    if (ref === undefined) return null;
    const bare = this.sim.state.repos.bare(this.sim.state.repos.require(this.fullName));
    return parseControlRecord(bare.readCommit(ref.sha).message).record;
  }

  /** Has the controller declared the run over (nothing in its scope can move)? */
  runEnded(): boolean {
    return Boolean(this.controlRecord()?.run?.endedAt);
  }

  /** The run status comment on the dashboard issue. */
  statusComment(): string {
    const status = this.comments(this.dashboardIssue()).find((comment) =>
      comment.body.includes('<!-- drover:status -->'),
    );
    if (status === undefined) throw new Error(`${this.fullName} has no status comment`);
    return status.body;
  }

  /** The reactions on a comment (by content). */
  reactionsOf(commentId: number): string[] {
    const comment = this.sim.state.comments.require(this.fullName, commentId);
    return [...comment.reactions].filter(([, who]) => who.size > 0).map(([content]) => content);
  }

  /** branchAheadOfMain, or 0 while the branch does not exist. */
  branchAheadOfMainOr0(branch: string): number {
    return this.sim.state.git.getRef(this.fullName, `refs/heads/${branch}`) === undefined
      ? 0
      : this.branchAheadOfMain(branch);
  }

  /** Commits on a branch that the default branch does not have (0 or "some"). */
  branchAheadOfMain(branch: string): number {
    const bare = this.sim.state.repos.bare(this.sim.state.repos.require(this.fullName));
    const head = this.sim.state.git.getRef(this.fullName, `refs/heads/${branch}`)?.sha;
    const main = this.sim.state.git.getRef(this.fullName, 'refs/heads/main')?.sha;
    if (head === undefined || main === undefined) throw new Error(`no ${branch} or main in ${this.fullName}`);
    return bare.isAncestor(head, main) ? 0 : 1;
  }

  /** The issue the app keeps the run's marker and status comment on. */
  dashboardIssue(): number {
    const dashboard = this.sim.state.issues
      .list(this.fullName, { state: 'all' })
      .find((issue) => issue.title === 'Drover dashboard');
    if (!dashboard) throw new Error(`${this.fullName} has no "Drover dashboard" issue`);
    return dashboard.number;
  }

  pulls() {
    return this.sim.state.pulls.list(this.fullName, { state: 'all' });
  }

  /** Branch names under refs/heads/drover/. */
  droverBranches(): string[] {
    return this.sim.state.git
      .matchingRefs(this.fullName, 'refs/heads/drover/')
      .map((ref) => ref.ref.replace('refs/heads/', ''));
  }

  runs() {
    return this.sim.actions.runs().filter((run) => run.repo.toLowerCase() === this.fullName.toLowerCase());
  }

  runsOf(task: number) {
    return this.runs().filter((run) => run.inputs.task === String(task));
  }

  /** Most runs of this repository in progress at one instant (created → completed). */
  maxConcurrentRuns(): number {
    const edges = this.runs().flatMap((run) => [
      { at: Date.parse(run.createdAt), delta: 1 },
      { at: run.status === 'completed' ? Date.parse(run.updatedAt) : Infinity, delta: -1 },
    ]);
    // At equal instants count the ends first: a run dispatched as another completes does not overlap it.
    edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    let most = 0;
    for (const edge of edges) {
      running += edge.delta;
      most = Math.max(most, running);
    }
    return most;
  }

  /** One line per task issue (number, state, labels, runs, last comment) for failure messages. */
  describe(tasks: number[]): string {
    const deliveries = this.sim.webhooks.deliveries.map(
      (delivery) => `${delivery.event}:${String(delivery.status)}`,
    );
    const runs = this.runs().map((run) => `${run.displayTitle}:${run.status}/${run.conclusion ?? '-'}`);
    return (
      `runs: ${runs.join(', ')}; deliveries: ${deliveries.join(' ')}; ` +
      tasks
        .map(
          (task) =>
            `#${task} ${this.issue(task).state} [${this.labelsOf(task).join(', ')}] runs=${this.runsOf(task).length} last comment: ${this.comments(task).at(-1)?.body.slice(0, 300) ?? '-'}`,
        )
        .join('; ')
    );
  }
}
