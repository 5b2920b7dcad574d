/** `drover import-jsonl FILE [--check] [--strict]`: check the whole backlog, then create what is missing. */
import { readFile } from 'node:fs/promises';
import { importBacklog } from '../backlog/import-backlog.js';
import { parseBacklog, type Backlog, type LineProblem } from '../backlog/parse-backlog.js';
import { CliError } from '../cli-error.js';
import type { CommandContext, Output } from '../command-context.js';
import { errorCode } from '../github-client.js';
import { progressBar } from '../progress-bar.js';
import { repositoryUrl } from '../../core/web-url.js';

export interface LoadedBacklog {
  file: string;
  backlog: Backlog;
  /** Lines imported as they are, with what the app will report about them. */
  warnings: LineProblem[];
}

/** Read and check the whole file before anything touches GitHub; warnings are printed on `err`. */
export async function loadBacklogFile(
  file: string,
  options: { strict: boolean },
  output: Pick<Output, 'err'>,
): Promise<LoadedBacklog> {
  const text = await readBacklogFile(file);
  const parsed = parseBacklog(text, options);
  const warningLine = (problem: LineProblem) => `${file}:${problem.line}: warning: ${problem.message}`;
  if (parsed.ok) {
    for (const warning of parsed.warnings) output.err(warningLine(warning));
    return { file, backlog: parsed.backlog, warnings: parsed.warnings };
  }
  const details = [
    ...parsed.problems.map((problem) => ({
      line: problem.line,
      text: `${file}:${problem.line}: ${problem.message}`,
    })),
    ...parsed.warnings.map((problem) => ({ line: problem.line, text: warningLine(problem) })),
  ]
    .sort((a, b) => a.line - b.line)
    .map((entry) => entry.text);
  throw new CliError(`${file}: ${parsed.problems.length} bad line(s); nothing was created`, details);
}

export function checkSummary(loaded: LoadedBacklog): string {
  const { backlog, warnings, file } = loaded;
  const count = backlog.epics.length + backlog.stories.length + backlog.tasks.length;
  if (warnings.length === 0) return `${file}: ${count} line(s), all valid`;
  return `${file}: ${count} line(s) can be imported, with ${warnings.length} warning(s) (--strict refuses such a file)`;
}

export async function importJsonlCommand(context: CommandContext, loaded: LoadedBacklog): Promise<void> {
  const bar = progressBar('importing', context.errStream);
  const summary = await importBacklog(context.client, context.repo, loaded.backlog, {
    onProgress: bar.tick,
  }).finally(() => bar.finish());
  for (const warning of summary.warnings) context.err(`warning: ${warning}`);
  const { owner, repo } = context.repo;
  const labelled =
    summary.dependencyLabelsAdded > 0 ? `, ${summary.dependencyLabelsAdded} blocked-by label(s) added` : '';
  context.out(
    `${owner}/${repo}: ${summary.issuesCreated} issue(s) created, ${summary.issuesExisting} already there, ` +
      `${summary.subIssuesLinked} sub-issue link(s) and ${summary.dependenciesLinked} dependency link(s) added${labelled}, ` +
      `${summary.labelsCreated.length} label(s) created`,
  );
  context.out(`issues: ${repositoryUrl(context.webUrl, `${owner}/${repo}`)}/issues?q=label%3Adrover`);
}

async function readBacklogFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, not a JSONL file`);
    throw error;
  }
}
