/**
 * One API request (REST, GraphQL, or a non-API route of a module), from the parsed HTTP request
 * to the answer: who calls → concurrency slot → injected faults → rate limits (when enforced) →
 * route and handler → conditional request (ETag/304) → counters, budget and rate-limit headers.
 * Every answer, errors included, goes through the same accounting.
 */
import type { IncomingMessage } from 'node:http';
import type { SimHandler, SimRequest, SimResponse } from '../host.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { ANONYMOUS, authorize, resolveAuth, type ResolvedAuth } from './auth.js';
import { applyConditional } from './conditional-requests.js';
import type { Counters } from './counters.js';
import { errorAnswer } from './error-answer.js';
import type { FaultCampaign, FaultRule } from './fault-campaign.js';
import type { FaultInjector } from './faults.js';
import { graphqlOperation } from './graphql-operation.js';
import {
  primaryLimitAnswer,
  primaryLimitMessage,
  rateLimitHeaders,
  secondaryLimitAnswer,
  serverErrorAnswer,
} from './limit-answers.js';
import { PrimaryRateLimits, type RateLimitBudgets } from './primary-rate-limits.js';
import { parseJsonBody } from './read-body.js';
import { budgetHolder, isWriteMethod, type ApiKind, type RequestFacts } from './request-facts.js';
import type { RouteMatch, Router } from './router.js';
import { SecondaryLimits, type SecondaryLimitRules, type SecondaryRefusal } from './secondary-limits.js';

export interface RateLimitOptions {
  /** Refuse REST requests once the holder's hourly budget is spent (default false: headers only). */
  primary?: boolean;
  /** Enforce GitHub's secondary limits (content creation, endpoint points, concurrency; default false). */
  secondary?: boolean;
  /** Requests per hour by token kind (default GitHub's: see GITHUB_REST_BUDGETS). */
  budgets?: Partial<RateLimitBudgets>;
  /** Secondary thresholds (default GitHub's: see GITHUB_SECONDARY_LIMITS). */
  secondaryRules?: Partial<SecondaryLimitRules>;
}

export interface ApiPipelineDeps {
  store: SimStore;
  router: Router;
  counters: Counters;
  faults: FaultInjector;
  campaign: FaultCampaign;
  /** Resolved lazily: the GraphQL module is loaded on first use. */
  graphql: () => Promise<SimHandler>;
  /** Path prefixes of routes that are not GitHub's API (not billed, no GitHub token). */
  nonApiPrefixes: readonly string[];
  now: () => Date;
  log: (message: string) => void;
}

const GRAPHQL_PATHS = new Set(['/graphql', '/api/graphql']);
/** "Calling this endpoint does not count against your primary rate limit" (GET /rate_limit docs). */
const FREE_ROUTES = new Set(['GET /rate_limit']);
const DEFAULT_RETRY_AFTER_S = 60;

/**
 * How an answer came about, for the accounting: `faulted` when an injected fault answered or
 * delayed it, `refused` when the enforced primary or secondary limit refused it, `primaryLimit`
 * when the answer is a primary-limit refusal (enforced or injected), which GitHub does not bill.
 */
interface Outcome {
  faulted?: boolean;
  refused?: 'primary' | 'secondary';
  primaryLimit?: boolean;
}

export class ApiPipeline {
  readonly primary: PrimaryRateLimits;
  readonly secondary: SecondaryLimits;
  private enforce = { primary: false, secondary: false };

  constructor(private readonly deps: ApiPipelineDeps) {
    this.primary = new PrimaryRateLimits(deps.now);
    this.secondary = new SecondaryLimits(deps.now);
  }

  configure(options: RateLimitOptions): void {
    if (options.primary !== undefined) this.enforce.primary = options.primary;
    if (options.secondary !== undefined) this.enforce.secondary = options.secondary;
    if (options.budgets) this.primary.setBudgets(options.budgets);
    if (options.secondaryRules) this.secondary.setRules(options.secondaryRules);
  }

