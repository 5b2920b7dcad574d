/** `drover status [--epic x] [--tree] [--watch]`: the live state of the backlog. */
import { setTimeout as sleep } from 'node:timers/promises';
import { repositoryUrl } from '../../core/web-url.js';
import type { CommandContext } from '../command-context.js';
import { renderStatus } from '../render-status.js';
import { loadClosedTasks, loadTaskState } from '../task-state.js';

export interface StatusOptions {
  epic?: string;
  tree: boolean;
  watch: boolean;
  /** Seconds between refreshes with --watch. */
  interval: number;
}

export async function statusCommand(context: CommandContext, options: StatusOptions): Promise<void> {
  for (;;) {
    const text = await statusText(context, options);
    if (!options.watch) {
      context.out(text);
      return;
    }
    // On a terminal, redraw in place (the CLI's own escape, written past the text filter); in a log, append.
    if (context.outStream.isTTY) context.outStream.write('\x1b[2J\x1b[H');
    context.out(`${text}\n\n(refreshing every ${options.interval}s; Ctrl-C to stop)`);
    await sleep(options.interval * 1000);
  }
}

async function statusText(context: CommandContext, options: StatusOptions): Promise<string> {
  const { client, repo } = context;
  const state = await loadTaskState(client, repo, { epic: options.epic });
  const fullName = `${repo.owner}/${repo.repo}`;
  return renderStatus({
    repo: fullName,
    state,
    closed: await loadClosedTasks(client, repo, state.config.labels.task),
    tree: options.tree,
    issuesUrl: `${repositoryUrl(context.webUrl, fullName)}/issues?q=label%3A${encodeURIComponent(state.config.labels.task)}`,
  });
}
