/** Sums the usage of an attempt's agent calls; a figure stays null only if no call reported it. */
import type { AgentUsage } from './agents/agent-adapter.js';

export interface UsageTotal {
  turns: number | null;
  tokens: { input: number; output: number } | null;
  costUsd: number | null;
}

const addNullable = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : a + b;

export function addUsage(total: UsageTotal, usage: AgentUsage): UsageTotal {
  const tokens =
    total.tokens === null
      ? usage.tokens
      : usage.tokens === null
        ? total.tokens
        : {
            input: total.tokens.input + usage.tokens.input,
            output: total.tokens.output + usage.tokens.output,
          };
  return {
    turns: addNullable(total.turns, usage.turns),
    tokens,
    costUsd: addNullable(total.costUsd, usage.costUsd),
  };
}

export const NO_USAGE: UsageTotal = { turns: null, tokens: null, costUsd: null };
