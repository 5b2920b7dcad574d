/**
 * The `drover` command line: option parsing (commander), the GitHub client for each command,
 * and error reporting: one clear line on stderr per error (`describe-error.ts`), non-zero exit.
 * Everything printed goes through `terminal-text.ts`, so text from GitHub or from a backlog file
 * cannot drive the terminal. `runCli` runs in-process so tests can drive it with their own
 * streams and environment.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { webBaseUrl } from '../core/web-url.js';
import { CliError } from './cli-error.js';
import type { CommandContext, Output } from './command-context.js';
import { exportCommand, EXPORT_FORMATS } from './commands/export.js';
import { checkSummary, importJsonlCommand, loadBacklogFile } from './commands/import-jsonl.js';
import { CONTROLLER_MODES, initCommand, type InitOptions } from './commands/init.js';
import { planCommand } from './commands/plan.js';
import { pruneCommand } from './commands/prune.js';
import { parseAge } from '../core/prune-attempt-refs.js';
import { specCommand } from './commands/spec.js';
import { statusCommand } from './commands/status.js';
import { CONNECTION_HELP, resolveApiUrl, resolveToken } from './connection-options.js';
import { describeError } from './describe-error.js';
import { createGitHubClient } from './github-client.js';
import { resolveRepo } from './repo-ref.js';
import { checkRepositoryAccess } from './repository-access.js';
import { terminalLine, terminalText } from './terminal-text.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface GlobalOptions {
  repo?: string;
  apiUrl?: string;
  token?: string;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const output: Output = {
    out: (text) => io.stdout.write(`${terminalText(text)}\n`),
    err: (text) => io.stderr.write(`${terminalText(text)}\n`),
    outStream: io.stdout,
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
    .option('--token <token>', 'GitHub token (default: $GITHUB_TOKEN, $GH_TOKEN, or `gh auth token`)')
    .addHelpText('after', `\n${CONNECTION_HELP}\n\nEvery command takes --help. Docs: docs/cli.md`)
    // Each command's --help lists --repo, --api-url and --token too.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors too are one line: `drover: <what is wrong> (add --help for usage)`.
      outputError: (text, write) =>
        write(`drover: ${terminalLine(text.replace(/^error: /, '').trim())} (add --help for usage)\n`),
    })
    .exitOverride();

  const contextFor = async (command: Command): Promise<CommandContext> => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const apiUrl = resolveApiUrl(globals.apiUrl, io.env);
    const [token, repo] = await Promise.all([
      resolveToken(globals.token, apiUrl, io.env),
      resolveRepo(globals.repo, io.cwd),
    ]);
    const client = createGitHubClient({ token, apiUrl, warn: output.err });
    await checkRepositoryAccess(client, repo);
    return { ...output, client, repo, webUrl: webBaseUrl(apiUrl) };
  };

  program
    .command('init')
    .description('write .github/drover.yml and the Drover workflow here, and create the labels')
    .option('--dir <path>', 'checkout to write the files into', io.cwd)
    .option('--force', 'replace files that differ from the templates', false)
    .addOption(
      new Option(
        '--controller <where>',
        'where the controller runs: the Drover GitHub App you host, or a workflow in this repository (no server)',
      )
        .choices(CONTROLLER_MODES)
        .default('app'),
    )
    .action(async (options: InitOptions, command: Command) => {
      await initCommand(await contextFor(command), options);
    });

  program
    .command('import-jsonl')
    .description('create issues, labels, sub-issues and dependencies from a JSONL backlog (idempotent)')
    .argument('<file>', 'backlog file: one epic, story or task per line')
    .option('--check', "only validate the file, GitHub's length limits included (no GitHub access)", false)
    .option('--strict', 'refuse the file when it has warnings (a blocker that is no line, a cycle)', false)
    .action(async (file: string, options: { check: boolean; strict: boolean }, command: Command) => {
      const loaded = await loadBacklogFile(file, { strict: options.strict }, output);
      if (options.check) {
        output.out(checkSummary(loaded));
        return;
      }
      await importJsonlCommand(await contextFor(command), loaded);
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

  program
    .command('spec')
    .description(
      'turn design documents into a backlog with the configured agent, show its plan, and import it',
    )
    .argument('<paths...>', 'design documents: files, or folders of .md/.txt/.rst/.adoc files')
    .option('--dry-run', 'show the tree, the plan and the ETA; create nothing (no GitHub access)', false)
    .option('--agent <name>', 'the agent to ask (default: agent.name of .github/drover.yml, else claude)')
    .option(
      '--agent-command <command>',
      'for --agent command: the shell command to run (default: agent.command)',
    )
    .option('-o, --output <file>', 'also write the backlog to this file')
    .option('--verbose', "show the agent's output", false)
    .action(
      async (
        paths: string[],
        options: {
          dryRun: boolean;
          agent?: string;
          agentCommand?: string;
          output?: string;
          verbose: boolean;
        },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        // The name only labels the prompt and a dry run's preview: a checkout without an origin remote is fine.
        const repoName = await resolveRepo(globals.repo, io.cwd).then(
          (repo) => `${repo.owner}/${repo.repo}`,
          () => null,
        );
        await specCommand(paths, options, { cwd: io.cwd, env: io.env, repoName }, output, () =>
          contextFor(command),
        );
      },
    );

  program
    .command('prune')
    .description('delete branches and claim refs that attempts of closed tasks left, older than an age')
    .requiredOption('--older-than <age>', 'age like 30m, 12h, 7d or 2w', ageOption)
    .option('--dry-run', 'list what would be deleted, delete nothing', false)
    .action(async (options: { olderThan: number; dryRun: boolean }, command: Command) => {
      await pruneCommand(await contextFor(command), {
        olderThanMs: options.olderThan,
        dryRun: options.dryRun,
      });
    });

  return program;
}

function ageOption(value: string): number {
  const age = parseAge(value);
  if (age === null) throw new InvalidArgumentError('--older-than must be an age like 30m, 12h, 7d or 2w');
  return age;
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
    for (const line of error.details) output.err(terminalLine(line));
    output.err(`drover: ${terminalLine(error.message)}`);
    return error.exitCode;
  }
  output.err(`drover: ${terminalLine(describeError(error))}`);
  return 1;
}
