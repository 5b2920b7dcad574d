// Bundles the action into action/dist/index.js (committed; CI checks it equals a fresh build).
// Deterministic: no timestamps, no absolute paths (esbuild writes paths relative to cwd), no source map.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: ['action/main.ts'],
  outfile: 'action/dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); ESM has none, so provide one (aliased, so it
  // cannot clash with a dependency's own `createRequire` import).
  banner: {
    js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);",
  },
});
