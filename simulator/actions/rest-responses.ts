/** GitHub's REST error bodies and pagination, as the Actions routes answer them. */
import type { SimRequest, SimResponse } from '../host.js';

const DOCS = 'https://docs.github.com/rest/actions';

export const notFound = (): SimResponse => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: DOCS },
});

export const unprocessable = (message: string): SimResponse => ({
  status: 422,
  body: { message, documentation_url: DOCS },
});

export const conflict = (message: string): SimResponse => ({
  status: 409,
  body: { message, documentation_url: DOCS },
});

/** `per_page` (default 30, max 100) and `page` (default 1). https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api */
export function paginate<T>(
  req: SimRequest,
  baseUrl: string,
  items: T[],
): { page: T[]; link: string | undefined } {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const pageNumber = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (n: number) => {
    const query = new URLSearchParams(req.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${baseUrl}${req.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (pageNumber < last) links.push(`${pageUrl(pageNumber + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (pageNumber > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(pageNumber - 1)}; rel="prev"`);
  return {
    page: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
    link: links.length > 0 ? links.join(', ') : undefined,
  };
}

/** A paginated list answer: `{ total_count, <key>: [...] }` plus the Link header. */
export function listResponse(req: SimRequest, baseUrl: string, key: string, items: unknown[]): SimResponse {
  const { page, link } = paginate(req, baseUrl, items);
  return {
    status: 200,
    body: { total_count: items.length, [key]: page },
    ...(link ? { headers: { link } } : {}),
  };
}
