/**
 * Writes a validated backlog to a repository, idempotently: issues already carrying a line's
 * import marker are reused, and only the missing labels, issues, sub-issue links and "blocked
 * by" links are created. Stories become parent issues with their tasks as sub-issues (in file
 * order); epics become `epic:<id>` labels; every story and task gets the `drover` label.
 *
 * Every `blocked_by` is recorded, including those the planner cannot satisfy, so the app can
 * report them on the issues themselves: a blocker between two lines is a native link (a cycle
 * too); a blocker that is no line's id is a `blocked-by:<id>` label; a task blocked by itself,
 * or a link GitHub refuses, is a `blocked-by:#N` label.
 */
import { ensureLabels } from '../ensure-labels.js';
import { httpStatus, type GitHubClient, type RestClient } from '../github-client.js';
import {
  blockedByMissingLabel,
  blockedByNumberLabel,
  epicLabel,
  epicLabelName,
  priorityLabel,
  priorityLabelName,
  STATE_LABELS,
  type LabelSpec,
} from '../labels.js';
import { labelNames, listDroverIssues } from '../list-drover-issues.js';
import type { RepoRef } from '../repo-ref.js';
import type { WorkLine } from './backlog-line.js';
import { readImportMarker, withImportMarker } from './import-marker.js';
import type { Backlog, Located } from './parse-backlog.js';

export interface ImportSummary {
  labelsCreated: string[];
  issuesCreated: number;
  issuesExisting: number;
  subIssuesLinked: number;
  dependenciesLinked: number;
  /** `blocked-by:` labels added to issues (missing ids, self-blocks, links GitHub refused). */
  dependencyLabelsAdded: number;
  /** Backlog id → issue number, for every story and task. */
  numbers: Record<string, number>;
  /** What GitHub did not take as asked, and how it was recorded instead. */
  warnings: string[];
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
}

interface IssueHandle {
  number: number;
  /** REST `id`: what the sub-issue and dependency endpoints take. */
  id: number;
  /** False when this import created it: it has no links yet, so there is nothing to list. */
  existed: boolean;
  /** Its labels, lower-cased, as far as this import knows them. */
  labels: Set<string>;
}

interface Run {
  client: RestClient;
  repo: RepoRef;
  handles: Map<string, IssueHandle>;
  /** Labels known to exist in the repository (lower-cased). */
  labelsReady: Set<string>;
  summary: ImportSummary;
  step: () => void;
}

export async function importBacklog(
  client: RestClient,
  repo: RepoRef,
  backlog: Backlog,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const work: Located<WorkLine>[] = [...backlog.stories, ...backlog.tasks].sort((a, b) => a.line - b.line);
  const needed = labelsNeeded(backlog);
  const labelsCreated = await ensureLabels(client, repo, needed);
  const handles = await findImported(client, repo);
  const toCreate = work.filter(({ item }) => !handles.has(item.id));
  const links = linksOf(backlog);
  const total = toCreate.length + links.subIssues.length + links.dependencies.length + links.labelled.length;
  let done = 0;
  options.onProgress?.(0, total);
  const summary: ImportSummary = {
    labelsCreated,
    issuesCreated: toCreate.length,
    issuesExisting: work.length - toCreate.length,
    subIssuesLinked: 0,
    dependenciesLinked: 0,
    dependencyLabelsAdded: 0,
    numbers: {},
    warnings: [],
  };
  const run: Run = {
    client,
    repo,
    handles,
    labelsReady: new Set(needed.map((label) => label.name.toLowerCase())),
    summary,
    step: () => options.onProgress?.(++done, total),
  };

  const epicOf = epicResolver(backlog);
  for (const { item } of toCreate) {
    handles.set(item.id, await createIssue(client, repo, item, epicOf(item)));
    run.step();
  }
  await linkSubIssues(run, links.subIssues);
  await linkDependencies(run, links.dependencies);
  await labelDependencies(run, links.labelled);
  summary.numbers = Object.fromEntries(
    work.map(({ item }) => [item.id, mustHandle(handles, item.id).number]),
  );
  return summary;
}

