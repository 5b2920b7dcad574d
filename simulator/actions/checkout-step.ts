/**
 * The built-in `actions/checkout`: fetch the run's commit (or `with.ref`) from the simulator's
 * repository into the workspace. Credentials are never persisted (the clone URL needs none).
 * Honours the `ref`, `fetch-depth` (default 1; 0 = all history) and `path` inputs.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { interpolate } from './expressions.js';
import type { StepContext } from './step-context.js';

export const isCheckoutAction = (uses: string) => /^actions\/checkout@/.test(uses);

export async function runCheckoutStep(ctx: StepContext): Promise<number> {
  const input = (name: string) => interpolate(ctx.step.with[name] ?? '', ctx.contexts);
  const depth = input('fetch-depth') === '' ? 1 : Number(input('fetch-depth'));
  if (!Number.isInteger(depth) || depth < 0) {
    ctx.log(`##[error]fetch-depth must be a non-negative integer, got "${input('fetch-depth')}"`);
    return 1;
  }
  const dir = resolve(ctx.workspace, input('path'));
  await mkdir(dir, { recursive: true });
  const ref = input('ref');
  // A pull request's test merge is checked out detached, as actions/checkout does for refs/pull/*.
  const pullRef = /^refs\/pull\/(.+)$/.exec(ctx.ref)?.[1];
  const localRef = pullRef ? `refs/remotes/pull/${pullRef}` : `refs/remotes/origin/${ctx.headBranch}`;
  const fetchSpec = ref === '' ? `+${ctx.headSha}:${localRef}` : ref;
  const commands: string[][] = [
    ['init', '-q'],
    ['remote', 'add', 'origin', ctx.cloneUrl],
    ['fetch', '--no-tags', '--prune', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', fetchSpec],
    ref !== ''
      ? ['checkout', '-q', '--force', '--detach', 'FETCH_HEAD']
      : pullRef
        ? ['checkout', '-q', '--force', '--detach', localRef]
        : ['checkout', '-q', '--force', '-B', ctx.headBranch, localRef],
  ];
  ctx.log(`Checking out ${ref || ctx.headSha} into ${dir}`);
  for (const args of commands) {
    const code = await ctx.spawn('git', args, dir).exited;
    if (code !== 0) return code;
  }
  return 0;
}
