/** Web URLs (`url` fields) of repositories and what lives in them, from the host's REST payloads. */
import type { RepoRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';

export function repositoryUrl(ctx: GraphqlContext, repo: RepoRecord): string {
  return String(ctx.host.repositoryPayload(repo.owner, repo.name)['html_url']);
}
