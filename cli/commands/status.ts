/** `drover status [--epic x] [--tree] [--watch]`: the live state of the backlog. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from '../command-context.js';
import { labelNames, listDroverIssues } from '../list-drover-issues.js';
import { renderStatus, type ClosedTask } from '../render-status.js';
import { loadTaskState } from '../task-state.js';

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
    // On a terminal, redraw in place; in a log, append each refresh.
    if (context.errStream.isTTY) context.out('\x1b[2J\x1b[H');
    context.out(`${text}\n\n(refreshing every ${options.interval}s; Ctrl-C to stop)`);
    await sleep(options.interval * 1000);
  }
}

async function statusText(context: CommandContext, options: StatusOptions): Promise<string> {
  const { client, repo } = context;
  const state = await loadTaskState(client, repo, { epic: options.epic });
  const issues = await listDroverIssues(client, repo, state.config.labels.task);
  const closed: ClosedTask[] = issues
    .filter((issue) => issue.state === 'closed')
    .map((issue) => ({
      number: issue.number,
      title: issue.title,
      epic:
        labelNames(issue)
          .find((label) => label.startsWith('epic:'))
          ?.slice('epic:'.length) ?? null,
      notPlanned: issue.state_reason === 'not_planned',
    }));
  return renderStatus({ repo: `${repo.owner}/${repo.repo}`, state, closed, tree: options.tree });
}
