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
  /** Extra CLI arguments from the `agent-args` input, already split. */
  extraArgs: string[];
  /** The shell command of the `command` agent. */
  command: string | null;
  /** A private temp directory the adapter may write settings files into. */
  scratchDir: string;
}

export interface AgentInvocation {
  command: string;
  args: string[];
  stdin?: string;
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
}

/** Reads an agent's output one line at a time and sums up its usage. */
export interface UsageParser {
  pushLine(line: string): void;
  result(): AgentUsage;
}

export interface AgentAdapter {
  readonly name: string;
  /** Environment variables holding this agent's credentials (passed to it, and only to it). */
  readonly keyVars: readonly string[];
  /** The CLI binary and the npm package (pinned) that provides it; none for `command`. */
  readonly cli?: { binary: string; npmPackage: string };
  buildInvocation(call: AgentCall): AgentInvocation;
  createUsageParser(): UsageParser;
}

export const EMPTY_USAGE: AgentUsage = {
  turns: null,
  tokens: null,
  costUsd: null,
  summary: null,
  errorMessage: null,
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
