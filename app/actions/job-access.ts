/**
 * How a controller job reaches GitHub: as a GitHub App installation (a token minted in the job
 * from the App's id and private key, as actions/create-github-app-token does) or with the job's
 * own GITHUB_TOKEN. Both give the controller the same `GitHubAccess` the app gets from Probot.
 */
import { createAppAuth } from '@octokit/auth-app';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GitHubAccess } from '../controller.js';
import type { AppIdentity } from '../github/app-identity.js';

/**
 * The GitHub Actions app, whose bot a GITHUB_TOKEN acts as: `github-actions[bot]`, app id 15368
 * on github.com (the `app` of every Actions check suite). The login is what identifies our own
 * comments on GHES too, where the id differs.
 */
export const GITHUB_ACTIONS_IDENTITY: AppIdentity = { appId: 15368, botLogin: 'github-actions[bot]' };

export type JobCredentials =
  { kind: 'app'; appId: number; privateKey: string } | { kind: 'github-token'; token: string };

export interface JobAccess extends GitHubAccess {
  /** Which credentials the job runs with (the status comment says what GITHUB_TOKEN loses). */
  kind: JobCredentials['kind'];
}

interface AccessOptions {
  repo: string;
  /** REST base URL (GITHUB_API_URL). */
  baseUrl: string;
  /** The web UI's base URL (GITHUB_SERVER_URL), for links. */
  webUrl: string;
  /**
   * Space writes one second apart (GitHub's advice against secondary rate limits), as the app
   * does; off against a server on this machine (the simulator has no such limit).
   */
  spaceWrites: boolean;
}

/**
 * Octokit with Drover's request policy in charge of faults (no retry plugin: it would retry
 * writes GitHub may have performed; throttling only spaces writes and never retries, as in
 * app/start-app.ts).
 */
const JobOctokit = Octokit.plugin(throttling);

function octokitWith(options: AccessOptions, auth: Record<string, unknown>): Octokit {
  return new JobOctokit({
    ...auth,
    baseUrl: options.baseUrl,
    userAgent: 'drover-actions-controller',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      enabled: options.spaceWrites,
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  });
}

export async function jobAccess(credentials: JobCredentials, options: AccessOptions): Promise<JobAccess> {
  if (credentials.kind === 'github-token') {
    const octokit = octokitWith(options, { auth: credentials.token });
    return {
      kind: 'github-token',
      octokitFor: () => Promise.resolve(octokit),
      identity: () => Promise.resolve(GITHUB_ACTIONS_IDENTITY),
      webUrl: options.webUrl,
    };
  }
  const appAuth = { appId: credentials.appId, privateKey: credentials.privateKey };
  const asApp = octokitWith(options, { authStrategy: createAppAuth, auth: appAuth });
  const [owner = '', repo = ''] = options.repo.split('/');
  const installation = await asApp
    .request('GET /repos/{owner}/{repo}/installation', { owner, repo })
    .catch((error: unknown) => {
      throw new Error(
        `the GitHub App ${credentials.appId} is not installed on ${options.repo}, or its key is wrong: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    });
  const app = await asApp.request('GET /app');
  const identity: AppIdentity = {
    appId: app.data?.id ?? credentials.appId,
    botLogin: app.data?.slug ? `${app.data.slug}[bot]` : null,
  };
  // The installation token is minted once and renewed by auth-app before its hour runs out.
  const octokit = octokitWith(options, {
    authStrategy: createAppAuth,
    auth: { ...appAuth, installationId: installation.data.id },
  });
  return {
    kind: 'app',
    octokitFor: () => Promise.resolve(octokit),
    identity: () => Promise.resolve(identity),
    webUrl: options.webUrl,
  };
}
