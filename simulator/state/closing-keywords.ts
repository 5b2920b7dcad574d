/**
 * Issue references that close issues when a pull request merges into the default branch.
 * GitHub's keywords: close, closes, closed, fix, fixes, fixed, resolve, resolves, resolved
 * (docs: "Linking a pull request to an issue"), optionally followed by a colon, then `#N`,
 * `owner/repo#N` or an issue URL.
 */
export interface IssueReference {
  /** `owner/repo`, or null for the pull request's own repository. */
  repo: string | null;
  number: number;
}

const KEYWORD = String.raw`\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+`;
const TARGET = String.raw`(?:([\w.-]+\/[\w.-]+)?#(\d+)|https?:\/\/[^\s/]+\/([\w.-]+\/[\w.-]+)\/issues\/(\d+))`;
const PATTERN = new RegExp(KEYWORD + TARGET, 'gi');

export function closingReferences(text: string | null): IssueReference[] {
  if (!text) return [];
  const found = new Map<string, IssueReference>();
  for (const match of text.matchAll(PATTERN)) {
    const repo = match[1] ?? match[3] ?? null;
    const number = Number(match[2] ?? match[4]);
    found.set(`${repo ?? ''}#${number}`, { repo, number });
  }
  return [...found.values()];
}
