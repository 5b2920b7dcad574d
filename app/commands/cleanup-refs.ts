/**
 * `/drover cleanup [age]`: delete the attempt refs of closed tasks older than the age (default
 * 7 days), as `drover prune` does from the command line (core/prune-attempt-refs.ts).
 */
import type { RepoGateway } from '../../core/gateway/index.js';
import { pruneAttemptRefs, type PruneReader } from '../../core/prune-attempt-refs.js';
import { formatDuration } from '../status/format-duration.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

export function gatewayPruneReader(gateway: RepoGateway): PruneReader {
  return {
    matching: (prefix) => gateway.refs.matching(prefix),
    async closedIssues(numbers) {
      const found = await gateway.issues.loadIssues(numbers);
      const open = new Set(found.filter((issue) => issue.state === 'open').map((issue) => issue.number));
      return new Set(numbers.filter((number) => !open.has(number)));
    },
    hasOpenPull: async (branch) => (await gateway.pulls.findByHead(branch))?.state === 'open',
    async commitDate(sha) {
      const commit = await gateway.commits.get(sha);
      if (commit.committedAt === undefined) throw new Error(`commit ${sha} has no date`);
      return commit.committedAt;
    },
    delete: (ref) => gateway.refs.delete(ref),
  };
}

export async function cleanupRefs(olderThanMs: number, context: CommandContext): Promise<CommandOutcome> {
  const result = await pruneAttemptRefs(gatewayPruneReader(context.gateway), {
    olderThanMs,
    now: context.now,
  });
  const age = formatDuration(olderThanMs);
  if (result.deleted.length === 0)
    return {
      reply: `no attempt refs of closed tasks older than ${age}: nothing was deleted.`,
      reconcile: false,
    };
  const list = result.deleted.map((ref) => `- \`${ref}\``).join('\n');
  return {
    reply: `deleted ${result.deleted.length} attempt ref${result.deleted.length === 1 ? '' : 's'} of closed tasks older than ${age}:\n\n${list}`,
    reconcile: true,
  };
}
