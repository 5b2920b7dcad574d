/**
 * Git in the workspace, run so that nothing the agent left behind can act on our behalf:
 * hooks and fsmonitor are off (an agent could plant either in .git/config or .git/hooks),
 * the environment holds no runner credentials, and commits carry an identity from the
 * environment, so it works where git has no user configured.
 */
import type { ProcessRunner } from './process-runner.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export const DROVER_IDENTITY: GitIdentity = {
  name: 'drover[bot]',
  email: 'drover[bot]@users.noreply.github.com',
};

/** `-c` settings on every call: they override whatever the repository's config says. */
const SAFE_CONFIG = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'commit.gpgsign=false',
  'core.quotePath=false',
  'protocol.ext.allow=never',
];

export interface GitOptions {
  /** Extra `-c key=value` for this call only (e.g. an auth header for one fetch). */
  config?: string[];
  /** Exit codes that are answers rather than failures (e.g. `merge` conflicts: 1). */
  okExitCodes?: number[];
  stdin?: string;
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  output: string;
}

export class GitClient {
  constructor(
    private readonly run: ProcessRunner,
    readonly workspace: string,
    private readonly env: Record<string, string>,
    private readonly identity: GitIdentity = DROVER_IDENTITY,
  ) {}

  async exec(args: string[], options: GitOptions = {}): Promise<GitResult> {
    const config = [...SAFE_CONFIG, ...(options.config ?? [])].flatMap((setting) => ['-c', setting]);
    const result = await this.run({
      command: 'git',
      args: [...config, ...args],
      cwd: this.workspace,
      env: {
        ...this.env,
        GIT_AUTHOR_NAME: this.identity.name,
        GIT_AUTHOR_EMAIL: this.identity.email,
        GIT_COMMITTER_NAME: this.identity.name,
        GIT_COMMITTER_EMAIL: this.identity.email,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
      },
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    const exitCode = result.exitCode ?? -1;
    if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
      throw new Error(
        `git ${args[0]} failed (exit ${exitCode}): ${result.outputTail.trim().split('\n').slice(-5).join(' | ')}`,
      );
    }
    return { exitCode, stdout: result.stdout, output: result.outputTail };
  }

  async text(args: string[], options: GitOptions = {}): Promise<string> {
    return (await this.exec(args, options)).stdout.toString('utf8').trim();
  }

  async headSha(): Promise<string> {
    return this.text(['rev-parse', 'HEAD']);
  }
}
