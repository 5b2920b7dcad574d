/**
 * Backlog imports as the app: the CLI's importer (cli/backlog/import-backlog.ts) over the app's
 * own Octokit, so every request it makes goes through the request policy (waits out rate
 * limits, never retries a write) and is written with the installation token. The importer takes
 * REST methods and pagination; those are built here over the Octokit's `request`, whatever
 * Octokit flavour the host gives (Probot's, or a bare @octokit/core).
 */
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { importBacklog } from '../../cli/backlog/import-backlog.js';
import { parseBacklog } from '../../cli/backlog/parse-backlog.js';
import type { RestClient } from '../../cli/github-client.js';
import type { BacklogGateway } from '../../core/gateway/backlog.js';
import type { Octokit } from './octokit.js';

export function backlogGateway(octokit: Octokit, repo: { owner: string; repo: string }): BacklogGateway {
  return {
    async importJsonl(text) {
      const parsed = parseBacklog(text);
      if (!parsed.ok)
        throw new Error(
          `the backlog does not pass the importer's checks: ${parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`,
        );
      const client = { ...restEndpointMethods(octokit), ...paginateRest(octokit) } as unknown as RestClient;
      const summary = await importBacklog(client, repo, parsed.backlog);
      return {
        numbers: summary.numbers,
        issuesCreated: summary.issuesCreated,
        issuesExisting: summary.issuesExisting,
        warnings: summary.warnings,
      };
    },
  };
}
