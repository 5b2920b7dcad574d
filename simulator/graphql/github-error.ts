/**
 * The error objects GitHub's GraphQL API puts in `errors[]` (HTTP 200). Validation errors carry
 * `message` and `locations`; execution errors also carry a `type` (`NOT_FOUND`, `FORBIDDEN`,
 * `UNPROCESSABLE`, `EXCESSIVE_PAGINATION`, …) and the response `path`.
 */
import { GraphQLError, type GraphQLFormattedError, type SourceLocation } from 'graphql';

export type GithubErrorType =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNPROCESSABLE'
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
  const type = original instanceof GithubGraphqlFailure ? original.type : undefined;
  return {
    ...(type ? { type } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    message: formatted.message,
  };
}
