/**
 * Each task's attempts, kept in the session and brought up to date from GitHub's records:
 * the runs still in flight (three conditional lists), the runs that left them (one read each, or
 * the webhook's payload), the run of each claim not yet matched (by its branch, or its name), and
 * on a full read every claim ref (two `matching-refs` reads). docs/control-loop.md §2.
 */
import type { Attempt, AttemptRun } from '../../../core/attempt-history.js';
import {
  CLAIM_PREFIXES,
  attemptBranch,
  claimRef,
  parseAttemptRunName,
  parseClaimRef,
} from '../../../core/attempt-names.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { WorkflowRun } from '../../../core/gateway/runs.js';
import type { RepoSession } from '../repo-session.js';

export interface AttemptReadOptions {
  workflow: string;
  /** Every claim ref, listed (by listClaims) on a full read: a new process, or the periodic one. */
  claims: readonly ClaimRef[] | null;
  /** Taken before any of this pass's reads of runs: a claim's abandonment is judged at this time. */
  now: Date;
  /** `claim_grace_seconds`, in ms. */
  claimGraceMs: number;
}

export interface ClaimRef {
  ref: string;
  sha: string;
}

export async function readAttempts(
  gateway: RepoGateway,
  session: RepoSession,
  options: AttemptReadOptions,
): Promise<void> {
  if (options.claims !== null) recordClaims(session, options.claims);
  const inFlight = await gateway.runs.inFlight(options.workflow);
  const seen = new Set<number>();
  for (const run of [...inFlight, ...session.runHints.values()]) {
    if (recordRun(session, run)) seen.add(run.id);
  }
  session.runHints.clear();
  await refreshLeftRuns(gateway, session, seen);
  await matchClaims(gateway, session, options);
  await checkCancelledRuns(gateway, session);
}

/** Records a run of the attempt workflow on its attempt; false for a run that is not an attempt. */
export function recordRun(session: RepoSession, run: WorkflowRun): boolean {
  const parsed = parseAttemptRunName(run.name);
  if (parsed === null) return false;
  const attempts = session.attemptsOf(parsed.task);
  const known = attempts.get(parsed.attempt);
  // A second run for one attempt can only come from a dispatch GitHub performed twice: the
  // first (lowest id) is the attempt; its concurrency group holds the other back.
  if (known?.run && known.run.id < run.id) return true;
  const asRun: AttemptRun = {
    ...run,
    started: known?.run?.id === run.id ? known.run.started && run.started : run.started,
  };
  attempts.set(parsed.attempt, {
    number: parsed.attempt,
    kind: parsed.kind,
    slot: parsed.slot,
    pinnedSha: known?.pinnedSha ?? null,
    claimedAt: known?.claimedAt ?? null,
    run: asRun,
    result: known?.run?.id === run.id ? known.result : null,
    pullRequest: known?.pullRequest ?? null,
    publishedSha: known?.publishedSha ?? null,
  });
  return true;
}

/** Runs the session saw in flight that are not any more: read each once to learn how it ended. */
async function refreshLeftRuns(
  gateway: RepoGateway,
  session: RepoSession,
  inFlight: Set<number>,
): Promise<void> {
  for (const attempts of session.attempts.values()) {
    for (const attempt of attempts.values()) {
      const run = attempt.run;
      if (run === null || run.status === 'completed' || inFlight.has(run.id)) continue;
      const current = await gateway.runs.get(run.id);
      if (current !== null) recordRun(session, current);
      else attempt.run = { ...run, status: 'completed', conclusion: 'vanished' };
    }
  }
}

