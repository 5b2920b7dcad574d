/**
 * Builders for the core's shapes: a RepoState and its parts (the planner's input), the scheduler's
 * Snapshot, Task and Plan (what the status renderers read), with every default a test does not
 * care about. One set of builders for every test of the core's shapes.
 */
import type { Attempt, AttemptResult, AttemptRun } from '../../core/attempt-history.js';
import { defaultConfig, type DroverConfig } from '../../core/config.js';
import { emptyControlRecord, type ControlRecord } from '../../core/control-record.js';
import type { TaskPullRequest } from '../../core/pull-request-state.js';
import type { CheckedPatch, RepoState } from '../../core/repo-state.js';
import { EMPTY_RECORD } from '../../core/plan/schedule-input.js';
import type { AttemptRecord, IssueInput, Plan, RunRecord, Snapshot, Task } from '../../core/types.js';

export const REPO = 'acme/widgets';
export const MAIN_SHA = 'a'.repeat(40);
export const T0 = '2026-11-01T10:00:00.000Z';

export function anIssue(number: number, overrides: Partial<IssueInput> = {}): IssueInput {
  return {
    number,
    repo: REPO,
    nodeId: `I_${number}`,
    title: `Task ${number}`,
    body: '',
    state: 'open',
    stateReason: null,
    labels: ['drover'],
    blockedBy: [],
    parent: null,
    subIssues: [],
    author: 'alice',
    createdAt: new Date(Date.parse(T0) + number * 1000).toISOString(),
    updatedAt: T0,
    ...overrides,
  };
}

export function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    epic: null,
    workers: 2,
    budgetUsd: null,
    paused: false,
    cancelled: false,
    startedBy: 'alice',
    startedAt: T0,
    ...overrides,
  };
}

export function aRunState(overrides: Partial<AttemptRun> = {}): AttemptRun {
  return {
    id: 1000,
    status: 'completed',
    conclusion: 'success',
    createdAt: T0,
    updatedAt: T0,
    url: 'https://github.com/acme/widgets/actions/runs/1000',
    started: true,
    ...overrides,
  };
}

export function aResult(overrides: Partial<AttemptResult> = {}): AttemptResult {
  return {
    status: 'success',
    reason: null,
    summary: 'did it',
    costUsd: 0.5,
    durationMs: 60_000,
    partial: false,
    ...overrides,
  };
}

export function anAttempt(number: number, overrides: Partial<Attempt> = {}): Attempt {
  return {
    number,
    kind: 'implement',
    slot: 1,
    pinnedSha: MAIN_SHA,
    claimedAt: T0,
    run: aRunState({ id: 1000 + number }),
    result: aResult(),
    pullRequest: null,
    publishedSha: null,
    ...overrides,
  };
}

export function aPullRequest(number: number, overrides: Partial<TaskPullRequest> = {}): TaskPullRequest {
  return {
    number,
    nodeId: `PR_${number}`,
    url: `https://github.com/acme/widgets/pull/${number}`,
    state: 'open',
    headRef: 'drover/1/attempt-1',
    headSha: 'b'.repeat(40),
    baseRef: 'main',
    mergeState: 'clean',
    checks: 'success',
    autoMergeEnabled: false,
    reviewDecision: null,
    holdReason: null,
    ...overrides,
  };
}

export function aPatch(overrides: Partial<CheckedPatch> = {}): CheckedPatch {
  return {
    commits: [
      {
        message: 'Task 1\n\nDrover-Attempt: 1/1',
        files: [{ path: 'a.txt', mode: '100644', contentBase64: 'YQo=' }],
      },
    ],
    holdReasons: [],
    pullRequest: { title: 'Task 1', body: 'Closes #1' },
    ...overrides,
  };
}

export interface StateInput extends Partial<Omit<RepoState, 'attempts' | 'pulls' | 'patches' | 'control'>> {
  attempts?: Record<number, Attempt[]>;
  pulls?: Record<number, TaskPullRequest[]>;
  patches?: Record<string, CheckedPatch>;
  run?: RunRecord | null;
  control?: Partial<ControlRecord>;
  configOverrides?: Partial<DroverConfig>;
}

export function aState(input: StateInput = {}): RepoState {
  const { attempts, pulls, patches, run, control, configOverrides, ...rest } = input;
  const record: ControlRecord = {
    ...emptyControlRecord(),
    run: run === undefined ? aRun() : run,
    dashboard: { issue: 99, statusComment: 500 },
    ...control,
  };
  return {
    repo: REPO,
    webUrl: 'https://github.com',
    defaultBranch: { name: 'main', sha: MAIN_SHA },
    config: { ...defaultConfig(), ...configOverrides },
    configProblems: [],
    control: record,
    issues: [],
    referenced: [],
    attempts: new Map(Object.entries(attempts ?? {}).map(([task, list]) => [Number(task), list])),
    pulls: new Map(Object.entries(pulls ?? {}).map(([task, list]) => [Number(task), list])),
    branchHeads: new Map(),
    patches: new Map(Object.entries(patches ?? {})),
    notes: new Map(),
    status: { commentId: 500, body: null, signature: null, writtenAt: null },
    autoMergeAllowed: true,
    deletesMergedBranches: true,
    unknownTasks: new Set(),
    project: null,
    ...rest,
  };
}

export function aConfig(overrides: Partial<DroverConfig> = {}): DroverConfig {
  return { ...defaultConfig(), ...overrides };
}

/** A task as the scheduler's model holds it. */
export function aTask(number: number, overrides: Partial<Task> = {}): Task {
  return {
    number,
    title: `Task ${number}`,
    epic: null,
    priority: 5,
    dependsOn: [],
    children: [],
    parent: null,
    status: 'todo',
    estimate: 1,
    createdAt: T0,
    author: 'alice',
    ...overrides,
  };
}

/** A task's attempts as the scheduler's Snapshot summarises them. */
export function anAttemptRecord(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return { ...EMPTY_RECORD, durationsMs: [], ...overrides };
}

export function aPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    dispatch: [],
    fail: [],
    readyOrder: [],
    waiting: [],
    problems: [],
    criticalPath: [],
    nextWakeAt: null,
    ...overrides,
  };
}

export function aSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return { repo: REPO, issues: [], referenced: [], attempts: {}, inFlight: [], run: null, ...overrides };
}
