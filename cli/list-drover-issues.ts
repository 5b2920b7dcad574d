/** Every issue carrying the task label, open and closed (pull requests excluded), by number. */
import type { GitHubClient, RestClient } from './github-client.js';
import type { RepoRef } from './repo-ref.js';

export type RestIssue = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];

export async function listDroverIssues(
  client: RestClient,
  repo: RepoRef,
  label = 'drover',
): Promise<RestIssue[]> {
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...repo,
    labels: label,
    state: 'all',
    per_page: 100,
  });
  return (issues as RestIssue[]).filter((issue) => !issue.pull_request).sort((a, b) => a.number - b.number);
}

export function labelNames(issue: Pick<RestIssue, 'labels'>): string[] {
  return issue.labels
    .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
    .filter(Boolean);
}
