/** Which repository a command works on: `--repo owner/name`, or the current git checkout's remote. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliError } from './cli-error.js';
import { errorCode } from './github-client.js';

const execFileAsync = promisify(execFile);

export interface RepoRef {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parseRepoFullName(text: string): RepoRef {
  const [owner, repo, ...rest] = text.split('/');
  if (!owner || !repo || rest.length > 0 || !NAME.test(owner) || !NAME.test(repo)) {
    throw new CliError(`--repo "${text}" is not of the form owner/name`);
  }
  return { owner, repo: repo.replace(/\.git$/, '') };
}

/** owner/name out of an https, ssh or scp-like git remote URL (github.com or GHES host). */
export function parseRemoteUrl(url: string): RepoRef | null {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^:/]+(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(url.trim());
  const path = match?.[1];
  if (!path) return null;
  const parts = path.split('/').filter(Boolean);
  const owner = parts.at(-2);
  const repo = parts.at(-1);
  if (!owner || !repo || !NAME.test(owner) || !NAME.test(repo)) return null;
  return { owner, repo };
}

export async function resolveRepo(flag: string | undefined, cwd = process.cwd()): Promise<RepoRef> {
  if (flag) return parseRepoFullName(flag);
  const url = await originUrl(cwd);
  const ref = url ? parseRemoteUrl(url) : null;
  if (!ref)
    throw new CliError('no repository: pass --repo owner/name or run inside a clone with an "origin" remote');
  return ref;
}

async function originUrl(cwd: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync('git', ['remote', 'get-url', 'origin'], { cwd });
    return stdout.trim() || null;
  } catch (error) {
    // Not a git checkout, or no origin remote (git exits non-zero): the caller says what to do instead.
    if (errorCode(error) !== undefined) return null;
    throw error;
  }
}
