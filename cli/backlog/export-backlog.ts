/**
 * The inverse of the import: reads the repository's `drover` issues back into backlog lines.
 * Ids come from import markers (`issue-<number>` for issues created by hand), epics from
 * `epic:<id>` labels (title from the label description), priorities from `priority:` labels,
 * stories from sub-issue lists, and blockers from every place a dependency can be set: GitHub's
 * native "blocked by" links, `blocked-by:#N` labels, and `blocked-by:<id>` labels (an id the
 * import could not resolve). What the format cannot express is a warning, never a silent drop.
 *
 * `blocked_by` is written in a fixed order (native links as GitHub lists them, then
 * `blocked-by:#N` labels, then `blocked-by:<id>` labels), which is the order an import of the
 * file recreates them in, so export → import → export gives the same file.
 */
import type { GitHubClient } from '../github-client.js';
import { NAMED_PRIORITIES, type NamedPriority } from '../labels.js';
import { labelNames, listDroverIssues, type RestIssue } from '../list-drover-issues.js';
import type { RepoRef } from '../repo-ref.js';
import type { BacklogRecord } from './backlog-line.js';
import { readImportMarker } from './import-marker.js';

export interface ExportResult {
  records: BacklogRecord[];
  /** Things that could not be expressed in the format (e.g. a blocker that is not a drover issue). */
  warnings: string[];
}

/** Just what export reads of a linked issue (a sub-issue or a blocker). */
interface LinkedIssue {
  number: number;
  repository_url: string;
}

interface Graph {
  idOf: Map<number, string>;
  parentOf: Map<number, number>;
  nativeBlockers: Map<number, LinkedIssue[]>;
}

export async function exportBacklog(client: GitHubClient, repo: RepoRef): Promise<ExportResult> {
  const issues = await listDroverIssues(client, repo);
  const warnings: string[] = [];
  const graph = await readGraph(client, repo, issues, warnings);
  const stories = new Set(graph.parentOf.values());
  const epicOfIssue = new Map(issues.map((issue) => [issue.number, epicOf(issue, warnings)]));
  const workRecords = issues.map((issue) => {
    const record: Record<string, unknown> = {
      id: graph.idOf.get(issue.number),
      type: stories.has(issue.number) ? 'story' : 'task',
    };
    const parent = graph.parentOf.get(issue.number);
    const epic = epicOfIssue.get(issue.number);
    if (parent !== undefined && stories.has(issue.number)) {
      warnings.push(
        `#${issue.number} has sub-issues and is itself a sub-issue of #${parent}: the format has one level, so its parent link is left out`,
      );
    }
    if (parent !== undefined && !stories.has(issue.number)) {
      record.story_id = graph.idOf.get(parent);
      const inherited = epicOfIssue.get(parent);
      if (epic !== undefined && inherited === undefined) record.epic_id = epic;
      if (epic !== undefined && inherited !== undefined && epic !== inherited)
        warnings.push(
          `#${issue.number} is in epic ${epic} but its parent #${parent} is in epic ${inherited}: a task inherits its story's epic, so epic ${epic} is left out`,
        );
    } else if (epic !== undefined) record.epic_id = epic;
    record.title = issue.title;
    const description = readImportMarker(issue.body)?.description ?? (issue.body ?? '').trimEnd();
    if (description) record.description = description;
    const priority = priorityOf(issue, warnings);
    if (priority !== undefined) record.priority = priority;
    const blockedBy = blockersOf(issue, graph, repo, warnings);
    if (blockedBy.length > 0) record.blocked_by = blockedBy;
    if (issue.state === 'closed') record.state = 'closed';
    return record as BacklogRecord;
  });
  return { records: [...(await epicsUsed(client, repo, issues)), ...workRecords], warnings };
}

