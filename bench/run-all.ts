/** Every benchmark, one after another: `npm run bench`. Add a benchmark by adding it to the list. */
import { runScheduleBench } from './schedule.js';

const BENCHMARKS: ReadonlyArray<[name: string, run: () => void | Promise<void>]> = [
  ['schedule', runScheduleBench],
];

for (const [name, run] of BENCHMARKS) {
  console.log(`== bench: ${name}`);
  await run();
}
