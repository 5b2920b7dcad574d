/** IssuesGateway over Octokit: the task reads (GraphQL) and the few issue writes (REST). */
import type { Octokit } from '@octokit/core';
import type { ApprovalFacts } from '../../core/approval.js';
import type { IssuesGateway, TaskIssues } from '../../core/gateway/issues.js';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { TaskPullRequest } from '../../core/pull-request-state.js';
import type { IssueInput, IssueRef, RepoFullName } from '../../core/types.js';
import type { AppIdentity } from './app-identity.js';
import { toApprovalFacts } from './approval-facts-shapes.js';
import type { RequestStats } from './request-policy.js';
import { runGraphql } from './run-graphql.js';
import { taskPullRequests, toIssueInput, toIssueRef } from './task-issue-shapes.js';
import {
  CHANGED_FIRST_PAGE,
  CHANGED_ISSUES_QUERY,
  CHANGED_NEXT_PAGES,
  innerConnectionQuery,
  issuesByNumberQuery,
  OPEN_TASKS_QUERY,
  type GqlConnection,
  type GqlIssue,
  type GqlIssueRef,
  type IssuesPage,
} from './task-issues-query.js';

/** Issues per aliased by-number query: GitHub limits a query to 500,000 nodes; 50 issues stay well under. */
const BY_NUMBER_BATCH = 50;

interface Target {
  owner: string;
  name: string;
  repo: RepoFullName;
}

export function issuesGateway(
  octokit: Octokit,
  target: Target,
  stats: RequestStats,
  identity: AppIdentity,
): IssuesGateway {
  const base = { owner: target.owner, repo: target.name };

  /** Every page of a read; `sizes` (the incremental read's) gives the first page's size and the rest's. */
  async function readPages(
    query: string,
    variables: Record<string, unknown>,
    sizes?: { first: number; next: number },
  ): Promise<GqlIssue[]> {
    const all: GqlIssue[] = [];
    let after: string | null = null;
    do {
      const first = sizes === undefined ? {} : { first: after === null ? sizes.first : sizes.next };
      const page: IssuesPage = await runGraphql<IssuesPage>(octokit, stats, query, {
        ...variables,
        after,
        ...first,
      });
      if (!page.repository)
        throw new Error(`Repository ${target.repo} was not found or the app cannot read it`);
      all.push(...page.repository.issues.nodes);
      const info = page.repository.issues.pageInfo;
      after = info.hasNextPage ? info.endCursor : null;
    } while (after);
    for (const issue of all) await completeConnections(issue);
    return all;
  }

  async function completeConnections(issue: GqlIssue): Promise<void> {
    issue.subIssues.nodes = await completeConnection(issue.id, 'subIssues', issue.subIssues);
    issue.blockedBy.nodes = await completeConnection(issue.id, 'blockedBy', issue.blockedBy);
  }

  async function completeConnection(
    id: string,
    connection: 'subIssues' | 'blockedBy',
    first: GqlConnection<GqlIssueRef>,
  ): Promise<GqlIssueRef[]> {
    const nodes = [...first.nodes];
    let pageInfo = first.pageInfo;
    while (pageInfo.hasNextPage) {
      type Inner = { node: Partial<Record<typeof connection, GqlConnection<GqlIssueRef>>> | null };
      const result = await runGraphql<Inner>(octokit, stats, innerConnectionQuery(connection), {
        id,
        after: pageInfo.endCursor,
      });
      const next = result.node?.[connection];
      if (!next) break;
      nodes.push(...next.nodes);
      pageInfo = next.pageInfo;
    }
    return nodes;
  }

  async function byNumber(numbers: number[]): Promise<GqlIssue[]> {
    const found: GqlIssue[] = [];
    for (let start = 0; start < numbers.length; start += BY_NUMBER_BATCH) {
      const batch = numbers.slice(start, start + BY_NUMBER_BATCH);
      type Result = { repository: Record<string, GqlIssue | null> | null };
      const result = await runGraphql<Result>(octokit, stats, issuesByNumberQuery(batch), {
        owner: target.owner,
        name: target.name,
      });
      for (const issue of Object.values(result.repository ?? {})) if (issue) found.push(issue);
    }
    for (const issue of found) await completeConnections(issue);
    return found;
  }

  function assemble(gql: GqlIssue[]): TaskIssues {
    const issues = gql.map((issue) => toIssueInput(issue, target.repo));
    const pulls = new Map<number, TaskPullRequest[]>();
    for (const issue of gql) {
      const prs = taskPullRequests(issue, target.repo);
      if (prs.length > 0) pulls.set(issue.number, prs);
    }
    const watermark = issues.reduce<string | null>(
      (latest, issue) => (latest === null || issue.updatedAt > latest ? issue.updatedAt : latest),
      null,
    );
    return {
      issues,
      referenced: referencedOf(gql, issues),
      pulls,
      watermark,
      approvalFacts: approvalFactsOf(gql, identity),
    };
  }

  async function named(numbers: number[]): Promise<TaskIssues> {
    const read = assemble(await byNumber([...new Set(numbers)].sort((a, b) => a - b)));
    return { ...read, pulls: new Map(), watermark: null };
  }

  return {
    async loadTasks(taskLabel, since) {
      if (since === null)
        return assemble(await readPages(OPEN_TASKS_QUERY, { ...names(target), label: taskLabel }));
      const sizes = { first: CHANGED_FIRST_PAGE, next: CHANGED_NEXT_PAGES };
      return assemble(await readPages(CHANGED_ISSUES_QUERY, { ...names(target), since }, sizes));
    },

    async loadIssues(numbers) {
      return (await named(numbers)).issues;
    },

    loadNamedIssues: named,

    async addLabels(issue, labels) {
      if (labels.length === 0) return;
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...base,
        issue_number: issue,
        labels,
      });
    },

    async removeLabel(issue, label) {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
          ...base,
          issue_number: issue,
          name: label,
        });
      } catch (error) {
        // 404: the label is not on the issue, which is the state we want.
        if (!isGitHubError(error, 'not-found')) throw error;
      }
    },

    async create({ title, body, labels }) {
      const created = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...base,
        title,
        body,
        labels,
      });
      return created.data.number;
    },
  };
}

