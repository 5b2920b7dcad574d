/**
 * Scheduling benchmark: the planner as a list scheduler over the Standard Task Graph set, as
 * makespan / known optimum, for Drover's order and two baselines; then the planner's time on a
 * 10,000-task DAG against a naive O(n²) readiness scan. `npm run bench:schedule`.
 * STG_DIR overrides where the set is (default: ../shared/stg from the repository root).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { DROVER_ORDERS, type ReadyOrder } from '../core/ready-order.js';
import { fifoOrder, seedOrder } from './baseline-orders.js';
import { listSchedule } from './list-schedule.js';
import { measurePlannerSpeed } from './planner-speed.js';
import { loadInstances, STG_PROCESSORS, STG_SIZES, type StgInstance } from './stg-set.js';

/** Drover's planner as it runs (choosing among its orders), and the planner held to one baseline order. */
const POLICIES: ReadonlyArray<[name: keyof Ratios, orders: readonly ReadyOrder[]]> = [
  ['drover', DROVER_ORDERS],
  ['fifo', [fifoOrder]],
  ['seed', [seedOrder]],
];

interface Ratios {
  drover: number[];
  fifo: number[];
  seed: number[];
}

export function stgDirectory(): string {
  const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
  return resolve(repoRoot, process.env.STG_DIR ?? '../shared/stg');
}

function measure(instances: StgInstance[]): Ratios {
  const ratios: Ratios = { drover: [], fifo: [], seed: [] };
  for (const instance of instances) {
    for (const [name, orders] of POLICIES) {
      const { makespan } = listSchedule(instance.graph.tasks, instance.processors, orders);
      ratios[name].push(makespan / instance.optimum);
    }
  }
  return ratios;
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const max = (values: number[]): number => values.reduce((best, value) => Math.max(best, value), 0);
const fixed = (value: number): string => value.toFixed(4);

function line(label: string, ratios: Ratios): string {
  return `${label.padEnd(14)} drover mean=${fixed(mean(ratios.drover))} max=${fixed(max(ratios.drover))}  fifo mean=${fixed(mean(ratios.fifo))} max=${fixed(max(ratios.fifo))}  seed mean=${fixed(mean(ratios.seed))} max=${fixed(max(ratios.seed))}  n=${ratios.drover.length}`;
}

export function runScheduleBench(): void {
  const stgDir = stgDirectory();
  const started = performance.now();
  const all: Ratios = { drover: [], fifo: [], seed: [] };
  console.log(`schedule: makespan / optimum on the STG set in ${stgDir}`);
  for (const size of STG_SIZES) {
    const instances = loadInstances(stgDir, size);
    for (const processors of STG_PROCESSORS) {
      const ratios = measure(instances.filter((instance) => instance.processors === processors));
      console.log(line(`n=${size} m=${processors}`, ratios));
      for (const key of ['drover', 'fifo', 'seed'] as const) all[key].push(...ratios[key]);
    }
  }
  console.log(line('all', all));
  console.log(`schedule: simulated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const speed = measurePlannerSpeed(10_000);
  const ms = (value: number): string => value.toFixed(1);
  console.log(
    `planner_10k_ms=${ms(speed.planner.wallMs)} planner_10k_incremental_ms=${ms(speed.incremental.wallMs)} naive_scan_10k_ms=${ms(speed.naive.wallMs)} naive_over_planner=${(speed.naive.wallMs / speed.planner.wallMs).toFixed(1)}`,
  );
  console.log(
    `cpu (this process): planner_10k_cpu_ms=${ms(speed.planner.cpuMs)} planner_10k_incremental_cpu_ms=${ms(speed.incremental.cpuMs)} naive_scan_10k_cpu_ms=${ms(speed.naive.cpuMs)} load_average=${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `schedule: drover_mean=${fixed(mean(all.drover))} drover_max=${fixed(max(all.drover))} fifo_mean=${fixed(mean(all.fifo))} seed_mean=${fixed(mean(all.seed))} instances=${all.drover.length} planner_10k_ms=${ms(speed.planner.wallMs)}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  runScheduleBench();
