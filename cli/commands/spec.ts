/**
 * `drover spec PATH… [--dry-run] [--agent NAME] [-o FILE]`: turn design documents into a
 * backlog with the configured coding agent, on this machine. The agent (the action's own
 * adapters, configured by this checkout's `.github/drover.yml`) is asked for a backlog in the
 * import format; the answer is checked with the importer's validation, asked again once with its
 * problems, then refused with them. A valid backlog is shown as the tree, the plan, the critical
 * path and the ETA; without `--dry-run` it is imported (idempotent by ids, as `import-jsonl`).
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureAgentCli } from '../../action/agent-cli.js';
import { findAgentAdapter } from '../../action/agents/registry.js';
import { resolveAgentSettings } from '../../action/inputs.js';
import type { Logger } from '../../action/logger.js';
import { runProcess as realRunProcess, type ProcessRunner } from '../../action/process-runner.js';
import { BACKLOG_OUTPUT, draftBacklog, type DraftResult } from '../../action/spec/draft-backlog.js';
import { readSpecDocuments, SpecPathError } from '../../action/spec/spec-documents.js';
import { defaultConfig, parseConfig, type DroverConfig } from '../../core/config.js';
import { repositoryUrl } from '../../core/web-url.js';
import { previewBacklog } from '../backlog/backlog-preview.js';
import { importBacklog } from '../backlog/import-backlog.js';
import type { Backlog } from '../backlog/parse-backlog.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, Output } from '../command-context.js';
import { errorCode } from '../github-client.js';
import { progressBar } from '../progress-bar.js';
import { CONFIG_FILE } from '../task-state.js';
import { terminalLine } from '../terminal-text.js';

export interface SpecOptions {
  dryRun: boolean;
  agent?: string;
  /** The shell command of the `command` agent (overrides `agent.command`). */
  agentCommand?: string;
  /** Also write the backlog to this file (to read it, or import it later). */
  output?: string;
  verbose: boolean;
}

export interface SpecIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `owner/name` for the prompt and the preview, when known without asking GitHub. */
  repoName: string | null;
  runProcess?: ProcessRunner;
}

export async function specCommand(
  paths: string[],
  options: SpecOptions,
  io: SpecIo,
  output: Output,
  connect: () => Promise<CommandContext>,
): Promise<void> {
  const config = await localConfig(io.cwd);
  const settings = agentSettings(config, options.agent, options.agentCommand);
  const documents = await readDocuments(io.cwd, paths);
  for (const note of documents.notes) output.err(`note: ${note}`);
  output.err(
    `drover: asking ${settings.agent} for a backlog from ${documents.documents.map((doc) => doc.path).join(', ')}`,
  );
  const repoName = io.repoName ?? basename(io.cwd);
  const result = await draft(io, settings, documents.documents, repoName, options, output);
  if (result.status === 'failed')
    throw new CliError(`the agent failed: ${result.reason}; nothing was created`);
  if (result.status === 'invalid')
    throw new CliError(
      `the agent's backlog still has ${result.problems.length} problem(s) after it was asked again; nothing was created`,
      result.problems,
    );
  for (const warning of result.warnings)
    output.err(`${BACKLOG_OUTPUT}:${warning.line}: warning: ${warning.message}`);
  if (options.output !== undefined) {
    await writeFile(options.output, result.text);
    output.err(`drover: the backlog is in ${options.output}`);
  }
  if (options.dryRun) {
    printPreview(output, result.backlog, config, repoName, undefined);
    output.out('');
    output.out(`Dry run: nothing was created. Without --dry-run the backlog is imported into ${repoName}.`);
    return;
  }
  const context = await connect();
  const bar = progressBar('importing', context.errStream);
  const summary = await importBacklog(context.client, context.repo, result.backlog, {
    onProgress: bar.tick,
  }).finally(() => bar.finish());
  for (const warning of summary.warnings) context.err(`warning: ${warning}`);
  const { owner, repo } = context.repo;
  printPreview(output, result.backlog, config, `${owner}/${repo}`, summary.numbers);
  output.out('');
  output.out(
    `${owner}/${repo}: ${summary.issuesCreated} issue(s) created, ${summary.issuesExisting} already there, ` +
      `${summary.subIssuesLinked} sub-issue link(s) and ${summary.dependenciesLinked} dependency link(s) added`,
  );
  output.out(`issues: ${repositoryUrl(context.webUrl, `${owner}/${repo}`)}/issues?q=label%3Adrover`);
}

function printPreview(
  output: Output,
  backlog: Backlog,
  config: DroverConfig,
  repo: string,
  numbers: Record<string, number> | undefined,
): void {
  const preview = previewBacklog(backlog, { config, repo, now: new Date(), numbers, title: terminalLine });
  output.out(preview.tree);
  output.out('');
  output.out(preview.plan);
}

async function draft(
  io: SpecIo,
  settings: ReturnType<typeof resolveAgentSettings>,
  documents: Awaited<ReturnType<typeof readSpecDocuments>>['documents'],
  repoName: string,
  options: SpecOptions,
  output: Output,
): Promise<DraftResult> {
  const adapter = findAgentAdapter(settings.agent);
  const runProcess = io.runProcess ?? realRunProcess;
  const log: Logger = {
    info: (message) => {
      if (options.verbose) output.err(message);
    },
    warning: (message) => output.err(`warning: ${message}`),
    group: async (title, body) => {
      output.err(`drover: ${title}`);
      return body();
    },
  };
  const scratchDir = await mkdtemp(join(tmpdir(), 'drover-spec-'));
  const hadDroverDir = await exists(join(io.cwd, '.drover'));
  try {
    const installDir = join(scratchDir, 'agent-cli');
    await mkdir(installDir, { recursive: true });
    const agentPath = await ensureAgentCli(adapter, io.env, installDir, runProcess, log);
    return await draftBacklog({
      adapter,
      settings,
      repoName,
      workspace: io.cwd,
      scratchDir,
      documents,
      agentEnv: { ...io.env, PATH: agentPath },
      runProcess,
      now: () => Date.now(),
      log,
    });
  } finally {
    // The answer is read: leave the checkout as it was.
    await rm(join(io.cwd, BACKLOG_OUTPUT), { force: true });
    if (!hadDroverDir) await rm(join(io.cwd, '.drover'), { recursive: true, force: true });
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function localConfig(cwd: string): Promise<DroverConfig> {
  let text: string;
  try {
    text = await readFile(join(cwd, CONFIG_FILE), 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return defaultConfig();
    throw error;
  }
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new CliError(`${CONFIG_FILE} is invalid; fix it first`, parsed.problems);
  return parsed.config;
}

function agentSettings(
  config: DroverConfig,
  agent: string | undefined,
  agentCommand: string | undefined,
): ReturnType<typeof resolveAgentSettings> {
  try {
    const overrides = {
      ...(agent === undefined ? {} : { agent }),
      ...(agentCommand === undefined ? {} : { agentCommand }),
    };
    const settings = resolveAgentSettings(overrides, config);
    findAgentAdapter(settings.agent);
    return settings;
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message.replace(/^bad input: /, '') : String(error));
  }
}

async function readDocuments(cwd: string, paths: string[]) {
  try {
    return await readSpecDocuments(cwd, paths);
  } catch (error) {
    if (error instanceof SpecPathError) throw new CliError(error.message);
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
