/**
 * What a backlog would become, before (or just after) it is imported: the issues it creates, as
 * the app would load them, put through the core's task model and planner, so the preview shows
 * the same tree, order, critical path and ETA as `drover status --tree` and `drover plan` will.
 * Before an import the issues have no numbers: they get provisional ones, in file order, and are
 * named by their backlog ids; after it, by their issue numbers. Pure.
 */
import type { DroverConfig } from '../../core/config.js';
import { plan as planTasks } from '../../core/plan.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { IssueInput, IssueRef, RunRecord, Snapshot } from '../../core/types.js';
import { blockedByMissingLabelName, epicLabelName, priorityLabelName } from '../labels.js';
import { renderPlan } from '../render-plan.js';
import { renderStatus } from '../render-status.js';
import type { TaskState } from '../task-state.js';
import type { WorkLine } from './backlog-line.js';
import type { Backlog, Located } from './parse-backlog.js';

export interface PreviewOptions {
  config: DroverConfig;
  repo: string;
  now: Date;
  /** Issue numbers after an import (backlog id → number); without them, ids name the tasks. */
  numbers?: Record<string, number>;
  /** How a title is shown (a terminal's or a comment's own escaping). */
  title?: (text: string) => string;
}

export interface BacklogPreview {
  state: TaskState;
  /** Task number → how it is named (`T1` before an import, `#12` after). */
  names: Map<number, string>;
  /** The tasks grouped by epic, sub-issues under their story. */
  tree: string;
  /** Ready order, what waits, the critical path and the ETA. */
  plan: string;
}

export function previewBacklog(backlog: Backlog, options: PreviewOptions): BacklogPreview {
  const work = [...backlog.stories, ...backlog.tasks].sort((a, b) => a.line - b.line);
  const numberOf = numbering(work, options.numbers);
  const names = new Map<number, string>(
    work.map(({ item }) => [numberOf(item.id) ?? 0, options.numbers ? `#${numberOf(item.id)}` : item.id]),
  );
  const issues = work.map(({ item }) => toIssue(item, work, numberOf, options));
  const run: RunRecord = {
    id: 'spec-preview',
    epic: null,
    workers: options.config.workers,
    budgetUsd: options.config.budget_usd,
    paused: false,
    cancelled: false,
    startedBy: 'drover-spec',
    startedAt: options.now.toISOString(),
  };
  const snapshot: Snapshot = { repo: options.repo, issues, referenced: [], attempts: {}, inFlight: [], run };
  const state: TaskState = {
    config: options.config,
    snapshot,
    model: buildTaskModel(snapshot, options.config),
    plan: planTasks(snapshot, options.config, options.now),
    run,
    preview: true,
    now: options.now,
  };
  const name = (number: number) => names.get(number) ?? `#${number}`;
  const tree = renderStatus({ repo: options.repo, state, closed: [], tree: true, name });
  return { state, names, tree, plan: renderPlan(options.repo, state, name) };
}

function numbering(
  work: Located<WorkLine>[],
  numbers?: Record<string, number>,
): (id: string) => number | undefined {
  if (numbers) return (id) => numbers[id];
  const provisional = new Map(work.map(({ item }, index) => [item.id, index + 1]));
  return (id) => provisional.get(id);
}

function toIssue(
  item: WorkLine,
  work: Located<WorkLine>[],
  numberOf: (id: string) => number | undefined,
  options: PreviewOptions,
): IssueInput {
  const byId = new Map(work.map(({ item: line }) => [line.id, line]));
  const number = numberOf(item.id) ?? 0;
  const ref = (line: WorkLine): IssueRef => ({
    number: numberOf(line.id) ?? 0,
    repo: options.repo,
    title: line.title,
    state: line.state === 'closed' ? 'closed' : 'open',
    stateReason: line.state === 'closed' ? 'completed' : null,
  });
  const story = item.type === 'task' && item.story_id ? byId.get(item.story_id) : undefined;
  const epic = item.epic_id ?? story?.epic_id;
  const labels = [options.config.labels.task];
  if (epic !== undefined) labels.push(epicLabelName(epic));
  if (item.priority !== undefined) labels.push(priorityLabelName(item.priority));
  const blockers: IssueRef[] = [];
  for (const blocker of new Set(item.blocked_by)) {
    const line = byId.get(blocker);
    if (blocker === item.id) labels.push(`blocked-by:#${number}`);
    else if (line === undefined) labels.push(blockedByMissingLabelName(blocker));
    else blockers.push(ref(line));
  }
  const children =
    item.type === 'story'
      ? work.filter(({ item: line }) => line.type === 'task' && line.story_id === item.id)
      : [];
  return {
    number,
    repo: options.repo,
    title: options.title ? options.title(item.title) : item.title,
    body: item.description ?? '',
    state: item.state === 'closed' ? 'closed' : 'open',
    stateReason: item.state === 'closed' ? 'completed' : null,
    labels,
    blockedBy: blockers,
    parent: story === undefined ? null : ref(story),
    subIssues: children.map(({ item: child }) => ref(child)),
    author: 'drover-spec',
    createdAt: options.now.toISOString(),
    updatedAt: options.now.toISOString(),
  };
}
