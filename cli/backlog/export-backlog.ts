/**
 * The inverse of the import: reads the repository's `drover` issues back into backlog lines.
 * Ids come from import markers (`issue-<number>` for issues created by hand), epics from
 * `epic:<id>` labels (title from the label description), priorities from `priority:` labels,
 * stories from sub-issue lists and blockers from GitHub's native "blocked by" links.
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

export async function exportBacklog(client: GitHubClient, repo: RepoRef): Promise<ExportResult> {
  const issues = await listDroverIssues(client, repo);
  const idOf = new Map(
    issues.map((issue) => [issue.number, readImportMarker(issue.body)?.id ?? `issue-${issue.number}`]),
  );
  const warnings: string[] = [];

  const parentOf = new Map<number, number>();
  const blockersOf = new Map<number, number[]>();
  for (const issue of issues) {
    if (mayHave(issue.sub_issues_summary?.total)) {
      const children = await client.paginate(client.rest.issues.listSubIssues, {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
      });
      for (const child of children) parentOf.set(child.number, issue.number);
    }
    if (mayHave(issue.issue_dependencies_summary?.total_blocked_by)) {
      const blockers = await client.paginate(client.rest.issues.listDependenciesBlockedBy, {
        ...repo,
        issue_number: issue.number,
        per_page: 100,
      });
      blockersOf.set(
        issue.number,
        blockers.map((blocker) => blocker.number),
      );
    }
  }
  const stories = new Set(parentOf.values());

  const epicRecords = await epicsUsed(client, repo, issues);
  const workRecords = issues.map((issue) => {
    const record: Record<string, unknown> = {
      id: idOf.get(issue.number),
      type: stories.has(issue.number) ? 'story' : 'task',
    };
    const parent = parentOf.get(issue.number);
    const epic = epicOfLabels(labelNames(issue));
    if (parent !== undefined && idOf.has(parent)) record.story_id = idOf.get(parent);
    else if (epic !== undefined) record.epic_id = epic;
    record.title = issue.title;
    const description = readImportMarker(issue.body)?.description ?? (issue.body ?? '').trimEnd();
    if (description) record.description = description;
    const priority = priorityOfLabels(labelNames(issue));
    if (priority !== undefined) record.priority = priority;
    const blockedBy = (blockersOf.get(issue.number) ?? []).flatMap((number) => {
      const id = idOf.get(number);
      if (id === undefined)
        warnings.push(
          `#${issue.number} is blocked by #${number}, which is not a drover issue: link left out`,
        );
      return id === undefined ? [] : [id];
    });
    if (blockedBy.length > 0) record.blocked_by = blockedBy;
    if (issue.state === 'closed') record.state = 'closed';
    return record as BacklogRecord;
  });
  return { records: [...epicRecords, ...workRecords], warnings };
}

/** Summaries are newer fields; when one is missing, ask rather than assume "none". */
function mayHave(count: number | undefined): boolean {
  return count === undefined || count > 0;
}

function epicOfLabels(labels: string[]): string | undefined {
  return labels.find((label) => label.startsWith('epic:'))?.slice('epic:'.length);
}

function priorityOfLabels(labels: string[]): number | NamedPriority | undefined {
  const value = labels.find((label) => label.startsWith('priority:'))?.slice('priority:'.length);
  if (value === undefined) return undefined;
  if (value in NAMED_PRIORITIES) return value as NamedPriority;
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= 10 ? number : undefined;
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
