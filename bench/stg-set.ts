/**
 * Reads the Standard Task Graph set (Tobita & Kasahara 2002): graphs of n tasks with processing
 * times and predecessors, and the known optimal makespans (or bounds) for m processors.
 * Format: see the set's README.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StgTask {
  id: number;
  time: number;
  predecessors: number[];
}

export interface StgGraph {
  /** `50/rand0000.stg`, as the optimal-value tables name it. */
  file: string;
  /** The real tasks: the dummy entry (0) and exit (n+1) are dropped, and links to them. */
  tasks: StgTask[];
}

export interface StgInstance {
  graph: StgGraph;
  processors: number;
  /** The optimum where known; otherwise the best known upper bound. */
  optimum: number;
}

export const STG_SIZES = [50, 100] as const;
export const STG_PROCESSORS = [2, 4, 8, 16] as const;

export function parseStg(file: string, text: string): StgGraph {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const count = Number(lines[0]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${file}: first line must be the task count, got "${lines[0]}"`);
  const tasks: StgTask[] = [];
  for (const line of lines.slice(1, count + 3)) {
    const [id = NaN, time = NaN, predecessorCount = 0, ...predecessors] = line.split(/\s+/).map(Number);
    if (Number.isNaN(id) || Number.isNaN(time)) throw new Error(`${file}: unreadable task line "${line}"`);
    if (id === 0 || id === count + 1) continue;
    tasks.push({ id, time, predecessors: predecessors.slice(0, predecessorCount).filter((p) => p !== 0) });
  }
  if (tasks.length !== count) throw new Error(`${file}: expected ${count} tasks, read ${tasks.length}`);
  return { file, tasks };
}

/** Every (graph, m) instance of the given size with its optimum, in file order. */
export function loadInstances(stgDir: string, size: number): StgInstance[] {
  const graphs = new Map<string, StgGraph>();
  for (const name of readdirSync(join(stgDir, String(size)))
    .filter((entry) => entry.endsWith('.stg'))
    .sort()) {
    const file = `${size}/${name}`;
    graphs.set(file, parseStg(file, readFileSync(join(stgDir, file), 'utf8')));
  }
  const instances: StgInstance[] = [];
  for (const processors of STG_PROCESSORS) {
    const table = readFileSync(join(stgDir, 'Optimal_values', `Case${size}_${processors}_OPT.csv`), 'utf8');
    for (const row of table.split('\n').filter((line) => line.trim() !== '')) {
      const [file = '', m, first, upper] = row.split(',').map((cell) => cell.trim());
      const graph = graphs.get(file);
      if (graph === undefined) throw new Error(`Optimal_values lists ${file}, which is not in ${stgDir}`);
      // Rows are `file,m,opt` or, where only bounds are known, `file,m,lower,upper`.
      const optimum = Number(upper ?? first);
      if (Number(m) !== processors || !(optimum > 0)) throw new Error(`bad optimal-value row "${row}"`);
      instances.push({ graph, processors, optimum });
    }
  }
  return instances;
}
