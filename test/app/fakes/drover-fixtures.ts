/** Builders for the core's shapes, with defaults a test overrides only where it matters. */
import { defaultConfig, type DroverConfig } from '../../../core/config.js';
import type { AttemptRecord, IssueInput, Plan, RunRecord, Snapshot, Task } from '../../../core/types.js';

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
    createdAt: '2026-11-01T00:00:00Z',
    author: 'alice',
    ...overrides,
  };
}

export function anIssue(number: number, overrides: Partial<IssueInput> = {}): IssueInput {
  return {
    number,
    repo: 'octo/repo',
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
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

export function anAttempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: 0,
    runId: null,
    dispatchedAt: null,
    nextRetryAt: null,
    lastOutcome: null,
    reason: null,
    durationsMs: [],
    costUsd: 0,
    wipBranch: null,
    ...overrides,
  };
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

export function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    epic: null,
    workers: 2,
    budgetUsd: null,
    paused: false,
    cancelled: false,
    startedBy: 'alice',
    startedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

export function aSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    repo: 'octo/repo',
    issues: [],
    referenced: [],
    attempts: {},
    inFlight: [],
    run: null,
    ...overrides,
  };
}

export function aConfig(overrides: Partial<DroverConfig> = {}): DroverConfig {
  return { ...defaultConfig(), ...overrides };
}
