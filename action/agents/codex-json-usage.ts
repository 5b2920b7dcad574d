/**
 * Usage from `codex exec --json` (JSONL): `turn.completed` carries `usage.{input_tokens,
 * cached_input_tokens, output_tokens}`, `item.completed` with `item.type: "agent_message"`
 * carries the agent's messages. Only `turn.failed` is fatal: codex also emits top-level
 * `error` events while it retries (`"Reconnecting... 2/5 (…)"`) and `item.type: "error"`
 * notes (`"Falling back from WebSockets to HTTPS transport…"`), then recovers and completes
 * the turn; those are kept only to explain a non-zero exit. Codex reports no cost.
 */
import { oneLine } from '../one-line.js';
import { asNumber, asRecord, parseJsonLine, type UsageParser } from './agent-adapter.js';

export function createCodexJsonUsageParser(): UsageParser {
  let turns = 0;
  let input = 0;
  let output = 0;
  let sawUsage = false;
  let lastMessage: string | null = null;
  let errorMessage: string | null = null;
  let lastWarning: string | null = null;
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
      if (event.type === 'item.completed' && item?.type === 'agent_message' && typeof item.text === 'string')
        lastMessage = item.text;
      if (event.type === 'item.completed' && item?.type === 'error' && typeof item.message === 'string')
        lastWarning = oneLine(item.message);
      if (event.type === 'error') lastWarning = oneLine(String(event.message ?? 'error'));
      if (event.type === 'turn.failed')
        errorMessage = oneLine(String(asRecord(event.error)?.message ?? 'turn failed'));
    },
    result() {
      return {
        turns: turns > 0 ? turns : null,
        tokens: sawUsage ? { input, output } : null,
        costUsd: null,
        summary: lastMessage,
        errorMessage,
        lastWarning,
      };
    },
  };
}
