/**
 * Links for people, built from the API URL Drover is configured with, so that a link points at
 * the server Drover talks to: github.com, GitHub Enterprise Server, GHE.com or the simulator.
 *
 * - github.com: `https://api.github.com` → `https://github.com`
 * - GHE.com (data residency): `https://api.SUBDOMAIN.ghe.com` → `https://SUBDOMAIN.ghe.com`
 *   (https://docs.github.com/enterprise-cloud@latest/admin/data-residency/network-details-for-ghecom)
 * - GitHub Enterprise Server: `https://HOST/api/v3` (REST) or `https://HOST/api/graphql` → `https://HOST`
 *   (https://docs.github.com/enterprise-server@latest/rest/quickstart)
 * - anything else (the simulator: `http://127.0.0.1:PORT`, which also answers under `/api/v3`):
 *   the same origin.
 */
import type { RepoFullName } from './types.js';

/** The web base URL (no trailing slash) for a REST or GraphQL API URL; throws on a URL that does not parse. */
export function webBaseUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'api.github.com') return `${url.protocol}//github.com`;
  if (host.startsWith('api.') && host.endsWith('.ghe.com')) return `${url.protocol}//${url.host.slice(4)}`;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api(?:\/v3|\/graphql)?$/, '');
  return `${url.origin}${path}`;
}

export function repositoryUrl(webBase: string, repo: RepoFullName): string {
  return `${webBase.replace(/\/+$/, '')}/${repo}`;
}

export function issueUrl(webBase: string, repo: RepoFullName, number: number): string {
  return `${repositoryUrl(webBase, repo)}/issues/${number}`;
}
