/**
 * Builds the common part of a repository webhook payload (`repository`, `sender`,
 * `installation`, `organization`) and hands it to the deliverer.
 */
import { presentRepository } from '../payloads/repository.js';
import { presentSimpleUser } from '../payloads/user.js';
import type { SimStore } from './store.js';

export function emitRepoEvent(
  store: SimStore,
  event: string,
  repoKey: string,
  actor: string,
  fields: Record<string, unknown>,
): void {
  const repo = store.repos.require(repoKey);
  const payload: Record<string, unknown> = {
    ...fields,
    repository: presentRepository(store, repo),
    sender: presentSimpleUser(store.urls, store.users.require(actor)),
  };
  const owner = store.users.require(repo.owner);
  if (owner.type === 'Organization') payload.organization = presentOrganization(store, owner.login);
  const installation = store.installations.forRepo(repo.fullName);
  if (installation) payload.installation = { id: installation.id, node_id: installation.nodeId };
  store.env.emit(event, payload);
}

/** `organization-simple-webhooks`. */
export function presentOrganization(store: SimStore, login: string): Record<string, unknown> {
  const org = store.users.require(login);
  const url = `${store.urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${store.urls.web}/avatars/u/${org.id}`,
    description: null,
  };
}
