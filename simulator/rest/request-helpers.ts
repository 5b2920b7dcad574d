/** Small helpers every REST handler uses: the acting user, the body, numeric params, pagination. */
import type { SimRequest, SimResponse } from '../host.js';
import type { Actor } from '../state/issues.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';

/** The login a request acts as; apps act as `<slug>[bot]` and are marked `viaApp`. */
export function actorOf(store: SimStore, req: SimRequest): Actor {
  if (!req.auth.login) throw new SimError(401, 'Requires authentication');
  return {
    login: req.auth.login,
    viaApp: req.auth.kind === 'installation' || req.auth.login === store.appBotLogin,
    tokenKind: req.auth.kind,
  };
}

/** The JSON body as an object (`{}` when empty); a 400 when it is not an object. */
export function bodyObject(req: SimRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body !== 'object' || Array.isArray(req.body))
    throw new SimError(400, 'Problems parsing JSON');
  return req.body as Record<string, unknown>;
}

export function intParam(req: SimRequest, name: string): number {
  const value = Number(req.params[name]);
  if (!Number.isInteger(value) || value < 0) throw new SimError(404, 'Not Found');
  return value;
}

/** The repository key `owner/repo` of a request under `/repos/{owner}/{repo}`. */
export const repoKeyOf = (req: SimRequest): string => `${req.params.owner}/${req.params.repo}`;

export function optionalString(
  body: Record<string, unknown>,
  name: string,
  resource: string,
): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new SimError(422, `Invalid request.\n\nFor '${name}', ${JSON.stringify(value)} is not a string.`, [
      { resource, field: name, code: 'invalid' },
    ]);
  }
  return value;
}

export function requiredString(body: Record<string, unknown>, name: string, resource: string): string {
  const value = optionalString(body, name, resource);
  if (value === undefined) {
    throw new SimError(422, `Invalid request.\n\n"${name}" wasn't supplied.`, [
      { resource, field: name, code: 'missing_field' },
    ]);
  }
  return value;
}

export function requiredInt(body: Record<string, unknown>, name: string, resource: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SimError(
      422,
      `Invalid request.\n\nFor '${name}', ${JSON.stringify(value)} is not an integer.`,
      [{ resource, field: name, code: 'invalid' }],
    );
  }
  return value;
}

export function stringArray(value: unknown, name: string, resource: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new SimError(
      422,
      `Invalid request.\n\nFor '${name}', ${JSON.stringify(value)} is not an array of strings.`,
      [{ resource, field: name, code: 'invalid' }],
    );
  }
  return value as string[];
}

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): SimResponse => ({
  status,
  body,
  ...(headers && { headers }),
});

export const noContent = (): SimResponse => ({ status: 204 });
