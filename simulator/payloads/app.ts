/** The simulated GitHub App as `integration`, and its installations as `installation`. */
import type { SimStore } from '../state/store.js';
import type { InstallationRecord } from '../state/types.js';
import { presentSimpleUser } from './user.js';

export function presentIntegration(store: SimStore): Record<string, unknown> {
  const { app } = store;
  return {
    id: app.id,
    slug: app.slug,
    node_id: app.nodeId,
    client_id: app.clientId,
    owner: presentSimpleUser(store.urls, store.users.require(app.owner)),
    name: app.name,
    description: 'Drover, as simulated locally',
    external_url: store.urls.web,
    html_url: `${store.urls.web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
  };
}

export function presentInstallation(
  store: SimStore,
  installation: InstallationRecord,
): Record<string, unknown> {
  const { app, urls } = store;
  const account = store.users.require(installation.account);
  return {
    id: installation.id,
    account: presentSimpleUser(urls, account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: app.clientId,
    target_id: account.id,
    target_type: account.type === 'Organization' ? 'Organization' : 'User',
    permissions: app.permissions,
    events: app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
