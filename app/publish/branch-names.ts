/** Branch names Drover writes: `drover/<issue>-<slug>` for a task, `drover/wip/<issue>-attempt-<n>` for partial work. */
const MAX_SLUG_CHARS = 40;

/** ASCII, lower-case, words joined by `-`, at most 40 characters, never ending in `-`. */
export function titleSlug(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.slice(0, MAX_SLUG_CHARS).replace(/-+$/g, '');
  return cut || 'task';
}

export function taskBranch(issue: number, title: string): string {
  return `drover/${issue}-${titleSlug(title)}`;
}

export function wipBranch(issue: number, attempt: number): string {
  return `drover/wip/${issue}-attempt-${attempt}`;
}