async function readGraph(
  client: GitHubClient,
  repo: RepoRef,
  issues: RestIssue[],
  warnings: string[],
): Promise<Graph> {
  const graph: Graph = {
    idOf: new Map(
      issues.map((issue) => [issue.number, readImportMarker(issue.body)?.id ?? `issue-${issue.number}`]),
    ),
    parentOf: new Map(),
    nativeBlockers: new Map(),
  };
  for (const issue of issues) {
    if (mayHave(issue.sub_issues_summary?.total)) {
      const children: LinkedIssue[] = await client.paginate(client.rest.issues.listSubIssues, {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
      });
      for (const child of children) {
        if (!inRepo(child, repo))
          warnings.push(`#${issue.number} has a sub-issue in another repository: left out`);
        else if (graph.idOf.has(child.number)) graph.parentOf.set(child.number, issue.number);
      }
    }
    if (mayHave(issue.issue_dependencies_summary?.total_blocked_by)) {
      const blockers: LinkedIssue[] = await client.paginate(client.rest.issues.listDependenciesBlockedBy, {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
      });
      graph.nativeBlockers.set(issue.number, blockers);
    }
  }
  return graph;
}

/** Native links, then `blocked-by:#N` labels, then `blocked-by:<id>` labels; each id once. */
function blockersOf(issue: RestIssue, graph: Graph, repo: RepoRef, warnings: string[]): string[] {
  const ids: string[] = [];
  const add = (id: string | undefined) => {
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  };
  const byNumber = (number: number, how: string) => {
    const id = graph.idOf.get(number);
    if (id === undefined)
      warnings.push(
        `#${issue.number} is blocked by #${number} (${how}), which is not a drover issue: left out`,
      );
    return id;
  };
  for (const blocker of graph.nativeBlockers.get(issue.number) ?? []) {
    if (inRepo(blocker, repo)) add(byNumber(blocker.number, 'a native link'));
    else warnings.push(`#${issue.number} is blocked by an issue in another repository: left out`);
  }
  const labelled = labelNames(issue).flatMap((name) => {
    const match = /^blocked-by:(.*)$/i.exec(name.trim());
    return match ? [(match[1] ?? '').trim()] : [];
  });
  for (const value of labelled) {
    const number = /^#(\d+)$/.exec(value)?.[1];
    if (number !== undefined) add(byNumber(Number(number), `label blocked-by:${value}`));
  }
  for (const value of labelled) if (value !== '' && !/^#\d+$/.test(value)) add(value);
  return ids;
}

function inRepo(issue: LinkedIssue, repo: RepoRef): boolean {
  const [owner, name] = new URL(issue.repository_url).pathname.split('/').slice(-2);
  return owner?.toLowerCase() === repo.owner.toLowerCase() && name?.toLowerCase() === repo.repo.toLowerCase();
}

/** Summaries are newer fields; when one is missing, ask rather than assume "none". */
function mayHave(count: number | undefined): boolean {
  return count === undefined || count > 0;
}

function epicOf(issue: RestIssue, warnings: string[]): string | undefined {
  const epics = labelNames(issue).filter((label) => label.startsWith('epic:'));
  if (epics.length > 1)
    warnings.push(
      `#${issue.number} has ${epics.length} epic labels (${epics.join(', ')}): only ${epics[0]} is kept`,
    );
  return epics[0]?.slice('epic:'.length);
}

function priorityOf(issue: RestIssue, warnings: string[]): number | NamedPriority | undefined {
  const values = labelNames(issue)
    .filter((label) => label.startsWith('priority:'))
    .map((label) => label.slice('priority:'.length));
  if (values.length > 1)
    warnings.push(
      `#${issue.number} has ${values.length} priority labels: only priority:${values[0]} is kept`,
    );
  const value = values[0];
  if (value === undefined) return undefined;
  if (value in NAMED_PRIORITIES) return value as NamedPriority;
  const number = Number(value);
  if (Number.isInteger(number) && number >= 1 && number <= 10) return number;
  warnings.push(`#${issue.number} has the label priority:${value}, which is not a priority: left out`);
  return undefined;
}

async function epicsUsed(client: GitHubClient, repo: RepoRef, issues: RestIssue[]): Promise<BacklogRecord[]> {
  const used = new Set(
    issues.flatMap((issue) => labelNames(issue)).filter((label) => label.startsWith('epic:')),
  );
  if (used.size === 0) return [];
  const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  const descriptionOf = new Map(labels.map((label) => [label.name, label.description]));
  return [...used].sort().map((name) => ({
    id: name.slice('epic:'.length),
    type: 'epic' as const,
    title: descriptionOf.get(name) || name.slice('epic:'.length),
  }));
}
