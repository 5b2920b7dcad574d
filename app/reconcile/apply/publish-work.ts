/**
 * Write a finished attempt's work, once. Commits of regular files go through
 * `createCommitOnBranch`, chained: each one's expected head is the commit before it (the pinned
 * commit for the first), so each is a compare-and-swap that succeeds once, and a patch of n
 * commits costs n writes. Anything that mutation cannot express (file modes, symlinks, a merge
 * commit) goes through the Git Data API and one ref update without force (two writes per commit
 * and one for the ref).
 *
 * A compare-and-swap that fails means the branch moved: a crash, a lost answer or another
 * controller may have published part or all of this attempt's chain. The branch is read back to
 * the pinned commit; Drover's own commits there (their `Drover-Task`/`Drover-Attempt` trailers)
 * are what was published, and the chain goes on from the next one. Anything else on the branch
 * means someone else moved it: nothing more is written.
 */
import { isAttemptCommit } from '../../../core/attempt-names.js';
import type { CommitToWrite } from '../../../core/gateway/commits.js';
import type { OpenPullRequestAction, PublishAction } from '../../../core/plan/actions.js';
import { patchKey } from '../../../core/repo-state.js';
import type { ApplyContext } from './apply-context.js';

/** What `createCommitOnBranch` can write: regular files and deletions, one parent. */
function fitsCommitOnBranch(commit: CommitToWrite): boolean {
  return (
    commit.extraParent === undefined &&
    commit.files.every((file) => file.mode === '100644' || file.contentBase64 === null)
  );
}

/** How much of the attempt's chain the branch holds: its head and how many of the commits. */
interface Published {
  head: string;
  count: number;
}

export async function publishWork(context: ApplyContext, action: PublishAction): Promise<string> {
  const sha = action.commits.every(fitsCommitOnBranch)
    ? await commitChain(context, action)
    : await gitDataCommits(context, action);
  if (sha === null)
    throw new Error(
      `${action.branch} moved away from ${action.expectedHead.slice(0, 7)} and does not hold Drover's commits: not written`,
    );
  const attempt = context.session.attemptsOf(action.task).get(action.attempt);
  if (attempt !== undefined) attempt.publishedSha = sha;
  notePaths(context, action);
  // An implement success still needs its patch's PR text; nothing else does.
  if (action.partial || attempt?.kind !== 'implement')
    context.session.patches.delete(patchKey(action.task, action.attempt));
  if (attempt?.kind !== 'implement') movedHead(context, action.task, action.branch, sha);
  return `${action.partial ? 'kept partial work' : 'published'} ${sha.slice(0, 7)} on ${action.branch}`;
}

/** One `createCommitOnBranch` per commit, each expecting the one before; resumes after a moved head. */
async function commitChain(context: ApplyContext, action: PublishAction): Promise<string | null> {
  let head = action.expectedHead;
  let next = 0;
  while (next < action.commits.length) {
    const commit = action.commits[next] as CommitToWrite;
    const result = await context.gateway.commits.commitOnBranch(action.branch, head, commit);
    if (result.kind === 'committed') {
      head = result.sha;
      next += 1;
      continue;
    }
    const published = await publishedSoFar(context, action);
    // Only this attempt's commits, and more of them than we knew: go on from there. Anything
    // else (a stranger's commit, or a branch rewritten to fewer of ours) stops the chain.
    if (published === null || published.count <= next) return null;
    head = published.head;
    next = published.count;
  }
  return head;
}

async function gitDataCommits(context: ApplyContext, action: PublishAction): Promise<string | null> {
  const { gateway } = context;
  const head = await gateway.commits.writeCommits(action.expectedHead, action.commits);
  const ref = `refs/heads/${action.branch}`;
  if ((await gateway.refs.update(ref, head, { force: false })) === 'updated') return head;
  const published = await publishedSoFar(context, action);
  return published?.count === action.commits.length ? published.head : null;
}

/**
 * The branch read back along first parents to the pinned commit: every commit on the way must be
 * this attempt's (its trailers), and there can be no more of them than the patch has. Reads are
 * conditional and commits immutable, so this costs a few cached reads, and only after a moved head.
 */
async function publishedSoFar(context: ApplyContext, action: PublishAction): Promise<Published | null> {
  const { gateway } = context;
  const head = await gateway.refs.get(`refs/heads/${action.branch}`);
  if (head === null) return null;
  let at = head;
  for (let count = 0; count <= action.commits.length; count++) {
    if (at === action.expectedHead) return { head, count };
    const commit = await gateway.commits.get(at);
    const parent = commit.parents[0];
    if (!isAttemptCommit(commit.message, action.task, action.attempt) || parent === undefined) return null;
    at = parent;
  }
  return null;
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

function notePaths(context: ApplyContext, action: PublishAction): void {
  const paths = context.session.publishedPaths.get(action.task) ?? new Set<string>();
  for (const commit of action.commits) for (const file of commit.files) paths.add(file.path);
  context.session.publishedPaths.set(action.task, paths);
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
