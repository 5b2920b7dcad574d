/** REST handlers: the GitHub App (JWT-authenticated) and installation endpoints. */
import type { SimHandler } from '../host.js';
import { presentInstallation, presentIntegration } from '../payloads/app.js';
import { presentRepository } from '../payloads/repository.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import type { TokenPermission } from '../state/types.js';
import { bodyObject, intParam, ok, repoKeyOf } from './request-helpers.js';

export function appHandlers(store: SimStore): Record<string, SimHandler> {
  return {
    getApp: () => ok(presentIntegration(store)),
    listInstallations: () => ok(store.installations.all().map((i) => presentInstallation(store, i))),
    getInstallation: (req) =>
      ok(presentInstallation(store, store.installations.require(intParam(req, 'installation_id')))),
    createToken: (req) => {
      const installation = store.installations.require(intParam(req, 'installation_id'));
      const body = bodyObject(req);
      const permissions = body.permissions as Record<string, TokenPermission> | undefined;
      if (body.repositories !== undefined || body.repository_ids !== undefined) {
        throw new SimError(
          422,
          'The simulator does not narrow installation tokens to repositories; omit repositories/repository_ids',
        );
      }
      const record = store.tokens.mintInstallation(installation.id, permissions);
      return ok(
        {
          token: record.token,
          expires_at: record.expiresAt,
          permissions: record.permissions,
          repository_selection: installation.repositorySelection,
        },
        201,
      );
    },
    getRepoInstallation: (req) => {
      const installation = store.installations.forRepo(repoKeyOf(req));
      if (!installation) throw new SimError(404, 'Not Found');
      return ok(presentInstallation(store, installation));
    },
    listInstallationRepos: (req) => {
      const installation = store.installations.require(req.auth.installationId ?? -1);
      const repositories = store.installations
        .repositories(installation)
        .map((r) => presentRepository(store, r));
      return ok({
        total_count: repositories.length,
        repository_selection: installation.repositorySelection,
        repositories,
      });
    },
  };
}
