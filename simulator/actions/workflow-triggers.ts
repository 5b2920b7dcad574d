/**
 * A workflow's `on:` for the events the local runner reacts to: `push` (branch and tag filters),
 * `pull_request` (activity types and base-branch filters), the events that run the default
 * branch's workflow (`issues`, `issue_comment`, `check_suite`, `workflow_run`: activity types,
 * and for `workflow_run` the `workflows` it follows) and `schedule`. `paths` filters and
 * `workflow_run` branch filters are not evaluated: a workflow with them runs as if they matched.
 * https://docs.github.com/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows
 */
import { matchesPatterns } from './filter-pattern.js';

export interface PushTrigger {
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  tagsIgnore?: string[];
}

export interface PullRequestTrigger {
  types: string[];
  branches?: string[];
  branchesIgnore?: string[];
}

/** An event that runs the workflow file of the default branch's last commit. */
export interface ActivityTrigger {
  /** null: every activity type ("By default, all activity types trigger workflows"). */
  types: string[] | null;
  /** `workflow_run`: the names of the workflows whose runs trigger this one. */
  workflows: string[];
}

/**
 * The events whose runs use "Last commit on default branch" as GITHUB_SHA and the default branch
 * as GITHUB_REF (events-that-trigger-workflows, each event's table).
 */
export const DEFAULT_BRANCH_EVENTS = ['issues', 'issue_comment', 'check_suite', 'workflow_run'] as const;
export type DefaultBranchEvent = (typeof DEFAULT_BRANCH_EVENTS)[number];

export interface WorkflowTriggers {
  push: PushTrigger | null;
  pullRequest: PullRequestTrigger | null;
  activity: Partial<Record<DefaultBranchEvent, ActivityTrigger>>;
  /** The `cron` strings of `on.schedule` (empty: no schedule). */
  schedule: string[];
}

/** "By default, a workflow only runs when a pull_request event's activity type is opened, synchronize, or reopened." */
const DEFAULT_PULL_REQUEST_TYPES = ['opened', 'synchronize', 'reopened'];

type YamlMap = Record<string, unknown>;
const isMap = (value: unknown): value is YamlMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The events `on:` names: a string, a list, or a map. */
function eventConfig(on: unknown, event: string): YamlMap | null | undefined {
  if (on === event) return null;
  if (Array.isArray(on)) return on.includes(event) ? null : undefined;
  if (!isMap(on) || !(event in on)) return undefined;
  const config = on[event];
  return isMap(config) ? config : null;
}

function readActivity(on: unknown): WorkflowTriggers['activity'] {
  const activity: WorkflowTriggers['activity'] = {};
  for (const event of DEFAULT_BRANCH_EVENTS) {
    const config = eventConfig(on, event);
    if (config === undefined) continue;
    activity[event] = { types: list(config?.types) ?? null, workflows: list(config?.workflows) ?? [] };
  }
  return activity;
}

function readSchedule(on: unknown): string[] {
  if (!isMap(on) || !Array.isArray(on.schedule)) return [];
  return on.schedule.flatMap((entry) => (isMap(entry) && typeof entry.cron === 'string' ? [entry.cron] : []));
}

export function readTriggers(on: unknown): WorkflowTriggers {
  const push = eventConfig(on, 'push');
  const pullRequest = eventConfig(on, 'pull_request');
  return {
    activity: readActivity(on),
    schedule: readSchedule(on),
    push:
      push === undefined
        ? null
        : {
            branches: list(push?.branches),
            branchesIgnore: list(push?.['branches-ignore']),
            tags: list(push?.tags),
            tagsIgnore: list(push?.['tags-ignore']),
          },
    pullRequest:
      pullRequest === undefined
        ? null
        : {
            types: list(pullRequest?.types) ?? DEFAULT_PULL_REQUEST_TYPES,
            branches: list(pullRequest?.branches),
            branchesIgnore: list(pullRequest?.['branches-ignore']),
          },
  };
}

/**
 * Whether a push to `ref` runs the workflow. With only branch filters, tag pushes do not run it
 * (and the other way round); with no filter, every push does.
 */
export function pushRuns(trigger: PushTrigger, ref: string): boolean {
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : null;
  const branchFilter = trigger.branches ?? trigger.branchesIgnore;
  const tagFilter = trigger.tags ?? trigger.tagsIgnore;
  if (branchFilter === undefined && tagFilter === undefined) return branch !== null || tag !== null;
  if (branch !== null) {
    if (trigger.branches) return matchesPatterns(branch, trigger.branches);
    if (trigger.branchesIgnore) return !matchesPatterns(branch, trigger.branchesIgnore);
    return false;
  }
  if (tag !== null) {
    if (trigger.tags) return matchesPatterns(tag, trigger.tags);
    if (trigger.tagsIgnore) return !matchesPatterns(tag, trigger.tagsIgnore);
    return false;
  }
  return false;
}

/** Whether a `pull_request` event of `action` into `baseBranch` runs the workflow. */
export function pullRequestRuns(trigger: PullRequestTrigger, action: string, baseBranch: string): boolean {
  if (!trigger.types.includes(action)) return false;
  if (trigger.branches) return matchesPatterns(baseBranch, trigger.branches);
  if (trigger.branchesIgnore) return !matchesPatterns(baseBranch, trigger.branchesIgnore);
  return true;
}

/**
 * Whether an event of a default-branch kind with activity `action` runs the workflow; for
 * `workflow_run`, only runs of the workflows it names do ("workflows: [Run Tests]").
 */
export function activityRuns(trigger: ActivityTrigger, action: string, workflowName: string | null): boolean {
  if (trigger.types !== null && !trigger.types.includes(action)) return false;
  if (workflowName !== null) return trigger.workflows.includes(workflowName);
  return true;
}
