/**
 * GitHub's GraphQL answers about a task's history (approval-facts-query.ts) turned into the
 * core's ApprovalFacts, the same way whether they came with the issue read or by themselves.
 */
import type { ApprovalEvent, ApprovalFacts, ApprovedTextItem } from '../../core/approval.js';
import type { AppIdentity } from './app-identity.js';
import {
  APPROVAL_EDITS,
  type GqlActor,
  type GqlApprovalHistory,
  type GqlApprovalSubIssue,
  type GqlEdits,
  type GqlTimeline,
} from './approval-facts-query.js';

const KINDS: Record<string, ApprovalEvent['kind']> = {
  LabeledEvent: 'labeled',
  RenamedTitleEvent: 'renamed',
  SubIssueAddedEvent: 'sub-issue-added',
  BlockedByAddedEvent: 'blocked-by-added',
};

/** A task's facts from its own history and its sub-issue page (open ones count; closed never shown). */
export function toApprovalFacts(
  identity: AppIdentity,
  task: GqlApprovalHistory,
  subIssues: { pageInfo: { hasNextPage: boolean }; nodes: readonly GqlApprovalSubIssue[] },
): ApprovalFacts {
  const open = subIssues.nodes.filter((sub) => sub.state === 'OPEN');
  const events = [task, ...open].flatMap((issue) => [
    ...eventsOf(identity, issue.number, issue.timelineItems),
    ...editsOf(identity, issue.number, issue.userContentEdits),
  ]);
  const truncated =
    subIssues.pageInfo.hasNextPage || [task, ...open].some((issue) => historyTruncated(issue));
  return { task: task.number, text: [textOf(task), ...open.map(textOf)], events, truncated };
}

function historyTruncated(issue: GqlApprovalHistory): boolean {
  return issue.timelineItems.pageInfo.hasPreviousPage || issue.userContentEdits.totalCount > APPROVAL_EDITS;
}

/** GraphQL spells a bot `name`, REST (and our identity) `name[bot]`. */
function loginOf(identity: AppIdentity, actor: GqlActor | null | undefined): string | null {
  if (!actor) return null;
  if (actor.__typename !== 'Bot' || actor.login.endsWith('[bot]')) return actor.login;
  const ours = identity.botLogin;
  return ours !== null && ours === `${actor.login}[bot]` ? ours : `${actor.login}[bot]`;
}

function eventsOf(identity: AppIdentity, issue: number, timeline: GqlTimeline): ApprovalEvent[] {
  return timeline.nodes.flatMap((node): ApprovalEvent[] => {
    const kind = KINDS[node.__typename];
    if (kind === undefined || node.createdAt === undefined) return [];
    const event: ApprovalEvent = { kind, issue, actor: loginOf(identity, node.actor), at: node.createdAt };
    return [node.label === undefined ? event : { ...event, label: node.label.name }];
  });
}

/**
 * Every revision GitHub keeps, the first (the body as created, by its author) included: it
 * carries the creation time, which approval always follows, so it only ever counts as "after"
 * when both fall in the same second (whole-second times): in doubt, not approved.
 */
function editsOf(identity: AppIdentity, issue: number, edits: GqlEdits): ApprovalEvent[] {
  return edits.nodes.map((edit) => ({
    kind: 'edited' as const,
    issue,
    actor: loginOf(identity, edit.editor),
    at: edit.editedAt,
  }));
}

function textOf(issue: { number: number; title: string; body: string | null }): ApprovedTextItem {
  return { number: issue.number, title: issue.title, body: issue.body ?? '' };
}
