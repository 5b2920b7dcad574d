/** REST handlers: a repository's labels. */
import type { SimHandler } from '../host.js';
import { presentLabel } from '../payloads/label.js';
import type { SimStore } from '../state/store.js';
import { paginate } from './paginate.js';
import { bodyObject, noContent, ok, optionalString, repoKeyOf, requiredString } from './request-helpers.js';

export function labelHandlers(store: SimStore): Record<string, SimHandler> {
  const json = (repoKey: string, name: string) =>
    presentLabel(store.urls, store.repos.require(repoKey), store.labels.require(repoKey, name));
  return {
    list: (req) => {
      const repo = store.repos.require(repoKeyOf(req));
      return paginate(req, store.urls.api, store.labels.list(repo.fullName), (l) =>
        presentLabel(store.urls, repo, l),
      );
    },
    get: (req) => ok(json(repoKeyOf(req), req.params.name ?? '')),
    create: (req) => {
      const body = bodyObject(req);
      const label = store.labels.create(repoKeyOf(req), {
        name: requiredString(body, 'name', 'Label'),
        ...(body.color !== undefined && { color: requiredString(body, 'color', 'Label') }),
        description: optionalString(body, 'description', 'Label') ?? null,
      });
      return ok(json(repoKeyOf(req), label.name), 201);
    },
    update: (req) => {
      const body = bodyObject(req);
      const newName = optionalString(body, 'new_name', 'Label') ?? optionalString(body, 'name', 'Label');
      const label = store.labels.update(repoKeyOf(req), req.params.name ?? '', {
        ...(newName !== undefined && { new_name: newName }),
        ...(body.color !== undefined && { color: requiredString(body, 'color', 'Label') }),
        ...(body.description !== undefined && {
          description: optionalString(body, 'description', 'Label') ?? null,
        }),
      });
      return ok(json(repoKeyOf(req), label.name));
    },
    remove: (req) => {
      store.labels.delete(repoKeyOf(req), req.params.name ?? '');
      return noContent();
    },
  };
}
