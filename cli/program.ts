/**
 * The `drover` command line: option parsing (commander), the GitHub client for each command,
 * and error reporting (one clear line on stderr, non-zero exit). `runCli` runs in-process so
 * tests can drive it with their own streams and environment.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError } from './cli-error.js';
import type { CommandContext, Output } from './command-context.js';
import { exportCommand, EXPORT_FORMATS } from './commands/export.js';
import { importJsonlCommand, loadBacklogFile } from './commands/import-jsonl.js';
import { initCommand } from './commands/init.js';
import { planCommand } from './commands/plan.js';
import { statusCommand } from './commands/status.js';
import { createGitHubClient, httpStatus, resolveApiUrl, resolveToken } from './github-client.js';
import { resolveRepo } from './repo-ref.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface GlobalOptions {
  repo?: string;
  apiUrl?: string;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const output: Output = {
    out: (text) => io.stdout.write(`${text}\n`),
    err: (text) => io.stderr.write(`${text}\n`),
    errStream: io.stderr,
  };
  const program = buildProgram(io, output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, output);
  }
}

function buildProgram(io: CliIo, output: Output): Command {
  const program = new Command('drover')
    .description("Drive a repository's backlog of GitHub issues to completion with parallel coding agents")
    .option('--repo <owner/name>', 'repository (default: the "origin" remote of the current checkout)')
    .option(
      '--api-url <url>',
      'REST API URL for GHES or the simulator (default: $GITHUB_API_URL or api.github.com)',
    )
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  const contextFor = async (command: Command): Promise<CommandContext> => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const [token, repo] = await Promise.all([resolveToken(io.env), resolveRepo(globals.repo, io.cwd)]);
    const client = createGitHubClient({
      token,
      apiUrl: resolveApiUrl(globals.apiUrl, io.env),
      warn: output.err,
    });
    return { ...output, client, repo };
  };

  program
    .command('init')
    .description('write .github/drover.yml and the Drover workflow here, and create the labels')
    .option('--dir <path>', 'checkout to write the files into', io.cwd)
    .option('--force', 'replace files that differ from the templates', false)
    .action(async (options: { dir: string; force: boolean }, command: Command) => {
      await initCommand(await contextFor(command), options);
    });

  program
    .command('import-jsonl')
    .description('create issues, labels, sub-issues and dependencies from a JSONL backlog (idempotent)')
    .argument('<file>', 'backlog file: one epic, story or task per line')
    .option('--check', 'only validate the file (no GitHub access)', false)
    .action(async (file: string, options: { check: boolean }, command: Command) => {
      const backlog = await loadBacklogFile(file);
      if (options.check) {
        const count = backlog.epics.length + backlog.stories.length + backlog.tasks.length;
        output.out(`${file}: ${count} line(s), all valid`);
        return;
      }
      await importJsonlCommand(await contextFor(command), backlog);
    });

  program
    .command('export')
    .description("write the repository's drover issues as a backlog (the inverse of import-jsonl)")
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('jsonl'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: { format: string; output?: string }, command: Command) => {
      await exportCommand(await contextFor(command), options);
    });

  program
    .command('status')
    .description('the live state of the tasks: counts, each task and what it waits on')
    .option('--epic <name>', 'only this epic (x, epic-x and epic:x all name it)')
    .option('--tree', 'group by epic, sub-issues under their parent', false)
    .option('--watch', 'refresh until interrupted', false)
    .option('--interval <seconds>', 'seconds between refreshes with --watch', positiveInt('--interval'), 10)
    .action(
      async (
        options: { epic?: string; tree: boolean; watch: boolean; interval: number },
        command: Command,
      ) => {
        await statusCommand(await contextFor(command), options);
      },
    );

  program
    .command('plan')
    .description('what the planner would start, in what order, the critical path and an ETA')
    .option('--epic <name>', 'plan only this epic')
    .option('--workers <n>', 'plan for this many workers (1-64)', positiveInt('--workers', 64))
    .action(async (options: { epic?: string; workers?: number }, command: Command) => {
      await planCommand(await contextFor(command), options);
    });

  return program;
}

function positiveInt(flag: string, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max) {
      throw new InvalidArgumentError(
        `${flag} must be a whole number from 1${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`,
      );
    }
    return number;
  };
}

function report(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // Help and version end here with exit code 0; commander already printed usage errors.
    return error.exitCode;
  }
  if (error instanceof CliError) {
    for (const line of error.details) output.err(line);
    output.err(`drover: ${error.message}`);
    return error.exitCode;
  }
  const status = httpStatus(error);
  if (status !== undefined) {
    output.err(`drover: GitHub answered ${status}: ${oneLine(messageOf(error))}${hintFor(status)}`);
    return 1;
  }
  output.err(`drover: ${oneLine(messageOf(error))}`);
  return 1;
}

/** By shape, not `instanceof`: errors may come from another realm (child processes, vm contexts). */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

function hintFor(status: number): string {
  if (status === 401) return ' (is the token valid?)';
  if (status === 403) return ' (does the token have write access to issues?)';
  if (status === 404) return ' (check --repo and that the token can see it)';
  return '';
}

function oneLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
