/** `drover import-jsonl FILE`: check the whole backlog, then create what is missing. */
import { readFile } from 'node:fs/promises';
import { importBacklog } from '../backlog/import-backlog.js';
import { parseBacklog, type Backlog } from '../backlog/parse-backlog.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { errorCode } from '../github-client.js';
import { progressBar } from '../progress-bar.js';

/** Read and check the whole file before anything touches GitHub. */
export async function loadBacklogFile(file: string): Promise<Backlog> {
  const text = await readBacklogFile(file);
  const parsed = parseBacklog(text);
  if (parsed.ok) return parsed.backlog;
  const details = parsed.problems.map((problem) => `${file}:${problem.line}: ${problem.message}`);
  throw new CliError(`${file}: ${parsed.problems.length} bad line(s); nothing was created`, details);
}

export async function importJsonlCommand(context: CommandContext, backlog: Backlog): Promise<void> {
  const bar = progressBar('importing', context.errStream);
  const summary = await importBacklog(context.client, context.repo, backlog, {
    onProgress: bar.tick,
  }).finally(() => bar.finish());
  const { owner, repo } = context.repo;
  context.out(
    `${owner}/${repo}: ${summary.issuesCreated} issue(s) created, ${summary.issuesExisting} already there, ` +
      `${summary.subIssuesLinked} sub-issue link(s) and ${summary.dependenciesLinked} dependency link(s) added, ` +
      `${summary.labelsCreated.length} label(s) created`,
  );
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
