/** The `verify` command (e.g. `npm test`): run with bash in the workspace, with no credentials at all. */
import { buildBaseEnv } from './agent-env.js';
import { bashCommand } from './bash-command.js';
import type { Logger } from './logger.js';
import type { ProcessRunner } from './process-runner.js';

export interface VerifyResult {
  command: string;
  passed: boolean;
  outputTail: string;
}

/** What the outcome keeps of the verify output: enough to see the failure, small enough to post. */
export const VERIFY_TAIL_CHARS = 4_000;

export async function runVerify(
  command: string,
  options: { workspace: string; env: NodeJS.ProcessEnv; timeoutMs: number },
  run: ProcessRunner,
  log: Logger,
): Promise<VerifyResult> {
  const result = await run({
    ...bashCommand(command),
    cwd: options.workspace,
    env: buildBaseEnv(options.env),
    timeoutMs: options.timeoutMs,
    keepTailChars: VERIFY_TAIL_CHARS,
    onLine: (line) => log.info(line),
  });
  const timedOut = result.timedOut
    ? `\n[verify timed out after ${Math.round(options.timeoutMs / 1000)} s]`
    : '';
  return {
    command,
    passed: result.exitCode === 0 && !result.timedOut,
    outputTail: (result.outputTail + timedOut).slice(-VERIFY_TAIL_CHARS),
  };
}
