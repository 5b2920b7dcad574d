/**
 * `npm run bench:chaos`: a seeded, reproducible fault campaign against Drover's controller, as
 * separate app processes on the simulator (bench/chaos/run-scenario.ts). Each scenario is judged
 * from the simulator's history (bench/chaos/history-checker.ts); every count must be 0.
 *
 * Last line: `chaos: scenarios=… runs=… lost=… doubled=… over_limit=… early=… beyond_max=… fault_slowdown=…`
 * where fault_slowdown is the makespan with 10 % of the app's requests failing over the makespan
 * without faults.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAIM_GRACE_MS } from '../core/attempt-history.js';
import type { FaultRule } from '../simulator/server/fault-campaign.js';
import { runScenario, type Scenario, type ScenarioResult } from './chaos/run-scenario.js';

/** 10 % of the app's requests answered 500, 502 or GitHub's secondary limit (403 + retry-after). */
const TEN_PERCENT: FaultRule[] = [
  { fault: 500, rate: 0.035, tokenKind: 'installation', name: '500' },
  { fault: 502, rate: 0.035, tokenKind: 'installation', name: '502' },
  { fault: 'secondary-limit', rate: 0.03, tokenKind: 'installation', retryAfter: 1, name: 'secondary limit' },
];
/** Writes GitHub performed, then answered 502. */
const PERFORMED_THEN_502: FaultRule[] = [
  {
    fault: 'performed-then-502',
    rate: 0.1,
    tokenKind: 'installation',
    writes: true,
    name: 'performed, then 502',
  },
];

export function scenarios(seed: number): Scenario[] {
  const base = {
    seed,
    instances: 1,
    faults: [],
    webhookChaos: false,
    kills: 0,
    tasks: 12,
    // A claim a kill or a performed-then-502 left without a run is abandoned only after its grace
    // (CLAIM_GRACE_MS, the default), and the task goes on after it: each such claim on the
    // backlog's chain costs one grace, and a seed can put several there in a row (one run of
    // "writes performed, then 502" met three, #1 → #2 → #3, and ran out of a window of one
    // grace + 3 minutes with those tasks still under way). The makespan says what it cost.
    timeoutMs: 4 * CLAIM_GRACE_MS + 180_000,
  };
  return [
    { ...base, name: 'baseline' },
    { ...base, name: '10% faults', faults: TEN_PERCENT },
    { ...base, name: 'writes performed, then 502', faults: PERFORMED_THEN_502 },
    { ...base, name: 'webhooks dropped, duplicated, replayed, reordered', webhookChaos: true },
    { ...base, name: '20 SIGKILLs', kills: 20 },
    { ...base, name: 'two instances', instances: 2 },
    { ...base, name: 'three instances', instances: 3 },
    {
      ...base,
      name: 'all together',
      instances: 3,
      faults: [...TEN_PERCENT, ...PERFORMED_THEN_502],
      webhookChaos: true,
      kills: 20,
    },
  ];
}

function line(result: ScenarioResult): string {
  const counts = `lost=${result.lost} doubled=${result.doubled} over_limit=${result.overLimit} early=${result.early} beyond_max=${result.beyondMax}`;
  return `${result.name}: ${result.finished ? 'finished' : 'DID NOT FINISH'}, ${result.runs} runs, makespan ${(result.makespanMs / 1000).toFixed(1)} s, ${result.killsDone} kills; ${counts}`;
}

export async function runChaosBench(seed = Number(process.env.DROVER_CHAOS_SEED ?? 7)): Promise<void> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(seed)) {
    const result = await runScenario(scenario);
    results.push(result);
    console.log(line(result));
    for (const detail of result.details) console.log(`  ${detail}`);
  }
  const sum = (pick: (result: ScenarioResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const makespan = (name: string) => results.find((result) => result.name === name)?.makespanMs ?? Number.NaN;
  const slowdown = makespan('10% faults') / makespan('baseline');
  console.log(
    `chaos: scenarios=${results.length} runs=${sum((r) => r.runs)} lost=${sum((r) => r.lost)} doubled=${sum((r) => r.doubled)} over_limit=${sum((r) => r.overLimit)} early=${sum((r) => r.early)} beyond_max=${sum((r) => r.beyondMax)} fault_slowdown=${slowdown.toFixed(2)}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit through process.exit on Ctrl-C or a kill, so the exit hook SIGKILLs every app process.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  await runChaosBench();
}
