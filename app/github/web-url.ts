/**
 * The web UI's base URL for a REST API base URL: links in what Drover writes must point at the
 * server the repository lives on (github.com, a GHES host, or the simulator), not at github.com.
 */
export function webUrlOf(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  // GHES serves REST under /api/v3 (https://docs.github.com/enterprise-server/rest).
  const path = url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
