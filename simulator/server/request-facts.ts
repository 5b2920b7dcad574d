/**
 * What the limits, faults and counters need to know about one API request: which API it uses,
 * who calls (token kind, counter key, whose budget it spends), which route, and whether it is a
 * write (GitHub's "content-generating" requests: REST POST/PATCH/PUT/DELETE, GraphQL mutations).
 */
import type { SimAuth } from '../host.js';
import type { ResolvedAuth } from './auth.js';

/** `rest`: GitHub's REST API; `graphql`: POST /graphql; `other`: routes that are not GitHub's API
 * (the artifact service's Twirp RPCs and signed blob/log URLs), which GitHub does not bill. */
export type ApiKind = 'rest' | 'graphql' | 'other';
export type TokenKind = SimAuth['kind'];
export const TOKEN_KINDS: readonly TokenKind[] = ['installation', 'user', 'job', 'app', 'anonymous'];

export interface RequestFacts {
  method: string;
  path: string;
  api: ApiKind;
  /** `GET /repos/{owner}/{repo}`; `POST /graphql`; undefined for a path no route matches. */
  route: string | undefined;
  auth: ResolvedAuth;
  kind: TokenKind;
  /** Counter key: login, `installation:<id>`, the job token's label, `app` or `anonymous`. */
  tokenKey: string;
  /** Whose primary and secondary budgets it spends (see `budgetHolder`). */
  holder: string;
  /** REST POST/PATCH/PUT/DELETE or a GraphQL mutation. */
  write: boolean;
  /** GraphQL only: the operation's text, to tell requests apart for seeded faults. */
  graphqlQuery?: string;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/**
 * Whose budget a request spends: the installation, the repository of a GITHUB_TOKEN (1,000 an
 * hour per repository), the user, the app (JWT) or the caller's IP (all anonymous callers here).
 */
export function budgetHolder(auth: SimAuth): string {
  if (auth.kind === 'installation') return `installation:${auth.installationId ?? ''}`;
  if (auth.kind === 'job') return `job:${auth.repo ?? ''}`;
  if (auth.kind === 'user') return `user:${auth.login ?? ''}`;
  return auth.kind;
}
