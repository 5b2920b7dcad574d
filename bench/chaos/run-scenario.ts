/**
 * One chaos scenario: a simulator with the stub action (test/app/fixtures/stub-action: each
 * attempt uploads what its scenario file says, in about a second), a backlog, Drover's app as
 * `instances` separate processes behind round-robin webhooks, and whatever faults the scenario
 * asks for — API faults from a seeded campaign, webhooks dropped, duplicated, replayed under new
 * delivery ids and reordered, app processes SIGKILLed and restarted. At the end the history is
 * judged (history-checker.ts). Everything random comes from the seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import type { FaultRule } from '../../simulator/server/fault-campaign.js';
import { checkHistory, type BacklogShape, type Verdict } from './history-checker.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STUB_ACTION_DIR = join(ROOT, 'test/app/fixtures/stub-action');
const APP_PROCESS = join(ROOT, 'bench/chaos/app-process.ts');
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
  timeoutMs: number;
}

export interface ScenarioResult extends Verdict {
  name: string;
  finished: boolean;
  killsDone: number;
}

const WORKERS = 3;
const MAX_ATTEMPTS = 3;
const CONFIG = `workers: ${WORKERS}
max_attempts: ${MAX_ATTEMPTS}
backoff: { base_seconds: 1, factor: 1, max_seconds: 1 }
status_interval_seconds: 10
`;

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

interface AppProcess {
  child: ChildProcess;
  url: string;
}

async function startAppProcess(sim: Simulator): Promise<AppProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), APP_PROCESS], {
    env: {
      ...process.env,
      DROVER_CHAOS_BASE_URL: sim.baseUrl,
      APP_ID: String(sim.app.id),
      PRIVATE_KEY: sim.app.privateKey,
      WEBHOOK_SECRET: sim.app.webhookSecret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const ready = /ready (\S+)/.exec(out);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`an app process exited (${code}) before it was ready`)));
  });
  return { child, url };
}

function kill(app: AppProcess): Promise<void> {
  return new Promise((resolve) => {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve();
    app.child.once('exit', () => resolve());
    app.child.kill('SIGKILL');
  });
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

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const next = random(scenario.seed);
  const scenarioDir = mkdtempSync(join(tmpdir(), 'drover-chaos-'));
  const sim = await startSimulator({
    actions: {
      actionPaths: { 'drover-dev/drover@v1': STUB_ACTION_DIR },
      env: { DROVER_STUB_SCENARIO_DIR: scenarioDir },
      maxConcurrentJobs: 8,
    },
  });
  const apps: AppProcess[] = [];
  try {
    const owner = sim.createUser('owner');
    sim.createRepo('owner', 'chaos', {
      files: {
        'README.md': '# chaos\n',
        '.github/workflows/drover.yml': WORKFLOW,
        '.github/drover.yml': CONFIG,
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

    for (let i = 0; i < scenario.instances; i++) apps.push(await startAppProcess(sim));
    const route = () =>
      sim.webhooks.setTargets(
        apps.map((app) => ({ url: app.url })),
        { strategy: 'round-robin' },
      );
    route();
    if (scenario.faults.length > 0) sim.faults.campaign({ seed: scenario.seed, rules: scenario.faults });
    const stopChaos = scenario.webhookChaos ? webhookChaos(sim, next) : () => {};

    const started = Date.now();
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: numbers[0] as number,
      body: `/drover run --workers ${WORKERS}`,
    });
    const allClosed = () =>
      numbers.every((task) => sim.state.issues.require('owner/chaos', task).state === 'closed');
    let killsDone = 0;
    let nextKillAt = Date.now() + 500 + next() * 2500;
    while (!allClosed() && Date.now() - started < scenario.timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (killsDone >= scenario.kills || Date.now() < nextKillAt) continue;
      const victim = Math.floor(next() * apps.length);
      await kill(apps[victim] as AppProcess);
      apps[victim] = await startAppProcess(sim);
      route();
      killsDone++;
      nextKillAt = Date.now() + 300 + next() * 2000;
    }
    const finished = allClosed();
    stopChaos();
    for (const app of apps) await kill(app);
    sim.faults.clear();
    const shape: BacklogShape = { tasks: blockers, workers: WORKERS, maxAttempts: MAX_ATTEMPTS };
    return {
      name: scenario.name,
      finished,
      killsDone,
      ...checkHistory(sim.history({ repo: 'owner/chaos' }), shape),
    };
  } finally {
    for (const app of apps) await kill(app);
    await sim.close();
    rmSync(scenarioDir, { recursive: true, force: true });
  }
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
