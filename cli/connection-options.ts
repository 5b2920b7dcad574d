/**
 * Where the CLI connects and as whom: the API URL (`--api-url`, `GITHUB_API_URL`, github.com)
 * and the token (`--token`, `GITHUB_TOKEN`, `GH_TOKEN`, the GitHub CLI's login). A bad value is
 * refused with the option or variable that gave it, before any request is made.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliError } from './cli-error.js';
import { errorCode } from './github-client.js';

const execFileAsync = promisify(execFile);

export const DEFAULT_API_URL = 'https://api.github.com';

/** Shown by `drover --help` and in docs/cli.md. */
export const CONNECTION_HELP = `Connection:
  token       --token TOKEN, else $GITHUB_TOKEN, else $GH_TOKEN, else \`gh auth token\`
              (the GitHub CLI's login for the API host). Prefer the variables: a --token
              value is visible to other users of this machine in the process list.
  API URL     --api-url URL, else $GITHUB_API_URL, else ${DEFAULT_API_URL}
              (GitHub Enterprise Server: https://HOST/api/v3; the simulator: the URL it prints)
  repository  --repo owner/name, else the "origin" remote of the current git checkout`;

/** The API URL from `--api-url`, else `GITHUB_API_URL`, else github.com's; no trailing slash. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) return checkApiUrl(flag, '--api-url');
  const fromEnv = env.GITHUB_API_URL?.trim();
  if (fromEnv) return checkApiUrl(fromEnv, 'GITHUB_API_URL');
  return DEFAULT_API_URL;
}

function checkApiUrl(value: string, source: string): string {
  const text = value.trim();
  const parsed = parseUrl(text);
  if (parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '')
    return text.replace(/\/+$/, '');
  if (/^[\w.-]+(:\d+)?(\/.*)?$/.test(text) || /^\[[\d:a-f]+\](:\d+)?(\/.*)?$/i.test(text)) {
    const scheme = isLoopbackHost(text) ? 'http' : 'https';
    throw new CliError(`${source} "${text}" needs a scheme, e.g. ${scheme}://${text}`);
  }
  throw new CliError(
    `${source} "${text}" is not an http(s) URL (e.g. ${DEFAULT_API_URL} or https://HOST/api/v3)`,
  );
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    // Not a URL at all: the caller says what is wrong with it.
    return null;
  }
}

function isLoopbackHost(hostAndRest: string): boolean {
  return /^(localhost|127\.[\d.]+|\[::1\])(:|\/|$)/i.test(hostAndRest);
}

/** `--token`, else `GITHUB_TOKEN`, else `GH_TOKEN`, else `gh auth token`; a clear error when none gives one. */
export async function resolveToken(
  flag: string | undefined,
  apiUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new CliError('--token is empty');
    return flag.trim();
  }
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  const fromGh = await tokenFromGhCli(apiUrl, env);
  if (fromGh) return fromGh;
  throw new CliError(
    'no GitHub token: pass --token, set GITHUB_TOKEN (or GH_TOKEN), or log in with `gh auth login`',
  );
}

async function tokenFromGhCli(apiUrl: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const host = new URL(apiUrl).hostname;
  const args = ['auth', 'token'];
  // gh keeps one login per host; github.com's is the default.
  if (host !== 'api.github.com') args.push('--hostname', host);
  try {
    const { stdout } = await execFileAsync('gh', args, { timeout: 10_000, env });
    return stdout.trim() || null;
  } catch (error) {
    // gh missing (ENOENT) or not logged in to that host (non-zero exit): no token from it.
    const code = errorCode(error);
    if (code === 'ENOENT' || typeof code === 'number') return null;
    throw error;
  }
}