async function linkSubIssues(run: Run, pairs: Array<[string, string]>): Promise<void> {
  const { client, repo, handles } = run;
  for (const [storyId, taskIds] of groupByParent(pairs)) {
    const story = mustHandle(handles, storyId);
    const present = story.existed
      ? await listIds(client.rest.issues.listSubIssues, client, repo, story.number)
      : new Set<number>();
    for (const taskId of taskIds) {
      const task = mustHandle(handles, taskId);
      if (!present.has(task.id)) {
        await client.rest.issues.addSubIssue({ ...repo, issue_number: story.number, sub_issue_id: task.id });
        run.summary.subIssuesLinked++;
      }
      run.step();
    }
  }
}

async function linkDependencies(run: Run, pairs: Array<[string, string]>): Promise<void> {
  const { client, repo, handles } = run;
  for (const [blockedId, blockerIds] of groupByParent(pairs)) {
    const blocked = mustHandle(handles, blockedId);
    const present = blocked.existed
      ? await listIds(client.rest.issues.listDependenciesBlockedBy, client, repo, blocked.number)
      : new Set<number>();
    for (const blockerId of blockerIds) {
      const blocker = mustHandle(handles, blockerId);
      if (!present.has(blocker.id)) await addBlockedBy(run, blocked, blocker);
      run.step();
    }
  }
}

/** A native link; when GitHub refuses it (422), the same dependency as a `blocked-by:#N` label. */
async function addBlockedBy(run: Run, blocked: IssueHandle, blocker: IssueHandle): Promise<void> {
  const { client, repo } = run;
  try {
    await client.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: blocked.number,
      issue_id: blocker.id,
    });
    run.summary.dependenciesLinked++;
  } catch (error) {
    if (httpStatus(error) !== 422) throw error;
    const label = blockedByNumberLabel(blocker.number);
    await addLabel(run, blocked, label);
    run.summary.warnings.push(
      `GitHub refused the link "#${blocked.number} blocked by #${blocker.number}" (${refusal(error)}): recorded as the label ${label.name} instead`,
    );
  }
}

async function labelDependencies(run: Run, pairs: Array<[string, string]>): Promise<void> {
  for (const [blockedId, blockerId] of pairs) {
    const blocked = mustHandle(run.handles, blockedId);
    const label =
      blockerId === blockedId ? blockedByNumberLabel(blocked.number) : blockedByMissingLabel(blockerId);
    await addLabel(run, blocked, label);
    run.step();
  }
}

async function addLabel(run: Run, issue: IssueHandle, label: LabelSpec): Promise<void> {
  if (issue.labels.has(label.name.toLowerCase())) return;
  const { client, repo } = run;
  if (!run.labelsReady.has(label.name.toLowerCase())) {
    run.summary.labelsCreated.push(...(await ensureLabels(client, repo, [label])));
    run.labelsReady.add(label.name.toLowerCase());
  }
  await client.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: [label.name] });
  issue.labels.add(label.name.toLowerCase());
  run.summary.dependencyLabelsAdded++;
}

/** GitHub's message and its validation messages, e.g. "Validation Failed: would create a cycle". */
function refusal(error: unknown): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  if (typeof data !== 'object' || data === null) return '422';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.map((entry: unknown) => (entry as { message?: unknown } | null)?.message)
    : [];
  const texts = [message, ...details].filter(
    (text): text is string => typeof text === 'string' && text !== '',
  );
  return texts.length > 0 ? texts.join(': ') : '422';
}

function labelsNeeded(backlog: Backlog): LabelSpec[] {
  const labels: LabelSpec[] = [STATE_LABELS[0] as LabelSpec];
  for (const { item } of backlog.epics) labels.push(epicLabel(item.id, item.title));
  const work = [...backlog.stories, ...backlog.tasks];
  const priorities = new Set(work.map(({ item }) => item.priority));
  for (const priority of priorities) if (priority !== undefined) labels.push(priorityLabel(priority));
  const ids = new Set(work.map(({ item }) => item.id));
  const missing = new Set(work.flatMap(({ item }) => item.blocked_by.filter((blocker) => !ids.has(blocker))));
  for (const id of missing) labels.push(blockedByMissingLabel(id));
  return labels;
}

