/**
 * Makes sure the agent's CLI is on PATH. The agent comes from `.github/drover.yml`, which the
 * workflow cannot read, so a missing CLI is installed here from the npm registry into the
 * runner's temp directory, at a version known to run non-interactively (docs/action.md).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { AgentAdapter } from './agents/agent-adapter.js';
import { buildBaseEnv } from './agent-env.js';
import type { Logger } from './logger.js';
import type { ProcessRunner } from './process-runner.js';

export function findOnPath(binary: string, path: string): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code !== 'ENOENT' &&
        (error as NodeJS.ErrnoException).code !== 'EACCES'
      )
        throw error;
    }
  }
  return null;
}

/** The PATH the agent runs with: unchanged when its CLI is there, else with a fresh install first. */
export async function ensureAgentCli(
  adapter: AgentAdapter,
  env: NodeJS.ProcessEnv,
  installDir: string,
  run: ProcessRunner,
  log: Logger,
): Promise<string> {
  const path = env.PATH ?? '';
  if (!adapter.cli || findOnPath(adapter.cli.binary, path)) return path;
  const { binary, npmPackage } = adapter.cli;
  log.info(`${binary} is not on PATH: installing ${npmPackage} from the npm registry`);
  const result = await run({
    command: 'npm',
    args: ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', installDir, npmPackage],
    cwd: installDir,
    env: buildBaseEnv(env),
    onLine: (line) => log.info(line),
  });
  if (result.exitCode !== 0)
    throw new Error(
      `installing ${npmPackage} failed (exit ${result.exitCode}): install the ${binary} CLI in a step before the action`,
    );
  return [join(installDir, 'node_modules', '.bin'), path].join(delimiter);
}
