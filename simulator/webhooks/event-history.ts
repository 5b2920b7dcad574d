/**
 * What happened, for a checker: one timestamped entry per event the simulator emits (the point
 * where the store and the Actions module hand a payload to the deliverer), whether or not a
 * webhook is delivered, dropped or held. Each entry carries the facts a checker needs about its
 * subject (run, pull request, issue, label, comment, ref) and the full payload for the rest.
 */
import type { Delivery } from './delivery.js';

export interface HistoryEntry {
  /** 1-based order of emission. */
  seq: number;
  /** The simulator clock at emission, ISO with milliseconds. */
  at: string;
  /** The same instant in epoch milliseconds. */
  atMs: number;
  event: string;
  action: string | undefined;
  /** The original delivery's GUID (`X-GitHub-Delivery`). */
  deliveryId: string;
  /** `owner/name`, when the payload has a repository. */
  repo: string | undefined;
  /** The sender's login. */
  actor: string | undefined;
  workflowRun?: {
    id: number;
    name: string | undefined;
    displayTitle: string | undefined;
    status: string | undefined;
    conclusion: string | null;
    headBranch: string | undefined;
    headSha: string | undefined;
    runAttempt: number | undefined;
  };
  pullRequest?: {
    number: number;
    state: string | undefined;
    merged: boolean;
    headRef: string | undefined;
    baseRef: string | undefined;
    headSha: string | undefined;
    mergeCommitSha: string | null;
  };
  issue?: {
    number: number;
    state: string | undefined;
    stateReason: string | null;
    title: string | undefined;
  };
  /** The label added or removed (`labeled` / `unlabeled`). */
  label?: string;
  comment?: { id: number; issueNumber: number | undefined; body: string | undefined };
  /** `push`: the ref and its move; `create`/`delete`: the ref. */
  ref?: {
    ref: string;
    before?: string;
    after?: string;
    created?: boolean;
    deleted?: boolean;
    refType?: string;
  };
  payload: Record<string, unknown>;
}

export interface HistoryFilter {
  event?: string | string[];
  action?: string | string[];
  repo?: string;
  /** Only entries with a larger seq (for incremental reads). */
  afterSeq?: number;
}

export class EventHistory {
  private readonly entries: HistoryEntry[] = [];

  constructor(private readonly now: () => Date) {}

  record(delivery: Delivery): void {
    const at = this.now();
    const payload = delivery.payload;
    this.entries.push({
      seq: this.entries.length + 1,
      at: at.toISOString(),
      atMs: at.getTime(),
      event: delivery.event,
      action: delivery.action,
      deliveryId: delivery.id,
      repo: str(obj(payload.repository)?.full_name),
      actor: str(obj(payload.sender)?.login),
      ...subjectOf(delivery.event, payload),
      payload,
    });
  }

  list(filter: HistoryFilter = {}): HistoryEntry[] {
    const wanted = (value: string | undefined, allowed: string | string[] | undefined) =>
      allowed === undefined || (value !== undefined && [allowed].flat().includes(value));
    return this.entries.filter(
      (entry) =>
        entry.seq > (filter.afterSeq ?? 0) &&
        wanted(entry.event, filter.event) &&
        wanted(entry.action, filter.action) &&
        (filter.repo === undefined || entry.repo?.toLowerCase() === filter.repo.toLowerCase()),
    );
  }
}

type Subject = Pick<HistoryEntry, 'workflowRun' | 'pullRequest' | 'issue' | 'label' | 'comment' | 'ref'>;

function subjectOf(event: string, payload: Record<string, unknown>): Subject {
  const subject: Subject = {};
  const run = obj(payload.workflow_run);
  if (run) subject.workflowRun = workflowRunOf(run);
  const pull = obj(payload.pull_request);
  if (pull) subject.pullRequest = pullRequestOf(pull);
  const issue = obj(payload.issue);
  if (issue) subject.issue = issueOf(issue);
  const label = str(obj(payload.label)?.name);
  if (label !== undefined) subject.label = label;
  const comment = obj(payload.comment);
  if (comment && issue) subject.comment = commentOf(comment, issue);
  if (event === 'push' || event === 'create' || event === 'delete') subject.ref = refOf(event, payload);
  return subject;
}

function workflowRunOf(run: Record<string, unknown>): NonNullable<HistoryEntry['workflowRun']> {
  return {
    id: Number(run.id),
    name: str(run.name),
    displayTitle: str(run.display_title),
    status: str(run.status),
    conclusion: str(run.conclusion) ?? null,
    headBranch: str(run.head_branch),
    headSha: str(run.head_sha),
    runAttempt: typeof run.run_attempt === 'number' ? run.run_attempt : undefined,
  };
}

function pullRequestOf(pull: Record<string, unknown>): NonNullable<HistoryEntry['pullRequest']> {
  return {
    number: Number(pull.number),
    state: str(pull.state),
    merged: pull.merged === true,
    headRef: str(obj(pull.head)?.ref),
    baseRef: str(obj(pull.base)?.ref),
    headSha: str(obj(pull.head)?.sha),
    mergeCommitSha: str(pull.merge_commit_sha) ?? null,
  };
}

function issueOf(issue: Record<string, unknown>): NonNullable<HistoryEntry['issue']> {
  return {
    number: Number(issue.number),
    state: str(issue.state),
    stateReason: str(issue.state_reason) ?? null,
    title: str(issue.title),
  };
}

function commentOf(
  comment: Record<string, unknown>,
  issue: Record<string, unknown>,
): HistoryEntry['comment'] {
  return { id: Number(comment.id), issueNumber: Number(issue.number), body: str(comment.body) };
}

function refOf(event: string, payload: Record<string, unknown>): NonNullable<HistoryEntry['ref']> {
  const ref = str(payload.ref) ?? '';
  if (event !== 'push') return { ref, refType: str(payload.ref_type) };
  return {
    ref,
    before: str(payload.before),
    after: str(payload.after),
    created: payload.created === true,
    deleted: payload.deleted === true,
  };
}

const obj = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
