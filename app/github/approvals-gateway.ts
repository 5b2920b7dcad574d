/**
 * ApprovalsGateway over GraphQL: the approval facts of many tasks per query (each an alias read
 * whole, so each task's facts are one consistent piece, as when it had a query of its own). Asked
 * only for tasks that are new or changed and whose facts did not come with the issue read
 * (observe/read-approvals.ts): in practice, tasks with open sub-issues.
 */
import type { Octokit } from '@octokit/core';
import type { ApprovalFacts } from '../../core/approval.js';
import type {
  ApprovalFactsRead,
  ApprovalFactsRequest,
  ApprovalsGateway,
} from '../../core/gateway/approvals.js';
import type { AppIdentity } from './app-identity.js';
import {
  APPROVAL_SUB_ISSUES,
  approvalAlias,
  approvalFactsQuery,
  approvalNodeCount,
  type GqlApprovalTask,
} from './approval-facts-query.js';
import { toApprovalFacts } from './approval-facts-shapes.js';
import type { RequestStats } from './request-policy.js';
import { runGraphqlPartial, type PartialError } from './run-graphql.js';

/** Tasks per query: as many as GitHub's largest page (`first`/`last` ≤ 100, `nodes(ids:)` ≤ 100). */
export const APPROVAL_BATCH = 100;
/** "Individual calls cannot request more than 500,000 total nodes" (GitHub's GraphQL node limit). */
export const NODE_LIMIT = 500_000;

type Sized = ApprovalFactsRequest;
type Answer = { data: { repository: Record<string, GqlApprovalTask | null> | null }; errors: PartialError[] };

export function approvalsGateway(
  octokit: Octokit,
  target: { owner: string; name: string },
  stats: RequestStats,
  identity: AppIdentity,
): ApprovalsGateway {
  /** One query's answers: facts, tasks that must be read again with the full sub-issue page, errors. */
  async function readBatch(batch: readonly Sized[], read: ApprovalFactsRead): Promise<Sized[]> {
    let answer: Answer;
    try {
      answer = await runGraphqlPartial<Answer['data']>(octokit, stats, approvalFactsQuery(batch), {
        owner: target.owner,
        name: target.name,
      });
    } catch (error) {
      for (const { task } of batch) read.errors.push({ task, error });
      return [];
    }
    const again: Sized[] = [];
    for (const request of batch) {
      try {
        const taken = take(request, answer);
        if (taken === 'again') again.push({ task: request.task, subIssues: APPROVAL_SUB_ISSUES });
        else if (taken !== null) read.facts.set(request.task, taken);
      } catch (error) {
        read.errors.push({ task: request.task, error });
      }
    }
    return again;
  }

  /** A task's facts from its alias, null when the issue does not exist, `again` when read short. */
  function take(request: Sized, answer: Answer): ApprovalFacts | null | 'again' {
    const alias = approvalAlias(request.task);
    const failed = answer.errors.find((part) => concerns(part.path, alias));
    if (failed !== undefined) throw failed.error;
    const issue = answer.data.repository?.[alias] ?? null;
    if (issue === null) return null;
    // More sub-issues than the page was sized for: read it again whole, never judge it from a part.
    if (issue.subIssues.pageInfo.hasNextPage && request.subIssues < APPROVAL_SUB_ISSUES) return 'again';
    return toApprovalFacts(identity, issue, issue.subIssues);
  }

  return {
    ownLogin: identity.botLogin,
    async approvalFacts(tasks) {
      const read: ApprovalFactsRead = { facts: new Map(), errors: [] };
      let pending = dedupe(tasks).map(({ task, subIssues }) => ({ task, subIssues: pageSize(subIssues) }));
      while (pending.length > 0) {
        const again: Sized[] = [];
        for (const batch of batches(pending)) again.push(...(await readBatch(batch, read)));
        pending = again;
      }
      return read;
    },
  };
}

/** An error at the repository, at this alias or below it, or at no path at all, concerns the task. */
function concerns(path: ReadonlyArray<string | number>, alias: string): boolean {
  if (path.length === 0) return true;
  if (path[0] !== 'repository') return false;
  return path.length === 1 || path[1] === alias;
}

/** `first` must be 1 to 100 on GitHub: at least one, at most the full page. */
function pageSize(subIssues: number): number {
  return Math.min(APPROVAL_SUB_ISSUES, Math.max(1, Math.floor(subIssues)));
}

function dedupe(tasks: readonly ApprovalFactsRequest[]): ApprovalFactsRequest[] {
  const byTask = new Map<number, ApprovalFactsRequest>();
  for (const request of tasks) {
    const known = byTask.get(request.task);
    if (known === undefined || request.subIssues > known.subIssues) byTask.set(request.task, request);
  }
  return [...byTask.values()].sort((a, b) => a.task - b.task);
}

/** Consecutive batches of at most APPROVAL_BATCH tasks and NODE_LIMIT nodes each. */
export function batches(tasks: readonly Sized[]): Sized[][] {
  const all: Sized[][] = [];
  let current: Sized[] = [];
  let nodes = 0;
  for (const request of tasks) {
    const cost = approvalNodeCount(request.subIssues);
    if (current.length > 0 && (current.length >= APPROVAL_BATCH || nodes + cost > NODE_LIMIT)) {
      all.push(current);
      current = [];
      nodes = 0;
    }
    current.push(request);
    nodes += cost;
  }
  if (current.length > 0) all.push(current);
  return all;
}
