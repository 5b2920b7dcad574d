/**
 * The planner's time on a large random DAG, against a naive O(n²) readiness scan (for each task,
 * look through every task for an open blocker) as the baseline an unindexed planner would pay,
 * measured in the same run. Two planner figures:
 * - from scratch: the kept analyses are forgotten before each plan (a first reconcile, or one
 *   after the backlog changed);
 * - incremental: between plans one task gets or loses its running label, as between two
 *   reconciles of a busy run; the analysis is reused and only statuses are refreshed.
 */
import { clearAnalysisCache } from '../core/analysis-cache.js';
import { defaultConfig } from '../core/config.js';
import { plan } from '../core/plan.js';
import type { IssueInput, Snapshot } from '../core/types.js';

const REPO = 'bench/random';

/** Deterministic PRNG (mulberry32) so every run measures the same graph. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n tasks, each blocked by up to 3 earlier ones; the first tenth already done. */
export function randomSnapshot(n: number, seed = 42): Snapshot {
  const next = random(seed);
  const issues: IssueInput[] = [];
  for (let number = 1; number <= n; number++) {
    const blockers = new Set<number>();
    const links = number === 1 ? 0 : Math.floor(next() * 4);
    for (let link = 0; link < links; link++) blockers.add(1 + Math.floor(next() * (number - 1)));
    const done = number <= n / 10;
    const createdAt = new Date(Date.UTC(2026, 0, 1) + number * 60_000).toISOString();
    issues.push({
      number,
      repo: REPO,
      title: `task ${number}`,
      body: '',
      state: done ? 'closed' : 'open',
      stateReason: done ? 'completed' : null,
      labels: [
        'drover',
        `priority:${1 + Math.floor(next() * 10)}`,
        ['size:S', 'size:M', 'size:L'][number % 3] ?? 'size:S',
      ],
      blockedBy: [...blockers].map((blocker) => ({
        number: blocker,
        repo: REPO,
        state: 'open',
        stateReason: null,
      })),
      parent: null,
      subIssues: [],
      author: 'bench',
      createdAt,
      updatedAt: createdAt,
    });
  }
  const startedAt = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return {
    repo: REPO,
    issues,
    referenced: [],
    attempts: {},
    inFlight: [],
    run: {
      id: 'r',
      epic: null,
      workers: 8,
      budgetUsd: null,
      paused: false,
      cancelled: false,
      startedBy: 'bench',
      startedAt,
    },
  };
}

/** Ready tasks found by scanning every task for every task: what the planner avoids. */
export function naiveReadyScan(issues: readonly IssueInput[]): number[] {
  const ready: number[] = [];
  for (const issue of issues) {
    if (issue.state !== 'open') continue;
    const blockers = new Set(issue.blockedBy.map((ref) => ref.number));
    const blocked = issues.some((other) => blockers.has(other.number) && other.state === 'open');
    if (!blocked) ready.push(issue.number);
  }
  return ready;
}

interface Timing {
  /** Median wall time, ms. */
  wallMs: number;
  /** Median CPU time of this process (user + system), ms: what the work cost when other processes share the cores. */
  cpuMs: number;
}

/** Medians over `runs` runs of `work`, `prepare` (untimed) before each. */
function median(runs: number, work: () => void, prepare: () => void = () => {}): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    prepare();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    work();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  const middle = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { wallMs: middle(wall), cpuMs: middle(cpu) };
}

export interface PlannerSpeed {
  /** One plan() from scratch. */
  planner: Timing;
  /** One plan() after only a running label moved. */
  incremental: Timing;
  naive: Timing;
}

export function measurePlannerSpeed(n: number, runs = 9): PlannerSpeed {
  const snapshot = randomSnapshot(n);
  const config = defaultConfig();
  const now = new Date(Date.UTC(2026, 0, 2));
  // Warm-up: JIT and lazy module state.
  for (let run = 0; run < 3; run++) {
    clearAnalysisCache();
    plan(snapshot, config, now);
  }
  const planner = median(runs, () => plan(snapshot, config, now), clearAnalysisCache);
  const moving = snapshot.issues.find((issue) => issue.state === 'open');
  const toggleRunning = (): void => {
    if (moving === undefined) return;
    const at = moving.labels.indexOf('drover:running');
    if (at < 0) moving.labels.push('drover:running');
    else moving.labels.splice(at, 1);
  };
  plan(snapshot, config, now);
  const incremental = median(runs, () => plan(snapshot, config, now), toggleRunning);
  const naive = median(3, () => naiveReadyScan(snapshot.issues));
  return { planner, incremental, naive };
}
