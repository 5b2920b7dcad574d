/**
 * Usage from `codex exec --json` (JSONL): `turn.completed` carries `usage.{input_tokens,
 * cached_input_tokens, output_tokens}`, `item.completed` with `item.type: "agent_message"`
 * carries the agent's messages, `turn.failed` / `error` carry failures. Codex reports no cost.
 */
import { asNumber, asRecord, parseJsonLine, type UsageParser } from './agent-adapter.js';

export function createCodexJsonUsageParser(): UsageParser {
  let turns = 0;
  let input = 0;
  let output = 0;
  let sawUsage = false;
  let lastMessage: string | null = null;
  let errorMessage: string | null = null;
  return {
    pushLine(line) {
      const event = parseJsonLine(line);
      if (!event) return;
      if (event.type === 'turn.completed') {
        turns += 1;
        const usage = asRecord(event.usage);
        if (usage) {
          sawUsage = true;
          // cached_input_tokens is a subset of input_tokens in codex's accounting.
          input += asNumber(usage.input_tokens) ?? 0;
          output += asNumber(usage.output_tokens) ?? 0;
        }
      }
      const item = asRecord(event.item);
      if (
        event.type === 'item.completed' &&
        item?.type === 'agent_message' &&
        typeof item.text === 'string'
      ) {
        lastMessage = item.text;
      }
      if (event.type === 'turn.failed')
        errorMessage = String(asRecord(event.error)?.message ?? 'turn failed');
      if (event.type === 'error') errorMessage = String(event.message ?? 'error');
    },
    result() {
      return {
        turns: turns > 0 ? turns : null,
        tokens: sawUsage ? { input, output } : null,
        costUsd: null,
        summary: lastMessage,
        errorMessage,
      };
    },
  };
}
