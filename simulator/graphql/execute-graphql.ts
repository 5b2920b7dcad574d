/**
 * One GraphQL request, end to end, as GitHub's API answers it (always HTTP 200 with a JSON body):
 * parse → validate against GitHub's schema → check pagination and node limits and compute the
 * cost → charge the holder's hourly points → execute over the store.
 */
import {
  GraphQLBoolean,
  GraphQLError,
  execute,
  parse,
  validate,
  valueFromAST,
  visit,
  type DocumentNode,
} from 'graphql';
import type { SimAuth } from '../host.js';
import type { GraphqlContext } from './context.js';
import { githubFieldResolver } from './field-resolver.js';
import { githubSchema } from './github-schema.js';
import { toGithubError, type GithubGraphqlError } from './github-error.js';
import type { GraphqlStore } from './graphql-store.js';
import { mutationRoot } from './mutation-root.js';
import { queryCost } from './query-cost.js';
import { queryRoot } from './query-root.js';
import type { GraphqlRateLimits, RateLimitStatus } from './rate-limit-ledger.js';

/** Query and Mutation fields share the root object (graphql-js passes it to both). */
const rootValue = { ...queryRoot, ...mutationRoot };

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlAnswer {
  body: { data?: unknown; errors?: GithubGraphqlError[] };
  /** The holder's rate limit after the request (absent when it was rejected before costing). */
  rateLimit?: RateLimitStatus;
  /** Points charged (0 when nothing ran). */
  cost: number;
}

export interface GraphqlDeps {
  store: GraphqlStore;
  limits: GraphqlRateLimits;
}

/** A request that passed every check, with what it will cost. */
interface CheckedRequest {
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName: string | undefined;
  cost: number;
  nodeCount: number;
  dryRun: boolean;
}

export async function executeGraphql(
  deps: GraphqlDeps,
  auth: SimAuth,
  request: GraphqlRequest,
): Promise<GraphqlAnswer> {
  const checked = checkRequest(request);
  if ('errors' in checked) return { body: { errors: checked.errors }, cost: 0 };
  const charged = checked.dryRun ? deps.limits.status(auth) : deps.limits.charge(auth, checked.cost);
  if (!charged) return rateLimited(deps.limits, auth);
  const ctx: GraphqlContext = {
    store: deps.store,
    auth,
    rateLimit: { ...charged, cost: checked.cost, nodeCount: checked.nodeCount },
    cache: new Map(),
  };
  const result = await execute({
    schema: githubSchema(),
    document: checked.document,
    rootValue,
    contextValue: ctx,
    variableValues: checked.variables,
    operationName: checked.operationName,
    fieldResolver: githubFieldResolver,
  });
  const errors = result.errors?.map(toGithubError);
  return {
    body: { ...(errors ? { errors } : {}), data: result.data ?? null },
    rateLimit: charged,
    cost: checked.dryRun ? 0 : checked.cost,
  };
}

/** Everything GitHub checks before running a query: syntax, schema, pagination, node limit. */
function checkRequest(request: GraphqlRequest): CheckedRequest | { errors: GithubGraphqlError[] } {
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  }
  const variables = isRecord(request.variables) ? request.variables : {};
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const parsed = parseQuery(request.query);
  if ('errors' in parsed) return parsed;
  const schema = githubSchema();
  const validationErrors = validate(schema, parsed.document);
  if (validationErrors.length > 0) return { errors: validationErrors.map(toGithubError) };
  const cost = queryCost(schema, parsed.document, variables, operationName);
  if (!cost.ok) return { errors: cost.errors };
  return {
    document: parsed.document,
    variables,
    operationName,
    cost: cost.cost,
    nodeCount: cost.nodeCount,
    dryRun: isDryRun(parsed.document, variables),
  };
}

function rateLimited(limits: GraphqlRateLimits, auth: SimAuth): GraphqlAnswer {
  return {
    body: { errors: [{ type: 'RATE_LIMITED', message: `API rate limit exceeded for ${holderName(auth)}.` }] },
    rateLimit: limits.status(auth),
    cost: 0,
  };
}

function parseQuery(query: string): { document: DocumentNode } | { errors: GithubGraphqlError[] } {
  try {
    return { document: parse(query) };
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [toGithubError(error)] };
    throw error;
  }
}

/** `rateLimit(dryRun: true)` asks for the cost without spending it. */
function isDryRun(document: DocumentNode, variables: Record<string, unknown>): boolean {
  let dryRun = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== 'rateLimit') return;
      const argument = node.arguments?.find((a) => a.name.value === 'dryRun');
      if (argument && valueFromAST(argument.value, GraphQLBoolean, variables) === true) dryRun = true;
    },
  });
  return dryRun;
}

function holderName(auth: SimAuth): string {
  if (auth.kind === 'installation') return `installation ID ${auth.installationId ?? '?'}`;
  if (auth.kind === 'job') return `repository ${auth.repo ?? '?'}`;
  return `user ${auth.login ?? '?'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