async function findImported(client: RestClient, repo: RepoRef): Promise<Map<string, IssueHandle>> {
  const handles = new Map<string, IssueHandle>();
  for (const issue of await listDroverIssues(client, repo)) {
    const marker = readImportMarker(issue.body);
    if (marker && !handles.has(marker.id))
      handles.set(marker.id, {
        number: issue.number,
        id: issue.id,
        existed: true,
        labels: new Set(labelNames(issue).map((name) => name.toLowerCase())),
      });
  }
  return handles;
}

/** A task without its own epic_id inherits its story's. */
function epicResolver(backlog: Backlog): (item: WorkLine) => string | undefined {
  const storyEpic = new Map(backlog.stories.map(({ item }) => [item.id, item.epic_id]));
  return (item) =>
    item.epic_id ?? (item.type === 'task' && item.story_id ? storyEpic.get(item.story_id) : undefined);
}

async function createIssue(
  client: RestClient,
  repo: RepoRef,
  item: WorkLine,
  epic: string | undefined,
): Promise<IssueHandle> {
  const labels = ['drover'];
  if (epic !== undefined) labels.push(epicLabelName(epic));
  if (item.priority !== undefined) labels.push(priorityLabelName(item.priority));
  const { data } = await client.rest.issues.create({
    ...repo,
    title: item.title,
    body: withImportMarker(item.description, item.id),
    labels,
  });
  if (item.state === 'closed') {
    await client.rest.issues.update({
      ...repo,
      issue_number: data.number,
      state: 'closed',
      state_reason: 'completed',
    });
  }
  return {
    number: data.number,
    id: data.id,
    existed: false,
    labels: new Set(labels.map((name) => name.toLowerCase())),
  };
}

interface Links {
  /** [story id, task id] in file order. */
  subIssues: Array<[string, string]>;
  /** [blocked id, blocker id] between two lines: native links. */
  dependencies: Array<[string, string]>;
  /** [blocked id, blocker id] kept as labels: a blocker that is no line's id, or the task itself. */
  labelled: Array<[string, string]>;
}

function linksOf(backlog: Backlog): Links {
  const work = [...backlog.stories, ...backlog.tasks].sort((a, b) => a.line - b.line);
  const ids = new Set(work.map(({ item }) => item.id));
  const pairs = work.flatMap(({ item }) =>
    [...new Set(item.blocked_by)].map((blocker) => [item.id, blocker] as [string, string]),
  );
  return {
    subIssues: backlog.tasks.flatMap(({ item }) =>
      item.story_id ? [[item.story_id, item.id] as [string, string]] : [],
    ),
    dependencies: pairs.filter(([blocked, blocker]) => blocked !== blocker && ids.has(blocker)),
    labelled: pairs.filter(([blocked, blocker]) => blocked === blocker || !ids.has(blocker)),
  };
}

function groupByParent(pairs: Array<[string, string]>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [parent, child] of pairs) groups.set(parent, [...(groups.get(parent) ?? []), child]);
  return groups;
}

function mustHandle(handles: Map<string, IssueHandle>, id: string): IssueHandle {
  const handle = handles.get(id);
  // parseBacklog checked every reference, and missing blockers are labels, so a miss here is a bug.
  if (!handle) throw new Error(`internal: no issue for backlog id "${id}"`);
  return handle;
}

type IssueListMethod =
  | GitHubClient['rest']['issues']['listSubIssues']
  | GitHubClient['rest']['issues']['listDependenciesBlockedBy'];

async function listIds(
  method: IssueListMethod,
  client: RestClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<Set<number>> {
  const issues = await client.paginate(method, { ...repo, issue_number: issueNumber, per_page: 100 });
  return new Set(issues.map((issue) => issue.id));
}
