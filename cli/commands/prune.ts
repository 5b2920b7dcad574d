/**
 * `drover prune --older-than <age>`: delete the attempt refs of closed tasks older than the age
 * (core/prune-attempt-refs.ts says which and why); `--dry-run` lists them only.
 */
import { pruneAttemptRefs, type PruneReader } from '../../core/prune-attempt-refs.js';
import type { CommandContext } from '../command-context.js';

function restPruneReader(context: CommandContext): PruneReader {
  const { client, repo } = context;
  const base = { owner: repo.owner, repo: repo.repo };
  let openHeads: Promise<Set<string>> | null = null;
  return {
    async matching(prefix) {
      const found = await client.paginate(client.rest.git.listMatchingRefs, { ...base, ref: prefix });
      return found.map((entry) => ({ ref: entry.ref, sha: entry.object.sha }));
    },
    async closedIssues(numbers) {
      const closed = new Set<number>();
      for (const number of numbers) {
        const state = await client.rest.issues
          .get({ ...base, issue_number: number })
          .then(({ data }) => data.state)
          .catch((error: unknown) => {
            if (
              (error as { status?: number }).status === 404 ||
              (error as { status?: number }).status === 410
            )
              return 'closed';
            throw error;
          });
        if (state === 'closed') closed.add(number);
      }
      return closed;
    },
    async hasOpenPull(branch) {
      // One listing of the open pull requests serves every branch.
      openHeads ??= client
        .paginate(client.rest.pulls.list, { ...base, state: 'open', per_page: 100 })
        .then(
          (pulls) =>
            new Set(
              pulls
                .filter((pull) => pull.head.repo?.full_name === `${repo.owner}/${repo.repo}`)
                .map((pull) => pull.head.ref),
            ),
        );
      return (await openHeads).has(branch);
    },
    async commitDate(sha) {
      const { data } = await client.rest.git.getCommit({ ...base, commit_sha: sha });
      return data.committer.date;
    },
    async delete(ref) {
      await client.rest.git.deleteRef({ ...base, ref: ref.replace(/^refs\//, '') });
    },
  };
}

export async function pruneCommand(
  context: CommandContext,
  options: { olderThanMs: number; dryRun: boolean; now?: Date },
): Promise<void> {
  const result = await pruneAttemptRefs(restPruneReader(context), {
    olderThanMs: options.olderThanMs,
    now: options.now ?? new Date(),
    dryRun: options.dryRun,
  });
  for (const ref of result.deleted) context.out(`${options.dryRun ? 'would delete' : 'deleted'} ${ref}`);
  context.err(
    `${result.deleted.length} attempt ref${result.deleted.length === 1 ? '' : 's'} of closed tasks ${options.dryRun ? 'to delete' : 'deleted'}; ${result.kept} kept (open tasks, younger refs, open pull requests).`,
  );
}
