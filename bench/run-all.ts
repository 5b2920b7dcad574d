/** Every benchmark, one after another: `npm run bench`. Add a benchmark by adding it to the list. */
import { runArtifactBench } from './artifact-bomb.js';
import { runScheduleBench } from './schedule.js';

const BENCHMARKS: ReadonlyArray<[name: string, run: () => void | Promise<void>]> = [
  ['schedule', runScheduleBench],
  ['artifact', runArtifactBench],
];

for (const [name, run] of BENCHMARKS) {
  console.log(`== bench: ${name}`);
  await run();
}
