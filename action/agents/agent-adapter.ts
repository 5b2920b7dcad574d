/**
 * One adapter per coding agent. An adapter only knows its CLI: the argv for a non-interactive
 * call (from the flags the CLI really has: see docs/action.md), which key variables it reads,
 * and how to read usage from its structured output. Running, timing and committing are the
 * attempt's job, the same for every agent.
 */

export interface AgentCall {
  prompt: string;
  /** Path of a file holding the prompt (outside the workspace). */
  promptFile: string;
  workspace: string;
  model: string | null;
  maxTurns: number | null;
  /** Spend cap in US dollars for this call, for agents that can stop there (claude --max-budget-usd). */
  maxBudgetUsd?: number | null;
  /** Extra CLI arguments from the `agent-args` input, already split. */
  extraArgs: string[];
  /** The shell command of the `command` agent. */
  command: string | null;
  /** A private temp directory the adapter may write settings files into. */
  scratchDir: string;
  /** Where the agent runs: the job's environment (the source of its keys) and who runs it. */
  host: AgentHost;
}

/** What an adapter may know about the machine it runs the agent on. */
export interface AgentHost {
  /** The job's environment. Only what an adapter names is passed on (see agent-env.ts). */
  env: NodeJS.ProcessEnv;
  /** The action runs as root (uid 0): container jobs, some self-hosted runners. */
  isRoot: boolean;
  /**
   * The machine is thrown away after the job: a GitHub-hosted runner or a container. A root
   * agent with tool approval off can only harm what the job itself owns there.
   */
  isDisposable: boolean;
}

export interface AgentInvocation {
  command: string;
  /** Never the prompt: one argv string is capped at 128 KiB on Linux (MAX_ARG_STRLEN). */
  args: string[];
  /** The prompt, for CLIs that read it from standard input. */
  stdin?: string;
  /**
   * Variables for this agent only, on top of the base environment: its credentials (possibly
   * renamed, e.g. codex reads CODEX_API_KEY) and switches it needs to run unattended.
   */
  env: Record<string, string>;
  /** Warnings about inputs this agent cannot honour (e.g. max-turns on a CLI without it). */
  warnings: string[];
}

/** What the agent reported about its own run, where its output carries it. */
export interface AgentUsage {
  turns: number | null;
  tokens: { input: number; output: number } | null;
  costUsd: number | null;
  /** The agent's final message, if it gives one. */
  summary: string | null;
  /** The agent said it failed (e.g. claude's `error_max_turns`), whatever its exit code. */
  errorMessage: string | null;
  /**
   * The last problem the agent reported without failing (e.g. codex's "Reconnecting..."):
   * not a failure by itself, but the best explanation if the agent then exits non-zero.
   */
  lastWarning: string | null;
}

/** Reads an agent's output one line at a time and sums up its usage. */
export interface UsageParser {
  pushLine(line: string): void;
  result(): AgentUsage;
}

export interface AgentAdapter {
  readonly name: string;
  /**
   * Every job variable this agent's invocation may read (credentials, base URLs): the model
   * keys redacted from logs come from this list (see model-keys.ts).
   */
  readonly keyVars: readonly string[];
  /** The CLI binary and the npm package (pinned) that provides it; none for `command`. */
  readonly cli?: { binary: string; npmPackage: string };
  buildInvocation(call: AgentCall): AgentInvocation;
  createUsageParser(): UsageParser;
}

/** The named variables of `env` that are set and not empty. */
export function pickVars(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

export const EMPTY_USAGE: AgentUsage = {
  turns: null,
  tokens: null,
  costUsd: null,
  summary: null,
  errorMessage: null,
  lastWarning: null,
};

/** Parse one JSONL line; anything that is not a JSON object (plain log text) gives undefined. */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // a log line that merely starts with "{"
    throw error;
  }
}

export function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
