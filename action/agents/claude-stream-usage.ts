/**
 * Usage from Claude Code's `--output-format stream-json --verbose` stream (Amp's
 * `--stream-json` emits the same events). The final `result` event carries the totals:
 * `num_turns`, `total_cost_usd`, `usage.{input_tokens,cache_*_input_tokens,output_tokens}`,
 * `result` (the final message) and `subtype`/`is_error` (`error_max_turns`,
 * `error_during_execution`).
 */
import {
  asNumber,
  asRecord,
  EMPTY_USAGE,
  parseJsonLine,
  type AgentUsage,
  type UsageParser,
} from './agent-adapter.js';

function inputTokens(usage: Record<string, unknown>): number {
  return ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']
    .map((key) => asNumber(usage[key]) ?? 0)
    .reduce((sum, n) => sum + n, 0);
}

function usageFromResult(event: Record<string, unknown>): AgentUsage {
  const usage = asRecord(event.usage);
  const isError =
    event.is_error === true || (typeof event.subtype === 'string' && event.subtype.startsWith('error'));
  const message = typeof event.result === 'string' ? event.result : null;
  return {
    turns: asNumber(event.num_turns),
    tokens: usage ? { input: inputTokens(usage), output: asNumber(usage.output_tokens) ?? 0 } : null,
    costUsd: asNumber(event.total_cost_usd) ?? asNumber(event.cost_usd),
    summary: isError ? null : message,
    errorMessage: isError ? `${String(event.subtype ?? 'error')}${message ? `: ${message}` : ''}` : null,
  };
}

export function createClaudeStreamUsageParser(): UsageParser {
  let assistantMessages = 0;
  let result: AgentUsage | undefined;
  return {
    pushLine(line) {
      const event = parseJsonLine(line);
      if (event?.type === 'assistant') assistantMessages += 1;
      if (event?.type === 'result') result = usageFromResult(event);
    },
    result() {
      // Without a result event (killed, crashed) the assistant messages are the best turn count.
      return result ?? { ...EMPTY_USAGE, turns: assistantMessages > 0 ? assistantMessages : null };
    },
  };
}
