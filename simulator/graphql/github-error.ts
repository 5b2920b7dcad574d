/**
 * The error objects GitHub's GraphQL API puts in `errors[]` (HTTP 200). Validation errors carry
 * `message` and `locations`; execution errors also carry a `type` (`NOT_FOUND`, `FORBIDDEN`,
 * `UNPROCESSABLE`, `EXCESSIVE_PAGINATION`, …) and the response `path`.
 */
import { GraphQLError, type GraphQLFormattedError, type SourceLocation } from 'graphql';
import { SimError } from '../state/sim-error.js';

export type GithubErrorType =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNPROCESSABLE'
  | 'STALE_DATA'
  | 'INTERNAL'
  | 'EXCESSIVE_PAGINATION'
  | 'MISSING_PAGINATION_BOUNDARIES'
  | 'MAX_NODE_LIMIT_EXCEEDED'
  | 'RATE_LIMITED';

export interface GithubGraphqlError {
  type?: GithubErrorType;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<SourceLocation>;
  message: string;
}

/** Thrown by resolvers; the handler turns it into `{ type, path, locations, message }`. */
export class GithubGraphqlFailure extends Error {
  constructor(
    readonly type: GithubErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'GithubGraphqlFailure';
  }
}

export function notFound(message: string): GithubGraphqlFailure {
  return new GithubGraphqlFailure('NOT_FOUND', message);
}

export function unprocessable(message: string): GithubGraphqlFailure {
  return new GithubGraphqlFailure('UNPROCESSABLE', message);
}

export function forbidden(message: string): GithubGraphqlFailure {
  return new GithubGraphqlFailure('FORBIDDEN', message);
}

/** GitHub's shape for an error graphql-js reports (validation or execution). */
export function toGithubError(error: GraphQLError): GithubGraphqlError {
  const formatted: GraphQLFormattedError = error.toJSON();
  const original = error.originalError;
  const type = original instanceof GithubGraphqlFailure ? original.type : typeOfStoreError(original);
  return {
    ...(type ? { type } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    message: original instanceof SimError ? storeErrorMessage(original) : formatted.message,
  };
}

/** The store rejects bad input with REST statuses; GraphQL names them by type. */
function typeOfStoreError(error: Error | undefined): GithubErrorType | undefined {
  if (!(error instanceof SimError)) return undefined;
  if (error.status === 404) return 'NOT_FOUND';
  if (error.status === 403) return 'FORBIDDEN';
  // 405 is REST's "cannot merge"; GraphQL reports it as UNPROCESSABLE.
  if ([400, 405, 409, 422].includes(error.status)) return 'UNPROCESSABLE';
  return 'INTERNAL';
}

/** A validation failure's own explanation says more than "Validation Failed". */
function storeErrorMessage(error: SimError): string {
  const details = (error.errors ?? []).map((item) => item.message).filter((m): m is string => Boolean(m));
  return details.length > 0 ? details.join('; ') : error.message;
}
