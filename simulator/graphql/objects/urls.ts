/** Web URLs (`url` fields) of accounts, repositories and what lives in them. */
import type { RepoRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';

export function repositoryUrl(ctx: GraphqlContext, repo: RepoRecord): string {
  return `${ctx.store.webUrl}/${repo.fullName}`;
}

export function accountUrl(ctx: GraphqlContext, login: string): string {
  return `${ctx.store.webUrl}/${encodeURIComponent(login)}`;
}
