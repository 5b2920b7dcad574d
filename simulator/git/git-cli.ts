/**
 * Runs the `git` binary with a fixed, self-contained environment: no system or user config,
 * a private HOME and a default identity, so it works where git has never been configured.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface GitIdentity {
  name: string;
  email: string;
  /** ISO date; git's default (now) when missing. */
  date?: string;
}

export interface GitRunOptions {
  input?: string | Buffer;
  author?: GitIdentity;
  committer?: GitIdentity;
  /** Exit codes that are answers rather than failures (e.g. `merge-tree` answers 1 on conflict). */
  okCodes?: number[];
  /** Extra environment (e.g. GIT_INDEX_FILE for a scratch index). */
  env?: Record<string, string>;
}

export interface GitResult {
  stdout: string;
  code: number;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly stderr: string,
  ) {
    super(message);
  }
}

const DEFAULT_IDENTITY: GitIdentity = { name: 'GitHub', email: 'noreply@github.com' };

export function gitEnv(home: string, author = DEFAULT_IDENTITY, committer = author): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    LANG: 'C',
    LC_ALL: 'C',
  };
  if (author.date) env.GIT_AUTHOR_DATE = author.date;
  if (committer.date) env.GIT_COMMITTER_DATE = committer.date;
  return env;
}

/** Runs git synchronously in `gitDir` (a bare repository) and returns its stdout. */
export function runGit(gitDir: string, home: string, args: string[], options: GitRunOptions = {}): GitResult {
  const result = spawnSync('git', args, {
    cwd: gitDir,
    env: {
      ...gitEnv(home, options.author, options.committer ?? options.author),
      GIT_DIR: gitDir,
      ...options.env,
    },
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const code = result.status ?? -1;
  const stdout = result.stdout.toString('utf8');
  if (code === 0 || options.okCodes?.includes(code)) return { stdout, code };
  const stderr = result.stderr.toString('utf8');
  throw new GitError(`git ${args.join(' ')} failed (${code}): ${stderr.trim()}`, code, stderr);
}

/** Runs git in a work tree (no GIT_DIR: git finds the repository from `cwd`). */
export function runGitInWorkTree(
  cwd: string,
  home: string,
  args: string[],
  options: GitRunOptions = {},
): GitResult {
  const result = spawnSync('git', args, {
    cwd,
    env: { ...gitEnv(home, options.author, options.committer ?? options.author), ...options.env },
    input: options.input,
  });
  if (result.error) throw result.error;
  const code = result.status ?? -1;
  if (code === 0 || options.okCodes?.includes(code)) return { stdout: result.stdout.toString('utf8'), code };
  const stderr = result.stderr.toString('utf8');
  throw new GitError(`git ${args.join(' ')} failed (${code}): ${stderr.trim()}`, code, stderr);
}

/** Like runGit but returns raw bytes (blob contents). */
export function runGitBuffer(gitDir: string, home: string, args: string[]): Buffer {
  return execFileSync('git', args, {
    cwd: gitDir,
    env: { ...gitEnv(home), GIT_DIR: gitDir },
    maxBuffer: 256 * 1024 * 1024,
  });
}
