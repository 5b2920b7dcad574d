/** Small builders for issue-shaped test input: only what a test cares about is spelled out. */
import type { AttemptRecord, IssueInput, IssueRef, RunRecord, Snapshot } from '../../core/types.js';

export const REPO = 'octo/repo';

type IssueOverrides = Partial<Omit<IssueInput, 'blockedBy' | 'subIssues' | 'parent'>> & {
  blockedBy?: Array<number | IssueRef>;
  subIssues?: number[];
  parent?: number | IssueRef | null;
};

export function ref(number: number, overrides: Partial<IssueRef> = {}): IssueRef {
  return { number, repo: REPO, state: 'open', stateReason: null, ...overrides };
}

/** An open `drover` task created `number` minutes into 2026, unless told otherwise. */
export function issue(number: number, overrides: IssueOverrides = {}): IssueInput {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + number * 60_000).toISOString();
  const { blockedBy = [], subIssues = [], parent = null, ...rest } = overrides;
  return {
    number,
    repo: REPO,
    title: `Task ${number}`,
    body: '',
    state: 'open',
    stateReason: null,
    labels: ['drover'],
    author: 'alice',
    createdAt,
    updatedAt: createdAt,
    ...rest,
    blockedBy: blockedBy.map((blocker) => (typeof blocker === 'number' ? ref(blocker) : blocker)),
    subIssues: subIssues.map((child) => ref(child)),
    parent: parent === null ? null : typeof parent === 'number' ? ref(parent) : parent,
  };
}

export function closed(
  number: number,
  reason: 'completed' | 'not_planned' = 'completed',
  overrides: IssueOverrides = {},
): IssueInput {
  return issue(number, { state: 'closed', stateReason: reason, ...overrides });
}

export function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    epic: null,
    workers: 3,
    budgetUsd: null,
    paused: false,
    cancelled: false,
    startedBy: 'alice',
    startedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: 1,
    runId: 100,
    dispatchedAt: '2026-01-02T00:00:00.000Z',
    nextRetryAt: null,
    lastOutcome: 'failed',
    reason: 'verify failed',
    durationsMs: [],
    costUsd: 0,
    wipBranch: null,
    ...overrides,
  };
}

export function snapshot(issues: IssueInput[], overrides: Partial<Snapshot> = {}): Snapshot {
  return { repo: REPO, issues, referenced: [], attempts: {}, inFlight: [], run: run(), ...overrides };
}
