/**
 * A `uses:` step for a JavaScript action: read its action.yml, run `node <main>` with the
 * `INPUT_<NAME>` environment built from `with:` and the inputs' defaults.
 * https://docs.github.com/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { interpolate } from './expressions.js';
import type { StepContext } from './step-context.js';

interface ActionMetadata {
  inputs?: Record<string, { default?: unknown } | null>;
  runs?: { using?: string; main?: string };
}

const SUPPORTED_RUNTIMES = ['node20', 'node24'];

async function readMetadata(dir: string): Promise<ActionMetadata> {
  for (const file of ['action.yml', 'action.yaml']) {
    try {
      return parseYaml(await readFile(join(dir, file), 'utf8')) as ActionMetadata;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Can't find 'action.yml' or 'action.yaml' under '${dir}'`);
}

/** `INPUT_<NAME>`: the name upper-cased with spaces as underscores, as the runner and @actions/core do. */
const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export async function runJavaScriptActionStep(ctx: StepContext): Promise<number> {
  const uses = ctx.step.uses ?? '';
  const dir = ctx.resolveAction(uses);
  if (!dir) {
    ctx.log(
      `##[error]Unable to resolve action \`${uses}\`: the simulator runs actions/checkout, local ./ actions and the actions mapped in actionPaths`,
    );
    return 1;
  }
  const metadata = await readMetadata(dir);
  const runtime = metadata.runs?.using ?? '';
  if (!SUPPORTED_RUNTIMES.includes(runtime) || !metadata.runs?.main) {
    ctx.log(
      `##[error]${uses}: runs.using '${runtime}' with a runs.main is required (supported: ${SUPPORTED_RUNTIMES.join(', ')})`,
    );
    return 1;
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    if (spec?.default !== undefined)
      inputs[inputVariable(name)] = interpolate(String(spec.default), ctx.contexts);
  }
  for (const [name, value] of Object.entries(ctx.step.with)) {
    inputs[inputVariable(name)] = interpolate(value, ctx.contexts);
  }
  const env = { ...ctx.env, ...inputs, GITHUB_ACTION_PATH: dir };
  return ctx.spawn(process.execPath, [join(dir, metadata.runs.main)], ctx.workspace, env).exited;
}
