/**
 * What finished attempts did: each one's artifact is read once (its result then lives in the
 * session), and the work of the last one is checked before anything is written — bound to what
 * was dispatched (the pinned commit), and by its effect (core policy) — and turned into the
 * commits and the pull request the planner may write. An unreadable or refused artifact is a
 * failed result with the reason, never an exception that stalls the other tasks.
 */
import { attemptPhase, type Attempt, type AttemptResult } from '../../../core/attempt-history.js';
import {
  attemptArtifactName,
  type AttemptOutcome,
  type AttemptPatch,
} from '../../../core/attempt-artifact.js';
import { attemptBranch, claimRef, isAttemptCommit } from '../../../core/attempt-names.js';
import type { DroverConfig } from '../../../core/config.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import { patchKey } from '../../../core/repo-state.js';
import { artifactLimits } from '../../publish/artifact-limits.js';
import { readAttemptArtifact } from '../../publish/read-attempt-artifact.js';
import { checkWork } from './check-work.js';
import type { RepoSession } from '../repo-session.js';

export interface ResultReadOptions {
  config: DroverConfig;
  now: Date;
  /** The default branch's head: the base a resolve attempt's merge parent must be (or precede). */
  defaultBranchSha: string;
}

/** Reads what is missing for every task; a task whose reads failed is returned as unknown for this pass. */
export async function readResults(
  gateway: RepoGateway,
  session: RepoSession,
  options: ResultReadOptions,
): Promise<{ unknown: Set<number>; errors: Array<{ task: number; error: unknown }> }> {
  const unknown = new Set<number>();
  const errors: Array<{ task: number; error: unknown }> = [];
  for (const [task, attempts] of session.attempts) {
    try {
      await readTaskResults(gateway, session, task, [...attempts.values()], options);
    } catch (error) {
      unknown.add(task);
      errors.push({ task, error });
    }
  }
  return { unknown, errors };
}

async function readTaskResults(
  gateway: RepoGateway,
  session: RepoSession,
  task: number,
  attempts: Attempt[],
  options: ResultReadOptions,
): Promise<void> {
  const finished = attempts
    .filter((attempt) => attempt.run !== null && attemptPhase(attempt, options.now) === 'finished')
    .sort((a, b) => a.number - b.number);
  const last = finished.at(-1);
  for (const attempt of finished) {
    const contents =
      attempt.result === null ? await readArtifact(gateway, task, attempt, options.config) : null;
    if (
      attempt !== last ||
      !needsWork(attempt, hasPull(session, task, attempt)) ||
      session.patches.has(patchKey(task, attempt.number))
    )
      continue;
    const again = contents ?? (await readArtifact(gateway, task, attempt, options.config));
    if (again !== null) await prepareWork(gateway, session, task, attempt, again, options);
  }
}

/** Does the attempt leave something to write (its commits, or its pull request)? */
function needsWork(attempt: Attempt, pullOpened: boolean): boolean {
  const result = attempt.result;
  if (result === null) return false;
  if (result.status === 'success')
    return attempt.publishedSha === null || (attempt.kind === 'implement' && !pullOpened);
  return result.partial && attempt.kind === 'implement' && attempt.publishedSha === null;
}

/** A pull request from the attempt's branch exists, in any state: its work is written and proposed. */
function hasPull(session: RepoSession, task: number, attempt: Attempt): boolean {
  const branch = attemptBranch(task, attempt.number);
  return (session.pulls.get(task) ?? []).some((pr) => pr.headRef === branch);
}

type Contents = { outcome: AttemptOutcome; patch: AttemptPatch | null };

/** Sets the attempt's result from its artifact; returns the artifact's contents when readable. */
async function readArtifact(
  gateway: RepoGateway,
  task: number,
  attempt: Attempt,
  config: DroverConfig,
): Promise<Contents | null> {
  const run = attempt.run;
  if (run === null) return null;
  // Checked before the download: anything larger could not pass the patch policy anyway.
  const limits = artifactLimits(config.patch);
  const download = await gateway.runs.artifact(
    run.id,
    attemptArtifactName(task, attempt.number),
    limits.maxZipBytes,
  );
  if (download.kind !== 'found') {
    attempt.result = failed(
      download.kind === 'missing'
        ? `The run ended (${run.conclusion ?? 'no conclusion'}) without an attempt artifact: ${run.url}`
        : `The attempt artifact is ${download.bytes} bytes, more than the ${limits.maxZipBytes} bytes a patch within \`patch.max_bytes\` needs; it was not read.`,
    );
    return null;
  }
  const contents = readAttemptArtifact(download.zip, { task, attempt: attempt.number }, limits);
  if (!contents.ok) {
    attempt.result = failed(contents.reason);
    return null;
  }
  attempt.result ??= resultOf(contents.outcome, contents.patch);
  return { outcome: contents.outcome, patch: contents.patch };
}

