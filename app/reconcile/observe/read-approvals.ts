/**
 * The observe step's part for approvals (core/approval.ts): each open task's approval facts as of
 * its `updatedAt` (a label, an edit, a link changes it). Most come with the issue read itself
 * (merge-task-issues.ts); the rest (tasks with open sub-issues, or new to the session without
 * them) are read together, many tasks per request, never one request per task; each person's
 * permission is read once per `PERMISSION_TTL_MS`. The judgement itself is pure and made every
 * pass (an `/drover approve` in the control record takes effect at once).
 */
import { judgeApproval, type Approval } from '../../../core/approval.js';
import { approvalFor } from '../../../core/control-record.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { IssueInput } from '../../../core/types.js';
import { meetsPermission } from '../../commands/authorize-commenter.js';
import type { PassFacts, RepoSession } from '../repo-session.js';

/** Permissions change rarely; a full read's period bounds how long a revoked one is trusted. */
const PERMISSION_TTL_MS = 30 * 60 * 1000;
/** Labels that steer the plan (`blocked-by:#N`) or the prompt (the epic's name). */
const STEERING_PREFIXES = ['blocked-by:', 'epic:'];

export async function readApprovals(
  gateway: RepoGateway,
  session: RepoSession,
  facts: PassFacts,
  now: Date,
): Promise<{ approvals: Map<number, Approval>; errors: Array<{ task: number; error: unknown }> }> {
  const taskLabel = facts.config.labels.task;
  const tasks = [...session.issues.values()].filter(
    (issue) =>
      issue.state === 'open' && issue.labels.some((name) => name.toLowerCase() === taskLabel.toLowerCase()),
  );
  const errors = await refreshFacts(gateway, session, tasks);
  const failed = new Set(errors.map((error) => error.task));
  const approvals = new Map<number, Approval>();
  for (const issue of tasks) {
    const cached = session.approvalFacts.get(issue.number);
    // Not read (failed, or the issue is gone): no approval this pass.
    if (failed.has(issue.number) || cached === undefined || cached.updatedAt !== issue.updatedAt) continue;
    try {
      const actors = new Set(
        cached.facts.events.flatMap((event) => (event.actor === null ? [] : [event.actor])),
      );
      const trusted = new Set<string>();
      for (const login of actors)
        if (await isTrusted(gateway, session, login, facts.config.trust.min_permission, now))
          trusted.add(login);
      const rules = {
        taskLabel,
        steeringPrefixes: STEERING_PREFIXES,
        minimum: facts.config.trust.min_permission,
        trusted: (login: string) => trusted.has(login),
      };
      approvals.set(
        issue.number,
        judgeApproval(cached.facts, rules, approvalFor(facts.control, issue.number)),
      );
    } catch (error) {
      errors.push({ task: issue.number, error });
    }
  }
  return { approvals, errors };
}

/** Reads, in one go, the facts of every task whose cached facts are missing or older than it. */
async function refreshFacts(
  gateway: RepoGateway,
  session: RepoSession,
  tasks: readonly IssueInput[],
): Promise<Array<{ task: number; error: unknown }>> {
  const stale = tasks.filter(
    (issue) => session.approvalFacts.get(issue.number)?.updatedAt !== issue.updatedAt,
  );
  if (stale.length === 0) return [];
  let read;
  try {
    read = await gateway.approvals.approvalFacts(
      stale.map((issue) => ({ task: issue.number, subIssues: issue.subIssues.length })),
    );
  } catch (error) {
    return stale.map((issue) => ({ task: issue.number, error }));
  }
  for (const issue of stale) {
    const found = read.facts.get(issue.number);
    if (found !== undefined)
      session.approvalFacts.set(issue.number, { updatedAt: issue.updatedAt, facts: found });
  }
  return read.errors;
}

async function isTrusted(
  gateway: RepoGateway,
  session: RepoSession,
  login: string,
  minimum: PassFacts['config']['trust']['min_permission'],
  now: Date,
): Promise<boolean> {
  if (gateway.approvals.ownLogin !== null && login === gateway.approvals.ownLogin) return true;
  let known = session.permissions.get(login);
  if (known === undefined || now.getTime() - known.at >= PERMISSION_TTL_MS) {
    known = { permission: await gateway.repository.permission(login), at: now.getTime() };
    session.permissions.set(login, known);
  }
  return meetsPermission(known.permission, minimum);
}
