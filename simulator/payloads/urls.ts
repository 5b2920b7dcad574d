/** Where things live: REST URLs under the API base, web URLs under the server URL (as on GHES). */
export interface SimUrls {
  /** REST base (`http://127.0.0.1:<port>`). */
  api: string;
  /** Web base (`html_url` host). */
  web: string;
}

/** A login as it appears in a URL (`app[bot]` → `app%5Bbot%5D`, as GitHub writes it). */
export const loginPath = (login: string): string => encodeURIComponent(login);