function names(target: Target): { owner: string; name: string } {
  return { owner: target.owner, name: target.name };
}

/**
 * The approval facts each issue's read holds whole: its own history, when its sub-issues are all
 * closed or none (a task with open ones is read whole by the approvals gateway instead, so its
 * facts stay one consistent piece). The sub-issue list is judged on the read's first page, as
 * the approval read judges it.
 */
function approvalFactsOf(gql: GqlIssue[], identity: AppIdentity): Map<number, ApprovalFacts> {
  const facts = new Map<number, ApprovalFacts>();
  for (const issue of gql) {
    const { pageInfo, nodes } = issue.subIssues;
    if (pageInfo.hasNextPage || nodes.some((sub) => sub.state === 'OPEN')) continue;
    facts.set(issue.number, toApprovalFacts(identity, issue, { pageInfo, nodes: [] }));
  }
  return facts;
}

/** Blockers, parents and sub-issues the read references but did not load itself. */
function referencedOf(gql: GqlIssue[], loaded: IssueInput[]): IssueRef[] {
  const known = new Set(loaded.map((issue) => `${issue.repo}#${issue.number}`.toLowerCase()));
  const byKey = new Map<string, IssueRef>();
  for (const issue of gql) {
    for (const ref of [
      ...issue.blockedBy.nodes,
      ...issue.subIssues.nodes,
      ...(issue.parent ? [issue.parent] : []),
    ]) {
      const converted = toIssueRef(ref);
      const key = `${converted.repo}#${converted.number}`.toLowerCase();
      if (!known.has(key)) byKey.set(key, converted);
    }
  }
  return [...byKey.values()];
}
