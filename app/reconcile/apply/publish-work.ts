/**
 * Write a finished attempt's work, once: one commit of regular files goes through
 * `createCommitOnBranch` with the pinned commit as expected head; anything else (several commits,
 * file modes, symlinks, a merge) through the Git Data API and a ref update without force. If the
 * compare-and-swap fails, the branch is read: Drover's own commit there (its trailer) means an
 * earlier try already wrote it.
 */
import { isAttemptCommit } from '../../../core/attempt-names.js';
import type { CommitToWrite } from '../../../core/gateway/commits.js';
import type { OpenPullRequestAction, PublishAction } from '../../../core/plan/actions.js';
import { patchKey } from '../../../core/repo-state.js';
import type { ApplyContext } from './apply-context.js';

function fitsCommitOnBranch(commits: CommitToWrite[]): boolean {
  const [only] = commits;
  return (
    commits.length === 1 &&
    only !== undefined &&
    only.extraParent === undefined &&
    only.files.every((file) => file.mode === '100644' || file.contentBase64 === null)
  );
}

export async function publishWork(context: ApplyContext, action: PublishAction): Promise<string> {
  const { gateway } = context;
  const ref = `refs/heads/${action.branch}`;
  let written: string | null;
  const [only] = action.commits;
  if (only !== undefined && fitsCommitOnBranch(action.commits)) {
    const result = await gateway.commits.commitOnBranch(action.branch, action.expectedHead, only);
    written = result.kind === 'committed' ? result.sha : null;
  } else {
    const head = await gateway.commits.writeCommits(action.expectedHead, action.commits);
    written = (await gateway.refs.update(ref, head, { force: false })) === 'updated' ? head : null;
  }
  const sha = written ?? (await ourCommitOnBranch(context, ref, action));
  if (sha === null)
    throw new Error(
      `${action.branch} moved away from ${action.expectedHead.slice(0, 7)} and does not hold Drover's commit: not written`,
    );
  const attempt = context.session.attemptsOf(action.task).get(action.attempt);
  if (attempt !== undefined) attempt.publishedSha = sha;
  // An implement success still needs its patch's PR text; nothing else does.
  if (action.partial || attempt?.kind !== 'implement')
    context.session.patches.delete(patchKey(action.task, action.attempt));
  if (attempt?.kind !== 'implement') movedHead(context, action.task, action.branch, sha);
  return `${action.partial ? 'kept partial work' : 'published'} ${sha.slice(0, 7)} on ${action.branch}`;
}

async function ourCommitOnBranch(
  context: ApplyContext,
  ref: string,
  action: PublishAction,
): Promise<string | null> {
  const head = await context.gateway.refs.get(ref);
  if (head === null) return null;
  const commit = await context.gateway.commits.get(head);
  return isAttemptCommit(commit.message, action.task, action.attempt) ? head : null;
}

export async function openPullRequest(context: ApplyContext, action: OpenPullRequestAction): Promise<string> {
  const { gateway, session } = context;
  // GitHub refuses a second *open* PR from a branch, not one beside a merged or closed one: another
  // controller (or this one, before a crash) may already have opened and merged it. One read per PR.
  const existing = await gateway.pulls.findByHead(action.head);
  const opened =
    existing !== null
      ? { kind: 'exists' as const }
      : await gateway.pulls.open({
          head: action.head,
          base: action.base,
          title: action.title,
          body: action.body,
        });
  const pr =
    opened.kind === 'opened' ? opened.pr : (existing ?? (await gateway.pulls.findByHead(action.head)));
  if (pr === null)
    throw new Error(`GitHub says a pull request from ${action.head} exists, but none was found`);
  session.putPull(action.task, pr);
  session.patches.delete(patchKey(action.task, action.attempt));
  return `PR #${pr.number}`;
}

/** A follow-up moved its PR's head: GitHub computes the PR's mergeability again. */
function movedHead(context: ApplyContext, task: number, branch: string, sha: string): void {
  const prs = context.session.pulls.get(task) ?? [];
  context.session.pulls.set(
    task,
    prs.map((pr) =>
      pr.headRef === branch && pr.state === 'open' ? { ...pr, headSha: sha, mergeState: 'unknown' } : pr,
    ),
  );
}
