/**
 * Page-number pagination with GitHub's `Link` header (docs: "Using pagination in the REST API"):
 * `per_page` defaults to 30 and is capped at 100.
 */
import type { SimRequest, SimResponse } from '../host.js';

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export function paginate<T>(
  req: SimRequest,
  baseUrl: string,
  items: T[],
  present: (item: T) => unknown,
): SimResponse {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(req.query.get('per_page')) || DEFAULT_PER_PAGE));
  const page = Math.max(1, Number(req.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = linkHeader(req, baseUrl, page, last);
  return { status: 200, body: slice.map(present), ...(link && { headers: { link } }) };
}

function linkHeader(req: SimRequest, baseUrl: string, page: number, last: number): string | undefined {
  const url = (n: number) => {
    const query = new URLSearchParams(req.query);
    query.set('page', String(n));
    return `<${baseUrl}${req.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${url(page - 1)}; rel="prev"`, `${url(1)}; rel="first"`);
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  return links.length ? links.join(', ') : undefined;
}
