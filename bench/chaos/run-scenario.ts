/**
 * One chaos scenario: a simulator with the stub action (test/app/fixtures/stub-action: each
 * attempt uploads what its scenario file says, in about a second), a backlog, Drover's app as
 * `instances` separate processes behind round-robin webhooks, and whatever faults the scenario
 * asks for — API faults from a seeded campaign, webhooks dropped, duplicated, replayed under new
 * delivery ids and reordered, app processes SIGKILLed and restarted. At the end the history is
 * judged (history-checker.ts). Everything random comes from the seed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import type { FaultRule } from '../../simulator/server/fault-campaign.js';
import { startAppProcess, stopAppProcess, type AppProcess } from './app-processes.js';
import { checkHistory, type BacklogShape, type Verdict } from './history-checker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STUB_ACTION_DIR = join(ROOT, 'test/app/fixtures/stub-action');
const WORKFLOW = readFileSync(join(ROOT, '.github/workflows/drover.yml'), 'utf8');

export interface Scenario {
  name: string;
  seed: number;
  instances: number;
  /** API faults on the app's installation token. */
  faults: FaultRule[];
  /** Drop, duplicate, replay and reorder webhooks (each delivery's fate drawn from the seed). */
  webhookChaos: boolean;
  /** SIGKILL an app process (and start a new one) this many times during the run. */
  kills: number;
  /** Tasks in the backlog (a chain, a diamond and independent ones; two fail their first attempt). */
  tasks: number;
  /** How long to wait for the backlog to be done (then `finished: false`). */
  timeoutMs: number;
  /** `claim_grace_seconds` of the repository's config (default: Drover's, 90 s). */
  claimGraceSeconds?: number;
  /** The whole scenario, setup and teardown included (default `timeoutMs` + 90 s): past it, it throws. */
  hardTimeoutMs?: number;
}

export interface ScenarioResult extends Verdict {
  name: string;
  finished: boolean;
  killsDone: number;
}

const WORKERS = 3;
const MAX_ATTEMPTS = 3;
function config(scenario: Scenario): string {
  const grace =
    scenario.claimGraceSeconds === undefined ? '' : `claim_grace_seconds: ${scenario.claimGraceSeconds}\n`;
  return `workers: ${WORKERS}
max_attempts: ${MAX_ATTEMPTS}
backoff: { base_seconds: 1, factor: 1, max_seconds: 1 }
status_interval_seconds: 10
${grace}`;
}

/** mulberry32: a small, seedable PRNG so a scenario is the same every time. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A backlog of `count` tasks: #1 ← #2 ← #3 (a chain), #4 ← {#5, #6} ← #7 (a diamond), the rest free. */
function backlogShape(numbers: number[]): Map<number, number[]> {
  const at = (index: number) => numbers[index] as number;
  const blockers = new Map<number, number[]>(numbers.map((number) => [number, []]));
  if (numbers.length >= 3) {
    blockers.set(at(1), [at(0)]);
    blockers.set(at(2), [at(1)]);
  }
  if (numbers.length >= 7) {
    blockers.set(at(4), [at(3)]);
    blockers.set(at(5), [at(3)]);
    blockers.set(at(6), [at(4), at(5)]);
  }
  return blockers;
}

/** Setting up (simulator, issues, app processes) and judging: beyond it, a scenario is stuck. */
const SETUP_AND_TEARDOWN_MS = 90_000;
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * Runs one scenario. `timeoutMs` bounds the wait for the backlog to be done (a scenario that
 * runs out of it reports `finished: false`); the whole scenario, setup and teardown included,
 * is bounded by `hardTimeoutMs` (default `timeoutMs` + 90 s), past which it throws. Whatever happens, its app processes
 * are killed and its simulator closed before it returns or throws.
 */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const run = new ScenarioRun(scenario);
  let timer: NodeJS.Timeout | undefined;
  const bound = scenario.hardTimeoutMs ?? scenario.timeoutMs + SETUP_AND_TEARDOWN_MS;
  const hardLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`chaos scenario "${scenario.name}" stuck in ${run.phase} after ${bound / 1000} s`)),
      bound,
    );
  });
  try {
    return await Promise.race([run.execute(), hardLimit]);
  } finally {
    clearTimeout(timer);
    await run.teardown();
  }
}

class ScenarioRun {
  phase = 'setup';
  private readonly apps: AppProcess[] = [];
  private readonly next: () => number;
  private readonly t0 = Date.now();
  private sim: Simulator | null = null;
  private scenarioDir: string | null = null;
  private stopChaos: () => void = () => {};
  private stopped = false;

  constructor(private readonly scenario: Scenario) {
    this.next = random(scenario.seed);
  }

  /** Progress with timings on stderr when DROVER_CHAOS_DEBUG is set (where a slow scenario spends its time). */
  private enter(phase: string): void {
    if (this.stopped) throw new Error(`chaos scenario "${this.scenario.name}" was stopped`);
    this.phase = phase;
    if (process.env.DROVER_CHAOS_DEBUG)
      console.error(`[chaos ${this.scenario.name} +${Date.now() - this.t0} ms] ${phase}`);
  }