/** The checked commits and PR text of the attempt whose work is to be written, or its refusal. */
async function prepareWork(
  gateway: RepoGateway,
  session: RepoSession,
  task: number,
  attempt: Attempt,
  contents: Contents,
  options: ResultReadOptions,
): Promise<void> {
  await locatePublished(gateway, session, task, attempt);
  const issue = session.issues.get(task);
  const children = (issue?.subIssues ?? [])
    .filter((child) => child.state === 'open')
    .map((child) => child.number);
  const check = await checkWork(gateway, {
    task,
    title: issue?.title ?? `Task ${task}`,
    children,
    attempt,
    outcome: contents.outcome,
    patch: contents.patch,
    config: options.config,
    defaultBranchSha: options.defaultBranchSha,
  });
  if (check.ok) {
    session.patches.set(patchKey(task, attempt.number), check.checked);
    return;
  }
  // Work already written stays what it is; work not written yet is refused: the attempt failed.
  if (attempt.publishedSha !== null || attempt.result === null) return;
  attempt.result = { ...attempt.result, status: 'failed', partial: false, reason: check.reason };
}

function failed(reason: string): AttemptResult {
  return { status: 'failed', reason, summary: null, costUsd: 0, durationMs: 0, partial: false };
}

/** The action's report, bounded: a cost that is not a finite, sane number counts as none. */
function resultOf(outcome: AttemptOutcome, patch: AttemptPatch | null): AttemptResult {
  const cost = outcome.costUsd ?? 0;
  const hasChanges = patch !== null && patch.commits.some((commit) => commit.changes.length > 0);
  if (outcome.status === 'success' && !hasChanges)
    return failed('The agent reported success but changed nothing.');
  return {
    status: outcome.status,
    reason:
      outcome.status === 'success'
        ? null
        : (outcome.reason ?? `The agent reported ${outcome.status} without a reason.`),
    summary: outcome.summary,
    costUsd: Number.isFinite(cost) && cost >= 0 && cost < 10_000 ? cost : 0,
    durationMs: Number.isFinite(outcome.durationMs) ? outcome.durationMs : 0,
    partial: outcome.partial && hasChanges,
  };
}

/**
 * Where the attempt's work stands: an implement attempt's branch still at its pinned commit
 * (not written yet) or at the commit Drover wrote (found by its trailer); a follow-up's pinned
 * commit is its claim.
 */
async function locatePublished(
  gateway: RepoGateway,
  session: RepoSession,
  task: number,
  attempt: Attempt,
): Promise<void> {
  if (attempt.kind !== 'implement') {
    attempt.pinnedSha ??= await gateway.refs.get(claimRef(task, attempt.number, attempt.kind));
    const open = (session.pulls.get(task) ?? []).find((pr) => pr.state === 'open');
    if (
      open !== undefined &&
      open.headSha !== attempt.pinnedSha &&
      (await hasTrailer(gateway, open.headSha, task, attempt))
    )
      attempt.publishedSha = open.headSha;
    return;
  }
  const branch = attemptBranch(task, attempt.number);
  const head = await gateway.refs.get(`refs/heads/${branch}`);
  if (head === null) return locateGone(gateway, session, task, attempt, branch);
  const commit = await gateway.commits.get(head);
  if (isAttemptCommit(commit.message, task, attempt.number)) {
    attempt.publishedSha = head;
    attempt.pinnedSha ??= commit.parents[0] ?? null;
  } else {
    attempt.pinnedSha ??= head;
  }
}

/**
 * The attempt's branch is gone. Most often its PR merged (another controller wrote and merged it;
 * GitHub deletes a merged PR's branch with `delete_branch_on_merge`) before this process read the
 * task again: the work is written, and the issue is read again. Taken for a claim gone, this
 * process would have failed the attempt and run the task again after it was done.
 */
async function locateGone(
  gateway: RepoGateway,
  session: RepoSession,
  task: number,
  attempt: Attempt,
  branch: string,
): Promise<void> {
  const pr = await gateway.pulls.findByHead(branch);
  if (pr === null) return;
  session.putPull(task, pr);
  session.changedIssues.add(task);
  attempt.publishedSha = pr.headSha;
}

async function hasTrailer(
  gateway: RepoGateway,
  sha: string,
  task: number,
  attempt: Attempt,
): Promise<boolean> {
  return isAttemptCommit((await gateway.commits.get(sha)).message, task, attempt.number);
}
