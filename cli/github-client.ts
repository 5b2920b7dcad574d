/**
 * The CLI's one door to GitHub (github.com, GHES or the local simulator): an Octokit with
 * throttling and retries, authenticated with `GITHUB_TOKEN` or the GitHub CLI's token.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { CliError } from './cli-error.js';

const execFileAsync = promisify(execFile);

const DroverOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof DroverOctokit>;

export interface ClientOptions {
  token: string;
  /** REST base URL; GHES uses `https://<host>/api/v3`. Default: api.github.com. */
  apiUrl?: string;
  /** Where throttling notices go (stderr in the CLI). */
  warn?: (message: string) => void;
}

/** Retries after a rate limit at most this often per request, then fails loudly. */
const MAX_RATE_LIMIT_RETRIES = 3;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const baseUrl = options.apiUrl ?? 'https://api.github.com';
  return new DroverOctokit({
    auth: options.token,
    baseUrl,
    userAgent: 'drover-cli',
    log: { debug: () => {}, info: () => {}, warn, error: warn },
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

/** `GITHUB_TOKEN`, else `gh auth token`; a clear error when neither gives one. */
export async function resolveToken(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.GITHUB_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const fromGh = await tokenFromGhCli(env);
  if (fromGh) return fromGh;
  throw new CliError('no GitHub token: set GITHUB_TOKEN or log in with `gh auth login`');
}

async function tokenFromGhCli(env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync('gh', ['auth', 'token'], { timeout: 10_000, env });
    return stdout.trim() || null;
  } catch (error) {
    // gh missing (ENOENT) or not logged in (non-zero exit): there is simply no token from it.
    if (isExecFailure(error)) return null;
    throw error;
  }
}

function isExecFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || typeof code === 'number';
}

/** `error.code` of a Node system error (ENOENT…) or a child's exit code; checked by shape, not by class. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error
    ? (error as { code: unknown }).code
    : undefined;
}

/** The API URL from `--api-url`, else `GITHUB_API_URL`, else github.com's. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (flag ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

/** Status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
