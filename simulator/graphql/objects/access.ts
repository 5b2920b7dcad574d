/**
 * Who may read or write what through GraphQL. Installation and job tokens are limited by their
 * permissions (and a job token to its repository); users by their role on the repository.
 * GitHub answers a hidden repository as "not found", and a refused write as FORBIDDEN.
 */
import { roleAtLeast, type RepoRecord, type RepoRole } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { forbidden } from '../github-error.js';

export function canRead(ctx: GraphqlContext, repo: RepoRecord): boolean {
  return !repo.private || isGranted(ctx, repo);
}

/**
 * Refuses a write unless the token has `scope: write` on a repository it was granted (apps,
 * jobs) or the user holds `role`. `mutation` is the GraphQL mutation name, as GitHub quotes it.
 */
export function assertCanWrite(
  ctx: GraphqlContext,
  repo: RepoRecord,
  scope: string,
  role: RepoRole,
  mutation: string,
): void {
  const { auth } = ctx;
  if (auth.kind === 'installation' || auth.kind === 'job') {
    if (auth.permissions[scope] === 'write' && isGranted(ctx, repo)) return;
    throw forbidden('Resource not accessible by integration');
  }
  if (auth.login && roleAtLeast(ctx.store.roleOf(repo, auth.login), role)) return;
  // GitHub names the mutation in PascalCase here, e.g. `AddSubIssue`.
  const action = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  throw forbidden(
    `${auth.login ?? 'Anonymous'} does not have the correct permissions to execute \`${action}\``,
  );
}

/** An installation's repositories, a job token's own repository, or a user's explicit role. */
function isGranted(ctx: GraphqlContext, repo: RepoRecord): boolean {
  const { auth } = ctx;
  if (auth.kind === 'installation') {
    return auth.installationId !== undefined && ctx.store.installationCovers(auth.installationId, repo);
  }
  if (auth.kind === 'job') return auth.repo?.toLowerCase() === repo.fullName.toLowerCase();
  return auth.login !== null && ctx.store.roleOf(repo, auth.login) !== undefined;
}
