/**
 * Seeded, probabilistic faults for chaos campaigns. Each rule matches requests (token kind,
 * method, path, API, reads or writes) and fires on a share of them (`rate`).
 *
 * Reproducible from the seed: whether a rule fires on a request is a hash of the seed, the rule,
 * the request's identity (token kind, method, path, and for GraphQL the query text) and how many
 * times that identity has matched the rule before. So the n-th `POST /repos/o/r/issues` by an
 * installation gets the same verdict in every run with the same seed, however other requests
 * interleave with it (a single random stream would shift with every reordering).
 */
import { createHash } from 'node:crypto';
import type { ApiKind, RequestFacts, TokenKind } from './request-facts.js';

export type FaultKind =
  | 500
  | 502
  | 503
  | 504
  /** 403 with `retry-after` and GitHub's secondary-limit message. */
  | 'secondary-limit'
  /** 429 with `retry-after` and GitHub's secondary-limit message. */
  | 'too-many-requests'
  /** REST: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`; GraphQL: RATE_LIMITED. */
  | 'primary-limit'
  /** The request is handled (state changes, webhooks go out), then the client gets a 502. */
  | 'performed-then-502'
  /** Only the delay (`latencyMs`); the request is then handled normally. */
  | 'latency';

export interface FaultRule {
  fault: FaultKind;
  /** Share of matching requests that get the fault, in [0, 1]. */
  rate: number;
  tokenKind?: TokenKind | TokenKind[];
  method?: string | string[];
  /** Exact path, or a RegExp tested against the path (no `/api/v3` prefix, no query). */
  path?: string | RegExp;
  api?: ApiKind | ApiKind[];
  /** true: only writes (REST POST/PATCH/PUT/DELETE, GraphQL mutations); false: only reads. */
  writes?: boolean;
  /** `retry-after` seconds for `secondary-limit` and `too-many-requests` (default 60). */
  retryAfter?: number;
  /** Seconds from now to `x-ratelimit-reset` for `primary-limit` (default 60). */
  resetAfter?: number;
  /** Delay before the answer: fixed ms, or a [min, max] range drawn from the seed. */
  latencyMs?: number | [number, number];
  /** At most this many hits (default: no limit). */
  times?: number;
  /** Names the rule in `injected()` (default `rule <index>`). */
  name?: string;
}

export interface FaultCampaignOptions {
  seed: number | string;
  rules: FaultRule[];
}

/** One fault the campaign injected, for a checker or a report. */
export interface InjectedFault {
  seq: number;
  /** The simulator clock, ISO. */
  at: string;
  rule: string;
  fault: FaultKind;
  method: string;
  path: string;
  api: ApiKind;
  route: string | undefined;
  tokenKind: TokenKind;
  tokenKey: string;
  delayMs: number;
}

export interface FaultDecision {
  delayMs: number;
  /** The answering fault, if one fired (latency-only rules just add delay). */
  rule?: FaultRule;
}

interface ActiveRule {
  rule: FaultRule;
  name: string;
  left: number;
  seen: Map<string, number>;
}

export class FaultCampaign {
  private seed = '';
  private rules: ActiveRule[] = [];
  private log: InjectedFault[] = [];

  constructor(private readonly now: () => Date) {}

  /** Starts a campaign (replacing the previous one's rules; the injected log is kept). */
  start(options: FaultCampaignOptions): void {
    for (const rule of options.rules) validate(rule);
    this.seed = String(options.seed);
    this.rules = options.rules.map((rule, index) => ({
      rule,
      name: rule.name ?? `rule ${index}`,
      left: rule.times ?? Number.POSITIVE_INFINITY,
      seen: new Map(),
    }));
  }

  clear(): void {
    this.rules = [];
  }

  injected(): InjectedFault[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  clearInjected(): void {
    this.log = [];
  }

  decide(facts: RequestFacts): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    const identity = identityOf(facts);
    for (const [index, active] of this.rules.entries()) {
      if (active.left <= 0 || !matches(active.rule, facts)) continue;
      const occurrence = (active.seen.get(identity) ?? 0) + 1;
      active.seen.set(identity, occurrence);
      const key = `${this.seed}|${index}|${identity}|${occurrence}`;
      if (draw(`${key}|fire`) >= active.rule.rate) continue;
      const answers = active.rule.fault !== 'latency';
      if (answers && decision?.rule) continue;
      active.left -= 1;
      const delayMs = latencyOf(active.rule.latencyMs, draw(`${key}|latency`));
      const rule = answers ? active.rule : decision?.rule;
      decision = { delayMs: (decision?.delayMs ?? 0) + delayMs, ...(rule && { rule }) };
      this.record(active, facts, delayMs);
    }
    return decision;
  }

  private record(active: ActiveRule, facts: RequestFacts, delayMs: number): void {
    this.log.push({
      seq: this.log.length + 1,
      at: this.now().toISOString(),
      rule: active.name,
      fault: active.rule.fault,
      method: facts.method,
      path: facts.path,
      api: facts.api,
      route: facts.route,
      tokenKind: facts.kind,
      tokenKey: facts.tokenKey,
      delayMs,
    });
  }
}

function validate(rule: FaultRule): void {
  if (!(rule.rate >= 0 && rule.rate <= 1))
    throw new RangeError(`Fault rate must be in [0, 1], got ${rule.rate}`);
  if (rule.fault === 'latency' && rule.latencyMs === undefined)
    throw new RangeError("A 'latency' fault needs latencyMs");
}

function matches(rule: FaultRule, facts: RequestFacts): boolean {
  if (!oneOf(rule.tokenKind, facts.kind)) return false;
  if (!oneOf(rule.api, facts.api)) return false;
  const methods = rule.method === undefined ? undefined : [rule.method].flat().map((m) => m.toUpperCase());
  if (methods && !methods.includes(facts.method)) return false;
  if (rule.writes !== undefined && rule.writes !== facts.write) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === facts.path : rule.path.test(facts.path);
}

function oneOf<T>(wanted: T | T[] | undefined, actual: T): boolean {
  return wanted === undefined || [wanted].flat().includes(actual as never);
}

function identityOf(facts: RequestFacts): string {
  const query = facts.graphqlQuery === undefined ? '' : ` ${hash(facts.graphqlQuery)}`;
  return `${facts.kind} ${facts.method} ${facts.path}${query}`;
}

/** A uniform number in [0, 1) from a string. */
function draw(key: string): number {
  return parseInt(hash(key).slice(0, 12), 16) / 2 ** 48;
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

function latencyOf(latency: FaultRule['latencyMs'], unit: number): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  const [min, max] = latency;
  return Math.round(min + (max - min) * unit);
}
