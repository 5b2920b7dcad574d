/**
 * Where scripts/install-agent-clis.ts installs the pinned agent CLIs the contract tests run:
 * one npm prefix per agent (an `npm install --no-save` into a shared prefix would prune the
 * CLIs installed before it), as the action installs the one CLI a job needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENT_CLI_DIR = fileURLToPath(new URL('../../node_modules/.cache/agent-clis/', import.meta.url));

/** The npm prefix an agent's CLI is installed into. */
export const agentCliPrefix = (agent: string): string => join(AGENT_CLI_DIR, agent);

/** The directory holding an agent's CLI binary. */
export const agentCliBin = (agent: string): string => join(agentCliPrefix(agent), 'node_modules', '.bin');

/** The installed version of an agent's CLI package, or null. */
export function installedCliVersion(agent: string, npmPackage: string): string | null {
  const file = join(agentCliPrefix(agent), 'node_modules', npmPackage, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : null;
}
