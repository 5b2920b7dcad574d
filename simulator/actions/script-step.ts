/**
 * A `run:` step: the script goes to a file in RUNNER_TEMP and runs under the step's shell.
 * https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsshell
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { interpolate } from './expressions.js';
import type { StepContext } from './step-context.js';

/** GitHub's templates for the built-in shells on Linux; `{0}` is the script file. */
const SHELLS: Record<string, string> = {
  bash: 'bash --noprofile --norc -eo pipefail {0}',
  sh: 'sh -e {0}',
  python: 'python3 {0}',
};

function shellCommand(shell: string | undefined, scriptPath: string): string[] {
  const template = SHELLS[shell ?? 'bash'] ?? shell!;
  const words = template.split(/\s+/).filter(Boolean);
  if (!words.includes('{0}')) words.push('{0}');
  return words.map((word) => (word === '{0}' ? scriptPath : word));
}

export async function runScriptStep(ctx: StepContext): Promise<number> {
  const script = interpolate(ctx.step.run ?? '', ctx.contexts);
  const scriptPath = join(ctx.tempDir, `${randomUUID()}.sh`);
  await writeFile(scriptPath, script, { mode: 0o700 });
  const [command, ...args] = shellCommand(ctx.step.shell, scriptPath);
  const cwd = ctx.step.workingDirectory ? resolve(ctx.workspace, ctx.step.workingDirectory) : ctx.workspace;
  return ctx.spawn(command!, args, cwd).exited;
}
