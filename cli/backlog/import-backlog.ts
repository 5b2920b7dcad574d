/**
 * Writes a validated backlog to a repository, idempotently: issues already carrying a line's
 * import marker are reused, and only the missing labels, issues, sub-issue links and "blocked
 * by" links are created. Stories become parent issues with their tasks as sub-issues (in file
 * order); epics become `epic:<id>` labels; every story and task gets the `drover` label.
 */
import type { GitHubClient } from '../github-client.js';
import { ensureLabels } from '../ensure-labels.js';
import {
  epicLabel,
  epicLabelName,
  priorityLabel,
  priorityLabelName,
  STATE_LABELS,
  type LabelSpec,
} from '../labels.js';
import { listDroverIssues } from '../list-drover-issues.js';
import type { RepoRef } from '../repo-ref.js';
import type { Backlog, Located } from './parse-backlog.js';
import type { WorkLine } from './backlog-line.js';
import { readImportMarker, withImportMarker } from './import-marker.js';

export interface ImportSummary {
  labelsCreated: string[];
  issuesCreated: number;
  issuesExisting: number;
  subIssuesLinked: number;
  dependenciesLinked: number;
  /** Backlog id → issue number, for every story and task. */
  numbers: Record<string, number>;
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
}

export async function importBacklog(
  client: GitHubClient,
  repo: RepoRef,
  backlog: Backlog,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const work: Located<WorkLine>[] = [...backlog.stories, ...backlog.tasks].sort((a, b) => a.line - b.line);
  const labelsCreated = await ensureLabels(client, repo, labelsNeeded(backlog));
  const handles = await findImported(client, repo);

  const toCreate = work.filter(({ item }) => !handles.has(item.id));
  const links = linksOf(backlog);
  const total = toCreate.length + links.subIssues.length + links.dependencies.length;
  let done = 0;
  const step = () => options.onProgress?.(++done, total);
  options.onProgress?.(0, total);

  const epicOf = epicResolver(backlog);
  for (const { item } of toCreate) {
    handles.set(item.id, await createIssue(client, repo, item, epicOf(item)));
    step();
  }

  let subIssuesLinked = 0;
  for (const [storyId, taskIds] of groupByParent(links.subIssues)) {
    const story = mustHandle(handles, storyId);
    const present = story.existed
      ? await listIds(client.rest.issues.listSubIssues, client, repo, story.number)
      : new Set<number>();
    for (const taskId of taskIds) {
      const task = mustHandle(handles, taskId);
      if (!present.has(task.id)) {
        await client.rest.issues.addSubIssue({ ...repo, issue_number: story.number, sub_issue_id: task.id });
        subIssuesLinked++;
      }
      step();
    }
  }

  let dependenciesLinked = 0;
  for (const [blockedId, blockerIds] of groupByParent(links.dependencies)) {
    const blocked = mustHandle(handles, blockedId);
    const present = blocked.existed
      ? await listIds(client.rest.issues.listDependenciesBlockedBy, client, repo, blocked.number)
      : new Set<number>();
    for (const blockerId of blockerIds) {
      const blocker = mustHandle(handles, blockerId);
      if (!present.has(blocker.id)) {
        await client.rest.issues.addBlockedByDependency({
          ...repo,
          issue_number: blocked.number,
          issue_id: blocker.id,
        });
        dependenciesLinked++;
      }
      step();
    }
  }

  const numbers = Object.fromEntries(work.map(({ item }) => [item.id, mustHandle(handles, item.id).number]));
  return {
    labelsCreated,
    issuesCreated: toCreate.length,
    issuesExisting: work.length - toCreate.length,
    subIssuesLinked,
    dependenciesLinked,
    numbers,
  };
}

function labelsNeeded(backlog: Backlog): LabelSpec[] {
  const labels: LabelSpec[] = [STATE_LABELS[0] as LabelSpec];
  for (const { item } of backlog.epics) labels.push(epicLabel(item.id, item.title));
  const priorities = new Set([...backlog.stories, ...backlog.tasks].map(({ item }) => item.priority));
  for (const priority of priorities) if (priority !== undefined) labels.push(priorityLabel(priority));
  return labels;
}

async function findImported(client: GitHubClient, repo: RepoRef): Promise<Map<string, IssueHandle>> {
  const handles = new Map<string, IssueHandle>();
  for (const issue of await listDroverIssues(client, repo)) {
    const marker = readImportMarker(issue.body);
    if (marker && !handles.has(marker.id))
      handles.set(marker.id, { number: issue.number, id: issue.id, existed: true });
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
  client: GitHubClient,
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
  return { number: data.number, id: data.id, existed: false };
}

interface Links {
  /** [story id, task id] in file order. */
  subIssues: Array<[string, string]>;
  /** [blocked id, blocker id]. */
  dependencies: Array<[string, string]>;
}

function linksOf(backlog: Backlog): Links {
  const work = [...backlog.stories, ...backlog.tasks].sort((a, b) => a.line - b.line);
  return {
    subIssues: backlog.tasks.flatMap(({ item }) =>
      item.story_id ? [[item.story_id, item.id] as [string, string]] : [],
    ),
    dependencies: work.flatMap(({ item }) =>
      item.blocked_by.map((blocker) => [item.id, blocker] as [string, string]),
    ),
  };
}

function groupByParent(pairs: Array<[string, string]>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [parent, child] of pairs) groups.set(parent, [...(groups.get(parent) ?? []), child]);
  return groups;
}

function mustHandle(handles: Map<string, IssueHandle>, id: string): IssueHandle {
  const handle = handles.get(id);
  // parseBacklog checked every reference, so a miss here is a bug, not bad input.
  if (!handle) throw new Error(`internal: no issue for backlog id "${id}"`);
  return handle;
}

type IssueListMethod =
  | GitHubClient['rest']['issues']['listSubIssues']
  | GitHubClient['rest']['issues']['listDependenciesBlockedBy'];

async function listIds(
  method: IssueListMethod,
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<Set<number>> {
  const issues = await client.paginate(method, { ...repo, issue_number: issueNumber, per_page: 100 });
  return new Set(issues.map((issue) => issue.id));
}
