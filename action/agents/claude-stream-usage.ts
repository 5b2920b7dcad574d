/**
 * Usage from Claude Code's `--output-format stream-json --verbose` stream (Amp's
 * `--stream-json` emits the same events). The final `result` event carries the totals:
 * `num_turns`, `total_cost_usd`, `modelUsage` (per model, every model the run used: the main
 * loop, subagents, the small fast model) and `usage` (the main loop only), `result` (the final
 * message), and `subtype` / `is_error` / `errors[]` for failures: at max turns claude 2.1
 * exits 1 with `{"subtype":"error_max_turns","is_error":true,"errors":["Reached maximum number
 * of turns (2)"]}`; a rejected key gives `{"subtype":"success","is_error":true,
 * "api_error_status":401,"result":"Invalid API key · Fix external API key"}`.
 */
import { oneLine } from '../one-line.js';
import {
  asNumber,
  asRecord,
  EMPTY_USAGE,
  parseJsonLine,
  type AgentUsage,
  type UsageParser,
} from './agent-adapter.js';

type Tokens = { input: number; output: number };

function tokensFromUsage(usage: Record<string, unknown>): Tokens {
  const input = ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']
    .map((key) => asNumber(usage[key]) ?? 0)
    .reduce((sum, n) => sum + n, 0);
  return { input, output: asNumber(usage.output_tokens) ?? 0 };
}

/** The sum over every model in `modelUsage`; null when the event has none. */
function tokensFromModelUsage(modelUsage: Record<string, unknown>): Tokens | null {
  const models = Object.values(modelUsage)
    .map(asRecord)
    .filter((model) => model !== undefined);
  if (models.length === 0) return null;
  return models.reduce<Tokens>(
    (sum, model) => ({
      input:
        sum.input +
        (asNumber(model.inputTokens) ?? 0) +
        (asNumber(model.cacheReadInputTokens) ?? 0) +
        (asNumber(model.cacheCreationInputTokens) ?? 0),
      output: sum.output + (asNumber(model.outputTokens) ?? 0),
    }),
    { input: 0, output: 0 },
  );
}

function resultTokens(event: Record<string, unknown>): Tokens | null {
  const fromModels = tokensFromModelUsage(asRecord(event.modelUsage) ?? {});
  if (fromModels) return fromModels;
  const usage = asRecord(event.usage);
  return usage ? tokensFromUsage(usage) : null;
}

/** One line saying why a result event is an error: its errors[], else its result text. */
function errorReason(event: Record<string, unknown>): string {
  const subtype = typeof event.subtype === 'string' ? event.subtype : 'error';
  const status = asNumber(event.api_error_status);
  const label = subtype.startsWith('error') ? subtype : status !== null ? `API error ${status}` : 'error';
  const errors = Array.isArray(event.errors)
    ? event.errors.filter((error): error is string => typeof error === 'string' && error.trim() !== '')
    : [];
  const detail = errors.length > 0 ? errors.join('; ') : typeof event.result === 'string' ? event.result : '';
  return oneLine(detail ? `${label}: ${detail}` : label);
}

function usageFromResult(event: Record<string, unknown>): AgentUsage {
  const isError =
    event.is_error === true || (typeof event.subtype === 'string' && event.subtype.startsWith('error'));
  const message = typeof event.result === 'string' ? event.result : null;
  return {
    turns: asNumber(event.num_turns),
    tokens: resultTokens(event),
    costUsd: asNumber(event.total_cost_usd) ?? asNumber(event.cost_usd),
    summary: isError ? null : message,
    errorMessage: isError ? errorReason(event) : null,
    lastWarning: null,
  };
}

/** `{"type":"system","subtype":"api_retry","error_status":529,"error":"overloaded",…}` */
function retryWarning(event: Record<string, unknown>): string | null {
  if (event.type !== 'system' || event.subtype !== 'api_retry') return null;
  const status = asNumber(event.error_status);
  return oneLine(`API retry ${String(event.attempt ?? '?')}: ${status ?? ''} ${String(event.error ?? '')}`);
}

export function createClaudeStreamUsageParser(): UsageParser {
  let assistantMessages = 0;
  let result: AgentUsage | undefined;
  let lastWarning: string | null = null;
  return {
    pushLine(line) {
      const event = parseJsonLine(line);
      if (!event) return;
      if (event.type === 'assistant') assistantMessages += 1;
      if (event.type === 'result') result = usageFromResult(event);
      lastWarning = retryWarning(event) ?? lastWarning;
    },
    result() {
      // Without a result event (killed, crashed) the assistant messages are the best turn count.
      const usage = result ?? { ...EMPTY_USAGE, turns: assistantMessages > 0 ? assistantMessages : null };
      return { ...usage, lastWarning };
    },
  };
}
