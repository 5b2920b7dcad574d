/**
 * Who is calling: turns the Authorization header (token, Bearer, Basic) into a SimAuth, and
 * decides whether that caller may use a route on a repository, as GitHub would answer:
 * 401 for a bad or missing token where one is required, 404 for a repository the caller cannot
 * see, 403 "Resource not accessible by integration" for an app or job token without the scope.
 */
import type { SimAuth } from '../host.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { allows } from '../state/tokens.js';
import { roleAtLeast, type RepoRole } from '../state/types.js';
import { looksLikeJwt, verifyAppJwt } from './app-jwt.js';
import type { SimRouteOptions } from './router.js';

export interface ResolvedAuth extends SimAuth {
  /** Counter key: login, `installation:<id>`, the job token's label, `app` or `anonymous`. */
  tokenKey: string;
}

/** The counter key of any SimAuth (ResolvedAuth carries it; others fall back to the login). */
export function tokenKeyOf(auth: SimAuth): string {
  if ('tokenKey' in auth && typeof auth.tokenKey === 'string') return auth.tokenKey;
  if (auth.kind === 'installation') return `installation:${auth.installationId}`;
  return auth.login ?? auth.kind;
}

export const ANONYMOUS: ResolvedAuth = {
  kind: 'anonymous',
  login: null,
  permissions: {},
  tokenKey: 'anonymous',
};

/** The token inside an Authorization header (`token X`, `Bearer X`, or Basic `user:X`). */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) || undefined;
  }
  return /^(token|bearer)$/i.test(scheme) ? value : undefined;
}

export function resolveAuth(store: SimStore, header: string | undefined): ResolvedAuth {
  const token = tokenFromHeader(header);
  if (header && !token) throw badCredentials();
  if (!token) return ANONYMOUS;
  if (looksLikeJwt(token)) {
    verifyAppJwt(token, store.app);
    return { kind: 'app', login: null, permissions: {}, tokenKey: 'app' };
  }
  const record = store.tokens.resolve(token);
  if (!record) throw badCredentials();
  const base = { login: record.login, permissions: record.permissions, tokenKey: record.label };
  if (record.kind === 'installation')
    return { ...base, kind: 'installation', installationId: record.installationId as number };
  if (record.kind === 'job') return { ...base, kind: 'job', repo: record.repo as string };
  return { ...base, kind: 'user' };
}

export const badCredentials = (): SimError => new SimError(401, 'Bad credentials');

const NOT_ACCESSIBLE = 'Resource not accessible by integration';

/** Throws unless `auth` may call a route with these options (on `repoKey`, when the route has one). */
export function authorize(
  store: SimStore,
  auth: ResolvedAuth,
  options: SimRouteOptions,
  repoKey?: string,
): void {
  if (options.unauthenticated) return;
  if (options.appJwt) {
    if (auth.kind !== 'app') throw new SimError(401, 'A JSON web token could not be decoded');
    return;
  }
  if (auth.kind === 'app') throw new SimError(403, NOT_ACCESSIBLE);
  const needs = options.needs ?? { scope: 'metadata', level: 'read' as const };
  if (repoKey !== undefined) {
    authorizeOnRepo(store, auth, options, repoKey, needs);
    return;
  }
  if (needs.level === 'write' && auth.kind === 'anonymous')
    throw new SimError(401, 'Requires authentication');
}

function authorizeOnRepo(
  store: SimStore,
  auth: ResolvedAuth,
  options: SimRouteOptions,
  repoKey: string,
  needs: { scope: string; level: 'read' | 'write' },
): void {
  const repo = store.repos.get(repoKey);
  if (!repo) throw new SimError(404, 'Not Found');
  if (auth.kind === 'installation') {
    const installation = store.installations.get(auth.installationId as number);
    if (!installation || !store.installations.covers(installation, repo.fullName))
      throw new SimError(404, 'Not Found');
    if (!scopeAllows(auth, needs)) throw new SimError(403, NOT_ACCESSIBLE);
    return;
  }
  if (auth.kind === 'job') {
    const own = auth.repo?.toLowerCase() === repo.fullName.toLowerCase();
    if (!own && (repo.private || needs.level === 'write')) throw new SimError(404, 'Not Found');
    if (own && !scopeAllows(auth, needs)) throw new SimError(403, NOT_ACCESSIBLE);
    return;
  }
  const role = store.repos.role(repo, auth.login);
  if (!role) throw new SimError(404, 'Not Found');
  if (needs.level === 'read') return;
  if (auth.kind === 'anonymous') throw new SimError(401, 'Requires authentication');
  const wanted: RepoRole =
    options.userRole ?? (needs.scope === 'issues' || needs.scope === 'pull_requests' ? 'read' : 'write');
  if (!roleAtLeast(role, wanted)) throw new SimError(403, `Must have ${wanted} access to repository`);
}

function scopeAllows(auth: SimAuth, needs: { scope: string; level: 'read' | 'write' }): boolean {
  if (needs.scope === 'metadata' && needs.level === 'read') return true;
  return allows(auth.permissions[needs.scope] as 'read' | 'write' | undefined, needs.level);
}
