// Bundles the attempt action into action/dist/index.js and the controller action into
// controller/dist/index.js (both committed; CI checks they equal a fresh build).
// Deterministic: no timestamps, no absolute paths (esbuild writes paths relative to cwd), no source map.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The two bundles: entry point → output (paths relative to the repository root). */
export const BUNDLES = [
  { entry: 'action/main.ts', outfile: 'action/dist/index.js' },
  { entry: 'app/actions/main.ts', outfile: 'controller/dist/index.js' },
];

export async function bundle(entry, outfile) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
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
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { entry, outfile } of BUNDLES) await bundle(entry, outfile);
}
