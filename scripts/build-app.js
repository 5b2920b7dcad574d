// Compiles the app (`app/main.ts` and what it imports from this repository) into one ESM file,
// dist/app/main.js, for the Docker image: npm packages stay external (the image installs them
// with `npm ci --omit=dev`), so no TypeScript runner is needed at run time.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: ['app/main.ts'],
  outfile: process.argv[2] ?? 'dist/app/main.js',
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
});
