/**
 * Turns a thrown error into GitHub's error answer: a SimError keeps its status, message and
 * validation errors; anything else is a bug in the simulator, logged and answered 500.
 */
import type { SimResponse } from '../host.js';
import { SimError } from '../state/sim-error.js';

const DOCS = 'https://docs.github.com/rest';

export function errorAnswer(error: unknown, log: (message: string) => void): SimResponse {
  if (error instanceof SimError) {
    const body: Record<string, unknown> = {
      message: error.message,
      documentation_url: DOCS,
      status: String(error.status),
    };
    if (error.errors) body.errors = error.errors;
    return { status: error.status, body, ...(error.headers && { headers: error.headers }) };
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { message: 'Server Error', documentation_url: DOCS } };
}
