/**
 * Usage from `opencode run --format json` (JSONL). Each model step ends with a `step_finish`
 * event whose `part` carries `tokens.{input,output,reasoning,cache.{read,write}}` and `cost`;
 * `text` events carry the assistant's text in `part.text`; `error` events carry failures.
 */
import { oneLine } from '../one-line.js';
import { asNumber, asRecord, parseJsonLine, type UsageParser } from './agent-adapter.js';

/**
 * `{"type":"error","error":{"name":"APIError","data":{"message":"invalid x-api-key",
 * "statusCode":401,…}}}` gives "APIError 401: invalid x-api-key".
 */
function errorReason(error: Record<string, unknown> | undefined): string {
  const data = asRecord(error?.data);
  const name = typeof error?.name === 'string' ? error.name : 'error';
  const status = asNumber(data?.statusCode);
  const label = status === null ? name : `${name} ${status}`;
  return oneLine(typeof data?.message === 'string' ? `${label}: ${data.message}` : label);
}

export function createOpencodeJsonUsageParser(): UsageParser {
  let steps = 0;
  let input = 0;
  let output = 0;
  let cost = 0;
  let sawCost = false;
  let lastText: string | null = null;
  let errorMessage: string | null = null;
  return {
    pushLine(line) {
      const event = parseJsonLine(line);
      if (!event) return;
      const part = asRecord(event.part);
      if (event.type === 'step_finish' && part) {
        steps += 1;
        const tokens = asRecord(part.tokens);
        const cache = asRecord(tokens?.cache);
        input +=
          (asNumber(tokens?.input) ?? 0) + (asNumber(cache?.read) ?? 0) + (asNumber(cache?.write) ?? 0);
        output += (asNumber(tokens?.output) ?? 0) + (asNumber(tokens?.reasoning) ?? 0);
        const stepCost = asNumber(part.cost);
        if (stepCost !== null) {
          sawCost = true;
          cost += stepCost;
        }
      }
      if (event.type === 'text' && typeof part?.text === 'string') lastText = part.text;
      if (event.type === 'error') errorMessage = errorReason(asRecord(event.error));
    },
    result() {
      return {
        turns: steps > 0 ? steps : null,
        tokens: steps > 0 ? { input, output } : null,
        costUsd: sawCost ? cost : null,
        summary: lastText,
        errorMessage,
        lastWarning: null,
      };
    },
  };
}
