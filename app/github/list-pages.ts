/**
 * Read every page of a REST list. The core Octokit has no paginate plugin, and the lists read
 * here (an issue's comments, a label's issues) are short, so a plain page loop is enough.
 */
const PAGE_SIZE = 100; // GitHub's maximum `per_page`

export async function listAllPages<T>(
  fetchPage: (page: number, perPage: number) => Promise<T[]>,
  maxPages = 10,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const items = await fetchPage(page, PAGE_SIZE);
    all.push(...items);
    if (items.length < PAGE_SIZE) break;
  }
  return all;
}
