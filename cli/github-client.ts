/**
 * The CLI's one door to GitHub (github.com, GHES or the local simulator): an Octokit with
 * throttling and retries. Octokit's own request log is off: every failure reaches the command
 * as an error and is reported once, as one line (`describe-error.ts`), so a log line per failed
 * request (`GET …/drover.yml - 404 …`) would only be noise, or a second report of the same error.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { failFastOnNetworkErrors } from './network-failure.js';

// failFastOnNetworkErrors first: its error hook must see a failure before the retry plugin does.
const DroverOctokit = Octokit.plugin(failFastOnNetworkErrors, throttling, retry);
export type GitHubClient = InstanceType<typeof DroverOctokit>;

/**
 * The part of the client the backlog importer uses: REST methods and pagination. The app builds
 * one over its own Octokit (app/github/backlog-gateway.ts), so an import it makes goes through
 * its request policy and is written as the app.
 */
export type RestClient = Pick<GitHubClient, 'rest' | 'paginate'>;

export interface ClientOptions {
  token: string;
  /** REST base URL; GHES uses `https://<host>/api/v3`. Default: api.github.com. */
  apiUrl?: string;
  /** Where throttling notices go (stderr in the CLI). */
  warn?: (message: string) => void;
  /** The fetch implementation (tests stand in a failing one); default: the global fetch. */
  fetch?: typeof fetch;
}

/** Retries after a rate limit at most this often per request, then fails loudly. */
const MAX_RATE_LIMIT_RETRIES = 3;

const silent = () => {};

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const baseUrl = options.apiUrl ?? 'https://api.github.com';
  return new DroverOctokit({
    auth: options.token,
    baseUrl,
    userAgent: 'drover-cli',
    ...(options.fetch && { request: { fetch: options.fetch } }),
    log: { debug: silent, info: silent, warn: silent, error: silent },
    throttle: {
      // GitHub asks for a pause of a second or more between writes (three for ones that notify
      // people), and the plugin enforces it: https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api
      // A server on this machine (the simulator) has no such limit, so importing stays fast there.
      enabled: !isLoopback(baseUrl),
      // https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
      onRateLimit: (retryAfter, request, _octokit, retryCount) => {
        warn(`rate limited on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return retryCount < MAX_RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        warn(`secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return retryCount < MAX_RATE_LIMIT_RETRIES;
      },
    },
  });
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/** `error.code` of a Node system error (ENOENT…) or a child's exit code; checked by shape, not by class. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error
    ? (error as { code: unknown }).code
    : undefined;
}

/** Status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