  async execute(): Promise<ScenarioResult> {
    const scenario = this.scenario;
    this.enter('starting the simulator');
    const scenarioDir = mkdtempSync(join(tmpdir(), 'drover-chaos-'));
    this.scenarioDir = scenarioDir;
    const sim = await startSimulator({
      actions: {
        actionPaths: { 'drover-dev/drover@v1': STUB_ACTION_DIR },
        env: { DROVER_STUB_SCENARIO_DIR: scenarioDir },
        maxConcurrentJobs: 8,
      },
    });
    this.sim = sim;
    this.enter('creating the backlog');
    const owner = sim.createUser('owner');
    sim.createRepo('owner', 'chaos', {
      files: {
        'README.md': '# chaos\n',
        '.github/workflows/drover.yml': WORKFLOW,
        '.github/drover.yml': config(scenario),
      },
    });
    sim.state.repos.updateSettings('owner/chaos', { deleteBranchOnMerge: true });
    sim.installApp('owner/chaos');
    const octokit = new Octokit({ baseUrl: sim.baseUrl, auth: owner.token });
    const repo = { owner: 'owner', repo: 'chaos' };
    const numbers: number[] = [];
    for (let index = 0; index < scenario.tasks; index++) {
      const { data } = await octokit.rest.issues.create({
        ...repo,
        title: `Task ${index + 1}`,
        body: 'Do it.',
        labels: ['drover'],
      });
      numbers.push(data.number);
    }
    const blockers = backlogShape(numbers);
    for (const [task, on] of blockers) {
      for (const blocker of on) {
        const id = sim.state.issues.require('owner/chaos', blocker).id;
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
          ...repo,
          issue_number: task,
          issue_id: id,
        });
      }
    }
    // Two tasks fail their first attempt: retries meet the faults too.
    const flaky = [numbers[0], numbers[numbers.length - 1]].filter((n): n is number => n !== undefined);
    writeFileSync(
      join(scenarioDir, 'owner__chaos.json'),
      JSON.stringify(
        Object.fromEntries(flaky.map((task) => [`${task}:1`, { status: 'failed', reason: 'flaky' }])),
      ),
    );

    this.enter('starting the app processes');
    for (let i = 0; i < scenario.instances; i++) this.apps.push(await this.startApp());
    this.route();
    if (scenario.faults.length > 0) sim.faults.campaign({ seed: scenario.seed, rules: scenario.faults });
    if (scenario.webhookChaos) this.stopChaos = webhookChaos(sim, this.next);

    this.enter('running');
    const started = Date.now();
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: numbers[0] as number,
      body: `/drover run --workers ${WORKERS}`,
    });
    const allClosed = () =>
      numbers.every((task) => sim.state.issues.require('owner/chaos', task).state === 'closed');
    let killsDone = 0;
    let nextKillAt = Date.now() + 500 + this.next() * 2500;
    while (!allClosed() && Date.now() - started < scenario.timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (this.stopped) throw new Error(`chaos scenario "${scenario.name}" was stopped`);
      if (killsDone >= scenario.kills || Date.now() < nextKillAt) continue;
      const victim = Math.floor(this.next() * this.apps.length);
      this.enter(`kill ${killsDone + 1}: app ${victim}`);
      await stopAppProcess(this.apps[victim] as AppProcess);
      this.apps[victim] = await this.startApp();
      this.route();
      killsDone++;
      nextKillAt = Date.now() + 300 + this.next() * 2000;
      this.enter('running');
    }
    const finished = allClosed();
    this.enter(`judging (${finished ? 'finished' : 'timed out'})`);
    this.stopChaos();
    for (const app of this.apps) await stopAppProcess(app);
    sim.faults.clear();
    const shape: BacklogShape = { tasks: blockers, workers: WORKERS, maxAttempts: MAX_ATTEMPTS };
    return {
      name: scenario.name,
      finished,
      killsDone,
      ...checkHistory(sim.history({ repo: 'owner/chaos' }), shape),
    };
  }

  /** Kills every app process, closes the simulator (bounded), removes the scenario's files. */
  async teardown(): Promise<void> {
    this.stopped = true;
    this.stopChaos();
    await Promise.all(this.apps.map((app) => stopAppProcess(app)));
    if (this.sim !== null) await closeWithin(this.sim, CLOSE_TIMEOUT_MS);
    if (this.scenarioDir !== null) rmSync(this.scenarioDir, { recursive: true, force: true });
  }

  private async startApp(): Promise<AppProcess> {
    const sim = this.sim as Simulator;
    const app = await startAppProcess({
      baseUrl: sim.baseUrl,
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      webhookSecret: sim.app.webhookSecret,
    });
    // Stopped meanwhile (the hard limit passed): teardown has already run.
    if (this.stopped) {
      await stopAppProcess(app);
      throw new Error(`chaos scenario "${this.scenario.name}" was stopped`);
    }
    return app;
  }

  private route(): void {
    this.sim?.webhooks.setTargets(
      this.apps.map((app) => ({ url: app.url })),
      { strategy: 'round-robin' },
    );
  }
}

async function closeWithin(sim: Simulator, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`chaos: the simulator did not close within ${ms / 1000} s; going on`);
      resolve();
    }, ms);
  });
  await Promise.race([sim.close(), bound]).finally(() => clearTimeout(timer));
}

/** Each delivery's fate, from the seed: dropped, duplicated (same id), replayed (new id), or held and reordered. */
function webhookChaos(sim: Simulator, next: () => number): () => void {
  sim.webhooks.drop(() => next() < 0.1);
  sim.webhooks.duplicate(() => next() < 0.1);
  const replayed = new Set<string>();
  const replays = setInterval(() => {
    const candidates = sim.webhooks.deliveries.filter(
      (delivery) => delivery.replayOf === undefined && !replayed.has(delivery.id),
    );
    const pick = candidates[Math.floor(next() * candidates.length)];
    if (pick === undefined || next() > 0.3) return;
    replayed.add(pick.id);
    sim.webhooks.replay(pick.id);
  }, 500);
  sim.webhooks.reorder((queued) => [...queued].sort(() => next() - 0.5));
  return () => clearInterval(replays);
}
