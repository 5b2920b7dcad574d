/**
 * A git client for tests: runs the real `git` binary asynchronously (the simulator serves from
 * the same process, so a synchronous spawn would deadlock) with a private HOME and identity.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitClient {
  dir: string;
  git(...args: string[]): Promise<string>;
}

export function gitEnvFor(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}

/** An authenticated clone URL: `http://x-access-token:<token>@host/owner/repo.git`. */
export function authedUrl(cloneUrl: string, token?: string): string {
  if (!token) return cloneUrl;
  const url = new URL(cloneUrl);
  url.username = 'x-access-token';
  url.password = token;
  return url.toString();
}

export async function cloneRepo(cloneUrl: string, token?: string): Promise<GitClient> {
  const base = mkdtempSync(path.join(tmpdir(), 'drover-sim-client-'));
  const dir = path.join(base, 'work');
  const env = gitEnvFor(base);
  await run('git', ['clone', '--quiet', authedUrl(cloneUrl, token), dir], { env });
  return {
    dir,
    git: async (...args) => (await run('git', args, { cwd: dir, env })).stdout,
  };
}
