/**
 * Everything the agent is told about its task, read with the job's read-only token: the
 * issue, its sub-issues in GitHub's order, its epic, what its dependencies' merged PRs did,
 * and guidance comments from people with write access. All text is sanitised here, once.
 */
import type { Octokit } from '@octokit/rest';
import type { ApprovedTextItem } from '../core/approval.js';
import { sanitizeOneLine, sanitizeUntrustedText } from './sanitize-untrusted-text.js';

export interface RepoId {
  owner: string;
  repo: string;
}

export interface IssueText {
  number: number;
  title: string;
  body: string;
}

export interface MergedPullSummary {
  number: number;
  title: string;
  summary: string;
}

export interface DependencyContext {
  issue: number;
  title: string;
  mergedPulls: MergedPullSummary[];
}

export interface GuidanceComment {
  issue: number;
  author: string;
  body: string;
}

export interface TaskContext {
  task: IssueText;
  epic: string | null;
  subIssues: IssueText[];
  dependencies: DependencyContext[];
  guidance: GuidanceComment[];
  /** The text as read, before sanitising: what the approval's hash covers (core/approval.ts). */
  approvedText?: ApprovedTextItem[];
}

/** Merged-PR summaries are cut to this many characters: the agent needs the gist, not the whole text. */
const PULL_SUMMARY_CHARS = 1500;
/** How many pages of recently closed PRs to scan for dependencies' merged PRs (100 per page). */
const CLOSED_PULL_PAGES = 3;
/** Comments Drover itself writes carry this marker; they are status, not guidance. */
const DROVER_MARKER = '<!-- drover';
const WRITE_PERMISSIONS = new Set(['admin', 'maintain', 'write']);

function toIssueText(issue: { number: number; title: string; body?: string | null }): IssueText {
  return {
    number: issue.number,
    title: sanitizeOneLine(issue.title),
    body: sanitizeUntrustedText(issue.body),
  };
}

function labelNames(labels: Array<string | { name?: string }>): string[] {
  return labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
}

function isNotFound(error: unknown): boolean {
  // Octokit's RequestError carries the HTTP status.
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;
}

/** Open sub-issues only: a closed one is done or dropped, and nobody approves its text any more. */
async function listSubIssues(octokit: Octokit, id: RepoId, issue: number): Promise<ApprovedTextItem[]> {
  const subIssues = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
    ...id,
    issue_number: issue,
    per_page: 100,
  });
  return subIssues.filter((sub) => sub.state === 'open').map(rawText);
}

function rawText(issue: { number: number; title: string; body?: string | null }): ApprovedTextItem {
  return { number: issue.number, title: issue.title, body: issue.body ?? '' };
}

async function listBlockers(
  octokit: Octokit,
  id: RepoId,
  issue: number,
  labels: string[],
): Promise<Map<number, string>> {
  const blockers = new Map<number, string>();
  for (const label of labels) {
    const match = /^blocked-by:#?(\d+)$/.exec(label);
    if (match) blockers.set(Number(match[1]), '');
  }
  try {
    const native = await octokit.paginate(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by',
      {
        ...id,
        issue_number: issue,
        per_page: 100,
      },
    );
    for (const blocker of native) blockers.set(blocker.number, sanitizeOneLine(blocker.title));
  } catch (error) {
    // GitHub Enterprise Server versions without issue dependencies answer 404: labels only then.
    if (!isNotFound(error)) throw error;
  }
  return blockers;
}

const closingReference = (issue: number) =>
  new RegExp(`\\b(close[sd]?|fix(e[sd])?|resolve[sd]?)\\s+#${issue}\\b`, 'i');