/** Claims with no run yet: find the run by the attempt branch (implement) or by name. */
async function matchClaims(
  gateway: RepoGateway,
  session: RepoSession,
  options: AttemptReadOptions,
): Promise<void> {
  for (const [task, attempts] of session.attempts) {
    for (const attempt of attempts.values()) {
      if (attempt.run !== null || attempt.abandonedAt !== undefined) continue;
      const runs =
        attempt.kind === 'implement'
          ? await gateway.runs.onBranch(options.workflow, attemptBranch(task, attempt.number))
          : await gateway.runs.createdSince(
              options.workflow,
              sinceFor(attempt, options.now, options.claimGraceMs),
            );
      const match = runs
        .filter((run) => {
          const parsed = parseAttemptRunName(run.name);
          return parsed?.task === task && parsed.attempt === attempt.number;
        })
        .sort((a, b) => a.id - b.id)[0];
      if (match !== undefined) recordRun(session, match);
      else if (attempt.claimedAt === null)
        attempt.claimedAt = await claimTime(gateway, session, task, attempt);
      else if (options.now.getTime() - Date.parse(attempt.claimedAt) > options.claimGraceMs)
        attempt.abandonedAt = options.now.toISOString();
    }
  }
}

function sinceFor(attempt: Attempt, now: Date, graceMs: number): string {
  const from =
    attempt.claimedAt === null ? now.getTime() - graceMs * 2 : Date.parse(attempt.claimedAt) - 60_000;
  return new Date(from).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * When a claim someone else made was created: the Activity API knows it for branches; for other
 * refs (and when GitHub has no record) the first time this process saw it stands in.
 */
async function claimTime(
  gateway: RepoGateway,
  session: RepoSession,
  task: number,
  attempt: Attempt,
): Promise<string> {
  const ref = claimRef(task, attempt.number, attempt.kind);
  if (attempt.kind === 'implement') {
    const created = await gateway.refs.createdAt(ref);
    if (created !== null) return created;
  }
  const first = session.claimsFirstSeen.get(ref) ?? new Date().toISOString();
  session.claimsFirstSeen.set(ref, first);
  return first;
}

/**
 * Every claim ref (two `matching-refs` reads). A full read lists them BEFORE it reads the issues:
 * an implement claim is deleted only once its PR merged (`delete_branch_on_merge`, or Drover's
 * cleanup of a closed task), and the later issue read sees that PR (`closedByPullRequestsReferences`)
 * or the closed issue. Listed after the issues, a task whose PR was opened, merged and its branch
 * deleted in between looked open and never attempted, and ran again (the chaos seed caught it).
 */
export async function listClaims(gateway: RepoGateway): Promise<ClaimRef[]> {
  return (await Promise.all(CLAIM_PREFIXES.map((prefix) => gateway.refs.matching(prefix)))).flat();
}

/** Claims for attempts the session does not know (a new process, a missed claim). */
function recordClaims(session: RepoSession, refs: readonly ClaimRef[]): void {
  for (const { ref, sha } of refs) {
    const claim = parseClaimRef(ref);
    if (claim === null || !session.issues.has(claim.task)) continue;
    const attempts = session.attemptsOf(claim.task);
    if (attempts.has(claim.attempt)) continue;
    attempts.set(claim.attempt, {
      number: claim.attempt,
      // A follow-up's kind is in its run's name; resolve until the run is found.
      kind: claim.kind === 'implement' ? 'implement' : 'resolve',
      slot: null,
      // A follow-up claim never moves: it is the pinned PR head. An implement branch may have
      // been published since: its pinned commit is found when its work is settled.
      pinnedSha: claim.kind === 'implement' ? null : sha,
      claimedAt: null,
      run: null,
      result: null,
      pullRequest: null,
      publishedSha: null,
    });
  }
}

/** A run cancelled while it waited for its slot never started: it does not count as an attempt. */
async function checkCancelledRuns(gateway: RepoGateway, session: RepoSession): Promise<void> {
  for (const attempts of session.attempts.values()) {
    for (const attempt of attempts.values()) {
      const run = attempt.run;
      if (
        run === null ||
        run.status !== 'completed' ||
        run.conclusion !== 'cancelled' ||
        attempt.result !== null
      )
        continue;
      if (!run.started) continue;
      attempt.run = { ...run, started: await gateway.runs.jobsStarted(run.id) };
    }
  }
}