  async answer(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    rawBody: Buffer,
  ): Promise<SimResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = this.deps.router.match(method, path);
    const api = this.apiOf(method, path);
    let facts: RequestFacts;
    try {
      facts = await this.factsOf(req, method, path, api, matched, rawBody);
    } catch (error) {
      // A bad token: answered 401, billed to the caller's IP like any unauthenticated request.
      const anonymous = await this.factsOf(req, method, path, api, matched, rawBody, ANONYMOUS);
      return this.finish(anonymous, this.errorAnswer(error), {});
    }
    const slot =
      this.enforce.secondary && facts.api !== 'other' ? this.secondary.enter(facts.holder) : undefined;
    if (slot && typeof slot !== 'function')
      return this.finish(facts, refusalAnswer(slot), { refused: 'secondary' });
    try {
      return await this.run(facts, req, query, rawBody, matched);
    } finally {
      slot?.();
    }
  }

  private async run(
    facts: RequestFacts,
    req: IncomingMessage,
    query: URLSearchParams,
    rawBody: Buffer,
    matched: RouteMatch | undefined,
  ): Promise<SimResponse> {
    const legacy = this.deps.faults.match(facts.method, facts.path);
    const decision = this.deps.campaign.decide(facts);
    const delayMs = (legacy?.delayMs ?? 0) + (decision?.delayMs ?? 0);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const faulted = legacy !== undefined || decision !== undefined;
    if (legacy?.response) return this.finish(facts, legacy.response, { faulted });
    const rule = decision?.rule;
    if (rule && rule.fault !== 'performed-then-502') {
      const primaryLimit = rule.fault === 'primary-limit';
      return this.finish(facts, this.faultAnswer(facts, rule), { faulted, primaryLimit });
    }
    const refusal = this.refusal(facts);
    if (refusal) {
      const { refused } = refusal;
      return this.finish(facts, refusal.answer, { faulted, refused, primaryLimit: refused === 'primary' });
    }
    let response = await this.handle(facts, req, query, rawBody, matched).catch((error: unknown) =>
      this.errorAnswer(error),
    );
    if (rule?.fault === 'performed-then-502') return this.finish(facts, serverErrorAnswer(502), { faulted });
    if (facts.api === 'rest' && facts.method === 'GET') response = applyConditional(req.headers, response);
    return this.finish(facts, response, { faulted });
  }

  private async handle(
    facts: RequestFacts,
    req: IncomingMessage,
    query: URLSearchParams,
    rawBody: Buffer,
    matched: RouteMatch | undefined,
  ): Promise<SimResponse> {
    const { method, path, auth } = facts;
    const body = parseJsonBody(rawBody, req.headers['content-type']);
    const base: SimRequest = { method, path, query, headers: req.headers, body, rawBody, auth, params: {} };
    if (facts.api === 'graphql') {
      if (auth.kind === 'anonymous')
        throw new SimError(401, 'This endpoint requires you to be authenticated.');
      return (await this.deps.graphql())(base);
    }
    // GitHub answers 404 (not 405) for a method a path does not support.
    if (!matched) throw new SimError(404, 'Not Found');
    const { route, params } = matched;
    this.deps.counters.addRest(`${route.method} ${route.template}`, auth.tokenKey);
    const repoKey =
      params.owner !== undefined && params.repo !== undefined ? `${params.owner}/${params.repo}` : undefined;
    authorize(this.deps.store, auth, route.options, repoKey);
    return route.handler({ ...base, params });
  }

  /** The enforced limits' answer to this request, if it must be refused (and it is then not recorded). */
  private refusal(
    facts: RequestFacts,
  ): { answer: SimResponse; refused: NonNullable<Outcome['refused']> } | undefined {
    if (facts.api === 'other') return undefined;
    const billedRest = facts.api === 'rest' && !FREE_ROUTES.has(facts.route ?? '');
    if (this.enforce.primary && billedRest && this.primary.exhausted(facts.holder, facts.kind)) {
      const state = this.primary.state(facts.holder, facts.kind);
      return {
        answer: primaryLimitAnswer('rest', this.limitMessage(facts), state),
        refused: 'primary',
      };
    }
    if (!this.enforce.secondary) return undefined;
    const refused = this.secondary.admit(facts);
    return refused && { answer: refusalAnswer(refused), refused: 'secondary' };
  }

  private faultAnswer(facts: RequestFacts, rule: FaultRule): SimResponse {
    if (rule.fault === 'secondary-limit')
      return secondaryLimitAnswer(403, rule.retryAfter ?? DEFAULT_RETRY_AFTER_S);
    if (rule.fault === 'too-many-requests')
      return secondaryLimitAnswer(429, rule.retryAfter ?? DEFAULT_RETRY_AFTER_S);
    if (rule.fault === 'primary-limit') {
      const api = facts.api === 'graphql' ? 'graphql' : 'rest';
      const limit =
        api === 'graphql'
          ? facts.kind === 'job'
            ? 1_000
            : 5_000
          : this.primary.state(facts.holder, facts.kind).limit;
      const reset = Math.floor(this.deps.now().getTime() / 1000) + (rule.resetAfter ?? DEFAULT_RETRY_AFTER_S);
      const state = {
        limit,
        remaining: 0,
        used: limit,
        reset,
        resource: api === 'graphql' ? 'graphql' : 'core',
      } as const;
      return primaryLimitAnswer(api, this.limitMessage(facts), state);
    }
    return serverErrorAnswer(typeof rule.fault === 'number' ? rule.fault : 502);
  }

  /** Accounting and rate-limit headers for an answer that is about to be sent. */
  private finish(facts: RequestFacts, response: SimResponse, outcome: Outcome): SimResponse {
    const usage = this.deps.counters.usage;
    const count = (field: Parameters<typeof usage.add>[2], amount = 1) =>
      usage.add(facts.kind, facts.tokenKey, field, amount);
    if (facts.api === 'other') {
      usage.addUnbilled('other', facts.route ?? `${facts.method} ${facts.path}`);
      return response;
    }
    if (outcome.faulted) count('faulted');
    if (outcome.refused) count('rateLimited');
    if (facts.write) count('writes');
    if (facts.api === 'graphql') {
      if (facts.write) count('graphqlMutations');
      return response;
    }
    return this.finishRest(facts, response, outcome);
  }

  private finishRest(facts: RequestFacts, response: SimResponse, outcome: Outcome): SimResponse {
    const usage = this.deps.counters.usage;
    const route = facts.route ?? `${facts.method} (no route)`;
    const free = response.status === 304 || FREE_ROUTES.has(route);
    if (response.status === 304) usage.addRoute(route, facts.kind, 'notModified');
    else usage.addRoute(route, facts.kind, free ? 'free' : 'billed');
    usage.add(
      facts.kind,
      facts.tokenKey,
      response.status === 304 ? 'notModified' : free ? 'freeRest' : 'rest',
    );
    // GitHub does not bill a request its primary limit refused: the budget stays spent, not overspent.
    const state =
      free || outcome.primaryLimit
        ? this.primary.state(facts.holder, facts.kind)
        : this.primary.charge(facts.holder, facts.kind);
    return { ...response, headers: { ...rateLimitHeaders(state), ...response.headers } };
  }

  private apiOf(method: string, path: string): ApiKind {
    if (GRAPHQL_PATHS.has(path) && method === 'POST') return 'graphql';
    return this.deps.nonApiPrefixes.some((prefix) => path.startsWith(prefix)) ? 'other' : 'rest';
  }

  /** Throws (401) for a bad token, unless `auth` is given. */
  private async factsOf(
    req: IncomingMessage,
    method: string,
    path: string,
    api: ApiKind,
    matched: RouteMatch | undefined,
    rawBody: Buffer,
    given?: ResolvedAuth,
  ): Promise<RequestFacts> {
    // Host contract: routes that are not GitHub's API neither require nor parse a GitHub token
    // (the artifact service's Authorization carries the Actions runtime JWT, checked by the module).
    const auth =
      given ?? (api === 'other' ? ANONYMOUS : resolveAuth(this.deps.store, req.headers.authorization));
    const operation = api === 'graphql' ? await graphqlOperation(lenientJson(rawBody)) : undefined;
    return {
      method,
      path,
      api,
      route:
        api === 'graphql' ? `POST ${path}` : matched && `${matched.route.method} ${matched.route.template}`,
      auth,
      kind: auth.kind,
      tokenKey: auth.tokenKey,
      holder: budgetHolder(auth),
      write: operation ? operation.mutation : api === 'rest' && isWriteMethod(method),
      ...(operation && { graphqlQuery: operation.query }),
    };
  }

  private limitMessage(facts: RequestFacts): string {
    const userId = facts.auth.login ? this.deps.store.users.get(facts.auth.login)?.id : undefined;
    return primaryLimitMessage(facts.auth, userId);
  }

  private errorAnswer(error: unknown): SimResponse {
    return errorAnswer(error, this.deps.log);
  }
}

function refusalAnswer(refusal: SecondaryRefusal): SimResponse {
  return secondaryLimitAnswer(403, refusal.retryAfterSeconds);
}

/** The request body as JSON, or undefined when it is not JSON (the handler then answers 400). */
function lenientJson(raw: Buffer): unknown {
  try {
    return raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