async function mergedPullsFor(
  octokit: Octokit,
  id: RepoId,
  issues: number[],
): Promise<Map<number, MergedPullSummary[]>> {
  const found = new Map<number, MergedPullSummary[]>(issues.map((issue) => [issue, []]));
  if (issues.length === 0) return found;
  let page = 0;
  for await (const response of octokit.paginate.iterator(octokit.rest.pulls.list, {
    ...id,
    state: 'closed',
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  })) {
    for (const pull of response.data) {
      if (!pull.merged_at) continue;
      for (const issue of issues) {
        const byBranch = pull.head.ref.startsWith(`drover/${issue}-`);
        if (!byBranch && !closingReference(issue).test(pull.body ?? '')) continue;
        const summary = sanitizeUntrustedText(pull.body).slice(0, PULL_SUMMARY_CHARS);
        found.get(issue)?.push({ number: pull.number, title: sanitizeOneLine(pull.title), summary });
      }
    }
    page += 1;
    if (page >= CLOSED_PULL_PAGES) break;
  }
  return found;
}

async function loadDependencies(
  octokit: Octokit,
  id: RepoId,
  issue: number,
  labels: string[],
): Promise<DependencyContext[]> {
  const blockers = await listBlockers(octokit, id, issue, labels);
  const numbers = [...blockers.keys()].sort((a, b) => a - b);
  const pulls = await mergedPullsFor(octokit, id, numbers);
  const dependencies: DependencyContext[] = [];
  for (const number of numbers) {
    let title = blockers.get(number) ?? '';
    if (title === '')
      title = sanitizeOneLine((await octokit.rest.issues.get({ ...id, issue_number: number })).data.title);
    dependencies.push({ issue: number, title, mergedPulls: pulls.get(number) ?? [] });
  }
  return dependencies;
}

/** Only users with write access may steer an agent; anything else is ignored (and said so in the log). */
function makePermissionCheck(octokit: Octokit, id: RepoId): (login: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  return (login) => {
    let answer = cache.get(login);
    if (!answer) {
      answer = octokit.rest.repos
        .getCollaboratorPermissionLevel({ ...id, username: login })
        .then(({ data }) => WRITE_PERMISSIONS.has(data.role_name) || WRITE_PERMISSIONS.has(data.permission))
        .catch((error: unknown) => {
          if (isNotFound(error)) return false; // not a collaborator
          throw error;
        });
      cache.set(login, answer);
    }
    return answer;
  };
}

async function loadGuidance(octokit: Octokit, id: RepoId, issues: number[]): Promise<GuidanceComment[]> {
  const canWrite = makePermissionCheck(octokit, id);
  const guidance: GuidanceComment[] = [];
  for (const issue of issues) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...id,
      issue_number: issue,
      per_page: 100,
    });
    for (const comment of comments) {
      const author = comment.user;
      if (!author || author.type === 'Bot' || (comment.body ?? '').includes(DROVER_MARKER)) continue;
      if (!(await canWrite(author.login))) continue;
      const body = sanitizeUntrustedText(comment.body);
      if (body !== '') guidance.push({ issue, author: author.login, body });
    }
  }
  return guidance;
}

export async function loadTaskContext(
  octokit: Octokit,
  id: RepoId,
  taskNumber: number,
): Promise<TaskContext> {
  const { data: issue } = await octokit.rest.issues.get({ ...id, issue_number: taskNumber });
  if (issue.pull_request) throw new Error(`#${taskNumber} is a pull request, not a task issue`);
  const labels = labelNames(issue.labels);
  const epicLabel = labels.find((label) => label.startsWith('epic:'));
  const rawSubIssues = await listSubIssues(octokit, id, taskNumber);
  const subIssues = rawSubIssues.map(toIssueText);
  const dependencies = await loadDependencies(octokit, id, taskNumber, labels);
  const guidance = await loadGuidance(octokit, id, [taskNumber, ...subIssues.map((sub) => sub.number)]);
  return {
    task: toIssueText(issue),
    epic: epicLabel ? sanitizeOneLine(epicLabel.slice('epic:'.length)) : null,
    subIssues,
    dependencies,
    guidance,
    approvedText: [rawText(issue), ...rawSubIssues],
  };
}
