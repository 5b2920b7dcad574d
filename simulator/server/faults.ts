/**
 * Faults on demand: chosen requests answer 5xx, a secondary rate limit, or slowly.
 * Secondary rate limit: 403 with `retry-after` and GitHub's message (docs: "Rate limits for the
 * REST API" → "Exceeding the rate limit"). Seeded, probabilistic faults: fault-campaign.ts.
 */
import type { SimResponse } from '../host.js';
import { secondaryLimitAnswer } from './limit-answers.js';

export interface FaultSpec {
  method?: string;
  path: string | RegExp;
  status?: number;
  /** Seconds; makes the fault a secondary rate limit (403 + retry-after). */
  retryAfter?: number;
  delayMs?: number;
  /** How many matching requests the fault applies to (default: all until cleared). */
  times?: number;
}

export interface FaultHit {
  /** Wait this long before handling (slow response). */
  delayMs: number;
  /** Answer this instead of handling. */
  response?: SimResponse;
}

export class FaultInjector {
  private faults: Array<FaultSpec & { left: number }> = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault for this request, consuming one use of it. */
  match(method: string, path: string): FaultHit | undefined {
    const fault = this.faults.find((f) => f.left > 0 && matches(f, method, path));
    if (!fault) return undefined;
    fault.left -= 1;
    return { delayMs: fault.delayMs ?? 0, ...(responseFor(fault) && { response: responseFor(fault) }) };
  }
}

function matches(fault: FaultSpec, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  return typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
}

function responseFor(fault: FaultSpec): SimResponse | undefined {
  if (fault.retryAfter !== undefined) return secondaryLimitAnswer(403, fault.retryAfter);
  if (fault.status === undefined) return undefined;
  return { status: fault.status, body: { message: fault.status >= 500 ? 'Server Error' : 'Injected fault' } };
}
