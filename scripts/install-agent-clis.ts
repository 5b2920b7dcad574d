/**
 * Installs the agent CLIs the contract tests run, at the versions the action itself pins
 * (each adapter's `cli.npmPackage`), the way the action installs a missing CLI on a runner
 * (ensureAgentCli: `npm install --no-save --prefix <dir>`), into node_modules/.cache/agent-clis/<agent>.
 * A CLI already there at its pinned version is kept, so this costs nothing the second time.
 *
 * Not devDependencies: the registry this project's machines reach lacks the native packages of
 * other platforms for some CLIs (opencode-darwin-arm64, @ampcode/cli-darwin-arm64, …), which
 * leaves them out of package-lock.json, and `npm ci` then refuses the lock file.
 */
import { mkdirSync } from 'node:fs';
import { AGENT_NAMES, findAgentAdapter } from '../action/agents/registry.js';
import { ensureAgentCli } from '../action/agent-cli.js';
import type { Logger } from '../action/logger.js';
import { runProcess } from '../action/process-runner.js';
import { agentCliPrefix, installedCliVersion } from '../test/contract/agent-cli-dir.js';

/** "name@version" → [name, version]; the name may be scoped ("@scope/name@version"). */
function splitSpec(spec: string): [string, string] {
  const at = spec.lastIndexOf('@');
  return [spec.slice(0, at), spec.slice(at + 1)];
}

const log: Logger = {
  info: (message) => console.log(message),
  warning: (message) => console.warn(`warning: ${message}`),
  group: (_title, body) => body(),
};

async function main(): Promise<void> {
  // A PATH without any agent CLI, so ensureAgentCli installs rather than finding one.
  const path = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.includes('node_modules'))
    .join(':');
  for (const name of AGENT_NAMES) {
    const adapter = findAgentAdapter(name);
    if (!adapter.cli) continue;
    const [pkg, version] = splitSpec(adapter.cli.npmPackage);
    if (installedCliVersion(name, pkg) === version) continue;
    const prefix = agentCliPrefix(name);
    mkdirSync(prefix, { recursive: true });
    await ensureAgentCli(adapter, { ...process.env, PATH: path }, prefix, runProcess, log);
    if (installedCliVersion(name, pkg) !== version)
      throw new Error(`${adapter.cli.npmPackage} did not install into ${prefix}`);
  }
}

await main();
