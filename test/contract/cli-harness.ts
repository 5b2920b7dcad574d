/**
 * Runs an adapter against its real CLI the way the action does: the adapter's argv and
 * environment (runAgent), the action's process runner, a fresh HOME and a git workspace in a
 * temp directory, and the CLI at the version the adapter pins (installed by
 * scripts/install-agent-clis.ts, which `npm run test:contract` runs first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentHost } from '../../action/agents/agent-adapter.js';
import { findAgentAdapter } from '../../action/agents/registry.js';
import type { Logger } from '../../action/logger.js';
import { runProcess } from '../../action/process-runner.js';
import { runAgent, type AgentRunResult } from '../../action/run-agent.js';
import { agentCliBin } from './agent-cli-dir.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every agent CLI's bin directory, for PATH. */
export const CLI_PATH = ['claude', 'codex', 'opencode', 'amp'].map(agentCliBin).join(delimiter);

export interface ContractRun {
  result: AgentRunResult;
  /** Every line the action logged (the agent's output and the adapter's warnings). */
  log: string[];
  warnings: string[];
  workspace: string;
  /** The temp directory the run used (removed by cleanup()). */
  dir: string;
  cleanup(): void;
}

export interface ContractOptions {
  agent: string;
  /** Job variables on top of PATH/HOME/LANG: the keys a workflow passes, base URLs, switches. */
  jobEnv: Record<string, string>;
  prompt?: string;
  model?: string | null;
  maxTurns?: number | null;
  extraArgs?: string[];
  timeoutMs?: number;
  host?: Partial<Omit<AgentHost, 'env'>>;
}

/** Run one agent call; the caller must call cleanup() (or keep the dir to inspect it). */
export async function runContract(options: ContractOptions): Promise<ContractRun> {
  const dir = mkdtempSync(join(tmpdir(), `drover-contract-${options.agent}-`));
  const home = join(dir, 'home');
  const workspace = join(dir, 'workspace');
  const scratchDir = join(dir, 'scratch');
  for (const path of [home, workspace, scratchDir]) mkdirSync(path, { recursive: true });
  execFileSync('git', ['init', '--quiet', workspace]);
  const env: NodeJS.ProcessEnv = {
    PATH: [CLI_PATH, process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: scratchDir,
    ...options.jobEnv,
  };
  const log: string[] = [];
  const warnings: string[] = [];
  const logger: Logger = {
    info: (message) => void log.push(message),
    warning: (message) => {
      warnings.push(message);
      log.push(`warning: ${message}`);
    },
    group: (_title, body) => body(),
  };
  const host: AgentHost = {
    env,
    isRoot: process.getuid?.() === 0,
    isDisposable: true,
    ...options.host,
  };
  const result = await runAgent(
    {
      adapter: findAgentAdapter(options.agent),
      prompt: options.prompt ?? 'Say done.',
      workspace,
      scratchDir,
      model: options.model ?? null,
      maxTurns: options.maxTurns ?? null,
      extraArgs: options.extraArgs ?? [],
      command: null,
      timeoutMs: options.timeoutMs ?? 60_000,
      droverVars: { DROVER_TASK: '7', DROVER_ISSUE: '7', DROVER_ATTEMPT: '1', DROVER_MODE: 'implement' },
      host,
    },
    runProcess,
    logger,
  );
  return {
    result,
    log,
    warnings,
    workspace,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether a process is alive: it exists and is not a zombie waiting for its parent to reap it. */
export function isAlive(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Live processes among `pids` after a bounded wait for signals to land. */
export async function survivors(pids: number[]): Promise<number[]> {
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000);
  return pids.filter(isAlive);
}

/** Bounded wait for a condition (no fixed sleeps). */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

/** 50,000 CJK characters: 150,000 UTF-8 bytes, more than one argv string may hold (128 KiB). */
export function hugeCjkPrompt(): string {
  const text = '漢字仮名交じり文'.repeat(6_250);
  return `Say done. ${text}`;
}

/**
 * Pids of live processes whose command line or working directory is inside `dir`: what an agent
 * run left behind (its CLI gets the workspace in argv or as cwd, and so do the tools it starts).
 */
export function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  // Zombies keep their cmdline empty; live processes are what matters.
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cmdline.includes(dir) || cwd.startsWith(dir)) pids.push(Number(entry));
    } catch (error) {
      // The process ended while we looked (ENOENT/ESRCH), or is not ours to read (EACCES).
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ESRCH' && code !== 'EACCES') throw error;
    }
  }
  return pids;
}
