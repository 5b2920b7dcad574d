/**
 * Artifact reading under a zip bomb: a 600 MiB entry in a ~0.6 MiB zip (the attack of issue #10,
 * class 7), read by the app's bounded streaming reader and, for contrast, by fflate's whole-file
 * unzipSync (what the app did before). Reports peak RSS growth and time. `npm run bench:artifact`.
 * Each reader runs in a child process of its own, so one's memory does not hide the other's.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { readAttemptArtifact } from '../app/publish/read-attempt-artifact.js';
import { zipBomb } from '../test/security/zip-bomb.js';

const INFLATED_MIB = 600;

function measure(reader: 'bounded' | 'unzipSync', honest: boolean): void {
  const bomb = zipBomb(INFLATED_MIB, 'patch.json', honest);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const started = performance.now();
  let result: string;
  if (reader === 'bounded') {
    const contents = readAttemptArtifact(bomb, { task: 1, attempt: 1 });
    result = contents.ok ? 'read' : contents.reason;
  } else {
    try {
      const files = unzipSync(new Uint8Array(bomb));
      sample();
      result = `inflated ${Object.values(files).reduce((sum, file) => sum + file.length, 0)} bytes`;
    } catch (error) {
      result = `threw: ${(error as Error).message}`;
    }
  }
  sample();
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({
      reader,
      headers: honest ? 'true sizes' : 'understated sizes',
      zipBytes: bomb.length,
      peakRssGrowthMiB: Math.round((peak - before) / 2 ** 20),
      ms: Math.round(ms),
      result,
    }),
  );
}

export function runArtifactBench(): void {
  const self = fileURLToPath(import.meta.url);
  for (const [reader, honest] of [
    ['bounded', false],
    ['bounded', true],
    ['unzipSync', true],
  ] as const) {
    const args = ['--import', 'tsx', self, reader, String(honest)];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  }
}

const mode = process.argv[2];
if (mode === 'bounded' || mode === 'unzipSync') measure(mode, process.argv[3] === 'true');
else if (process.argv[1] === fileURLToPath(import.meta.url)) runArtifactBench();
