/**
 * The agent CLIs the contract tests run, and the help text each adapter's flags are checked
 * against: the (sub)command the adapter calls (`codex exec`, `opencode run`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findAgentAdapter } from '../../action/agents/registry.js';
import { agentCliBin } from './agent-cli-dir.js';

export interface AgentCli {
  agent: string;
  binary: string;
  /** The npm package name (without the version). */
  npmPackage: string;
  helpArgs: string[];
  /**
   * Flags the adapter passes that the CLI's help does not list, each with the contract test
   * that proves the CLI still accepts it.
   */
  hiddenFlags: Record<string, string>;
}

function cli(agent: string, helpArgs: string[], hiddenFlags: Record<string, string> = {}): AgentCli {
  const spec = findAgentAdapter(agent).cli;
  if (!spec) throw new Error(`agent ${agent} has no CLI`);
  const npmPackage = spec.npmPackage.slice(0, spec.npmPackage.lastIndexOf('@'));
  return { agent, binary: spec.binary, npmPackage, helpArgs, hiddenFlags };
}

export const AGENT_CLIS: AgentCli[] = [
  cli('claude', ['--help'], {
    '--max-turns': 'claude.test.ts "max turns: exit 1 with error_max_turns …"',
  }),
  cli('codex', ['exec', '--help']),
  cli('opencode', ['run', '--help']),
  cli('amp', ['--help']),
];

/** The CLI's help text: some print it on stdout, opencode (yargs) on stderr. */
export function readHelp(cli: AgentCli): string {
  const result = spawnSync(join(agentCliBin(cli.agent), cli.binary), cli.helpArgs, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', TERM: 'dumb' },
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`;
}
