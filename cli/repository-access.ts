/**
 * Checks once, before a command works, that the repository exists and the token can see it.
 * GitHub answers 404 for both a missing repository and one the token may not see (so as not
 * to reveal private ones), and without this check the first symptom would be whatever the
 * command happened to ask first: a missing config file (which means "use the defaults"), or a
 * GraphQL "Could not resolve to a Repository".
 */
import { CliError } from './cli-error.js';
import { httpStatus, type GitHubClient } from './github-client.js';
import type { RepoRef } from './repo-ref.js';

export async function checkRepositoryAccess(client: GitHubClient, repo: RepoRef): Promise<void> {
  try {
    await client.rest.repos.get({ ...repo });
  } catch (error) {
    if (httpStatus(error) === 404)
      throw new CliError(
        `repository ${repo.owner}/${repo.repo} was not found, or is not visible to this token (check --repo and the token's access)`,
      );
    throw error;
  }
}
