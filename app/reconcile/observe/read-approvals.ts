/**
 * The observe step's part for approvals (core/approval.ts): each open task's approval facts are
 * read when the task is new to this session or its `updatedAt` moved (a label, an edit, a link
 * changes it), never on every pass for every task; each person's permission is read once per
 * `PERMISSION_TTL_MS`. The judgement itself is pure and made every pass (an `/drover approve`
 * in the control record takes effect at once).
 */
import { judgeApproval, type Approval } from '../../../core/approval.js';
import { approvalFor } from '../../../core/control-record.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
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
  const approvals = new Map<number, Approval>();
  const errors: Array<{ task: number; error: unknown }> = [];
  for (const issue of session.issues.values()) {
    if (
      issue.state !== 'open' ||
      !issue.labels.some((name) => name.toLowerCase() === taskLabel.toLowerCase())
    )
      continue;
    try {
      let cached = session.approvalFacts.get(issue.number);
      if (cached === undefined || cached.updatedAt !== issue.updatedAt) {
        const read = await gateway.approvals.approvalFacts(issue.number, taskLabel);
        if (read === null) continue;
        cached = { updatedAt: issue.updatedAt, facts: read };
        session.approvalFacts.set(issue.number, cached);
      }
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
