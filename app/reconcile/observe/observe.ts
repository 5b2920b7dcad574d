/**
 * The observe step of a reconcile: bring the session up to date with GitHub and return the state
 * the planner reads. Cheap when little changed: conditional reads for what rarely changes, one
 * incremental GraphQL read for the issues, one for the pull requests in review, three conditional
 * lists for the runs in flight, and one read per thing that actually changed. A full read (a new
 * process, every `FULL_READ_EVERY_MS`, or when asked) reads every open task and every claim.
 */
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { RepoState } from '../../../core/repo-state.js';
import { readLabels } from '../../../core/task-labels.js';
import type { IssueInput, IssueRef } from '../../../core/types.js';
import { readData, visiblePart } from '../../github/markers.js';
import type { PassFacts, RepoSession } from '../repo-session.js';
import { applyFullRead, applyRead } from './merge-task-issues.js';
import { readApprovals } from './read-approvals.js';
import { listClaims, readAttempts } from './read-attempts.js';
import { readPassFacts } from './read-pass-facts.js';
import { readProject } from './read-project.js';
import { readResults } from './read-results.js';
import { refreshPullRequests } from './refresh-pull-requests.js';
import { readSpecs } from '../../spec/read-specs.js';

/** A full read now and then catches what no webhook and no incremental read reported. */
export const FULL_READ_EVERY_MS = 30 * 60 * 1000;

export interface Observation {
  facts: PassFacts;
  state: RepoState;
  /** Reads that failed for one task: that task is left alone this pass. */
  taskErrors: Array<{ task: number; error: unknown }>;
}

export async function observe(
  gateway: RepoGateway,
  session: RepoSession,
  options: { now: Date; webUrl: string },
): Promise<Observation> {
  const full =
    session.fullReadWanted ||
    session.watermark === null ||
    session.lastFullReadAt === null ||
    options.now.getTime() - session.lastFullReadAt >= FULL_READ_EVERY_MS;
  const facts = await readPassFacts(gateway, session, { webUrl: options.webUrl, full });
  await readStatusComment(gateway, session, facts);
  // Before the issues (read-attempts.ts, listClaims says why).
  const claims = full ? await listClaims(gateway) : null;
  await readIssues(gateway, session, facts, full, options.now);
  const approvals = await readApprovals(gateway, session, facts, options.now);
  session.approvals = approvals.approvals;
  await refreshPullRequests(gateway, session);
  await readProject(gateway, session, facts.config, full);
  // Before the attempts: they consume the runs webhooks delivered, a spec's among them.
  const specs = { control: facts.control, workflow: facts.config.workflow, now: options.now };
  const specErrors = await readSpecs(gateway, session, specs);
  await readAttempts(gateway, session, {
    workflow: facts.config.workflow,
    claims,
    now: options.now,
    claimGraceMs: facts.config.claim_grace_seconds * 1000,
  });
  const results = await readResults(gateway, session, {
    config: facts.config,
    now: options.now,
    defaultBranchSha: facts.defaultBranch.sha,
  });
  const unknown = new Set([...results.unknown, ...approvals.errors.map((error) => error.task)]);
  return {
    facts,
    state: session.state(facts, unknown),
    taskErrors: [...results.errors, ...specErrors, ...approvals.errors],
  };
}

async function readIssues(
  gateway: RepoGateway,
  session: RepoSession,
  facts: PassFacts,
  full: boolean,
  now: Date,
): Promise<void> {
  const label = facts.config.labels.task;
  if (full) {
    const open = await gateway.issues.loadTasks(label, null);
    // Tasks that closed during the active run: its status counts them.
    const run = facts.control.run;
    const sinceRun =
      run === null || run.endedAt ? null : await gateway.issues.loadTasks(label, run.startedAt);
    applyFullRead(session, sinceRun === null ? [open] : [sinceRun, open], label);
    session.watermark = latest([open.watermark, sinceRun?.watermark ?? null]) ?? now.toISOString();
    session.lastFullReadAt = now.getTime();
    session.fullReadWanted = false;
    session.changedIssues.clear();
    session.missingIssues.clear();
  } else {
    const changed = await gateway.issues.loadTasks(label, session.watermark);
    applyRead(session, changed, label);
    session.watermark = latest([session.watermark, changed.watermark]);
  }
  const named = [...session.changedIssues, ...unknownBlockers(session, facts)];
  session.changedIssues.clear();
  if (named.length === 0) return;
  const read = await gateway.issues.loadNamedIssues(named);
  const issues = read.issues;
  applyRead(session, { ...read, referenced: [] }, label);
  for (const issue of issues)
    if (!session.issues.has(issue.number)) session.referenced.set(issue.number, refOf(issue));
  const found = new Set(issues.map((issue) => issue.number));
  for (const number of named) if (!found.has(number)) session.missingIssues.add(number);
}

/** `blocked-by:#N` labels name blockers by number; those no read brought in are read by number, once. */
function unknownBlockers(session: RepoSession, facts: PassFacts): number[] {
  const wanted = new Set<number>();
  for (const issue of session.issues.values()) {
    for (const number of readLabels(issue.number, issue.labels, facts.config.labels).blockedBy) {
      const known =
        session.issues.has(number) || session.referenced.has(number) || session.missingIssues.has(number);
      if (!known) wanted.add(number);
    }
  }
  return [...wanted];
}

function refOf(issue: IssueInput): IssueRef {
  const { number, repo, title, state, stateReason, nodeId, databaseId } = issue;
  return { number, repo, title, state, stateReason, nodeId, databaseId };
}

/** The status comment as last written (a new process learns it once). */
async function readStatusComment(
  gateway: RepoGateway,
  session: RepoSession,
  facts: PassFacts,
): Promise<void> {
  const id = facts.control.dashboard?.statusComment ?? null;
  if (id === null || session.status.commentId === id) return;
  const comment = await gateway.comments.get(id);
  const data = readData(comment?.body) as { signature?: unknown; spend?: unknown } | null;
  restoreSettledSpend(session, data?.spend);
  const signature = typeof data?.signature === 'string' ? data.signature : null;
  session.status = {
    commentId: id,
    body: comment === null ? null : visiblePart(comment.body),
    signature,
    // The placeholder `/drover run` posts has no signature: the first real status is due at once.
    writtenAt: signature === null ? null : (comment?.updatedAt ?? null),
  };
}

/** The ledger's spend of forgotten attempts (a new process learns it from the status comment). */
function restoreSettledSpend(session: RepoSession, spend: unknown): void {
  if (typeof spend !== 'object' || spend === null) return;
  for (const [task, usd] of Object.entries(spend as Record<string, unknown>)) {
    const number = Number(task);
    if (!Number.isInteger(number) || number < 1 || typeof usd !== 'number' || !(usd >= 0) || usd > 1e9)
      continue;
    session.settledSpend.set(number, Math.max(session.settledSpend.get(number) ?? 0, usd));
  }
}

function latest(times: Array<string | null>): string | null {
  return times.reduce<string | null>(
    (best, time) => (time !== null && (best === null || time > best) ? time : best),
    null,
  );
}
