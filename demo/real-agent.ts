/**
 * `npm run demo -- --agent claude|codex|amp|opencode`: a real coding agent instead of the demo
 * one, only if its CLI is installed and a credential for it is in the environment.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RealAgent } from './demo-repository.js';

const execFileAsync = promisify(execFile);

/** The executable and the credential variables each agent reads (docs: /work notes agent-clis). */
const AGENTS: Record<RealAgent, { bin: string; keys: string[] }> = {
  claude: { bin: 'claude', keys: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'] },
  codex: { bin: 'codex', keys: ['OPENAI_API_KEY', 'CODEX_API_KEY'] },
  amp: { bin: 'amp', keys: ['AMP_API_KEY'] },
  opencode: { bin: 'opencode', keys: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY'] },
};

/** The agent's credentials from the environment; throws a one-line reason when it cannot run. */
export async function realAgentKeys(
  agent: RealAgent,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const { bin, keys } = AGENTS[agent];
  try {
    await execFileAsync(bin, ['--version'], { timeout: 20_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`--agent ${agent}: "${bin}" is not installed (not on PATH)`);
    throw new Error(
      `--agent ${agent}: "${bin} --version" failed: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const present = Object.fromEntries(keys.flatMap((key) => (env[key] ? [[key, env[key]]] : [])));
  if (Object.keys(present).length === 0)
    throw new Error(`--agent ${agent}: set one of ${keys.join(', ')} to authenticate it`);
  return present;
}
