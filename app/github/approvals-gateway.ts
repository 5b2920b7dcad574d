/**
 * ApprovalsGateway over GraphQL: one query per task reads who applied its labels, renamed it,
 * added sub-issues and blocked-by links (`timelineItems`), who edited its body and its open
 * sub-issues' (`userContentEdits`: GitHub keeps every revision with its editor), and the text
 * itself. Asked only for tasks that are new or changed (observe/read-approvals.ts).
 */
import type { Octokit } from '@octokit/core';
import type { ApprovalEvent, ApprovedTextItem } from '../../core/approval.js';
import type { ApprovalsGateway } from '../../core/gateway/approvals.js';
import type { AppIdentity } from './app-identity.js';
import type { RequestStats } from './request-policy.js';
import { runGraphql } from './run-graphql.js';

/** Items per connection: GitHub's maximum page size. A task with more is judged `truncated`. */
const PAGE = 100;
/** Open sub-issues read per task (each with its own edits): far above what one attempt handles. */
const SUB_ISSUES = 50;
/** Edits per body: GitHub lists them newest first. */
const EDITS = 50;

const EDITS_FIELDS = `userContentEdits(first: ${EDITS}) { totalCount nodes { editedAt editor { __typename login } } }`;

export const APPROVAL_FACTS_QUERY = `
query ApprovalFacts($owner: String!, $name: String!, $number: Int!) {
  rateLimit { cost }
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      number title body createdAt
      author { __typename login }
      ${EDITS_FIELDS}
      timelineItems(last: ${PAGE}, itemTypes: [LABELED_EVENT, RENAMED_TITLE_EVENT, SUB_ISSUE_ADDED_EVENT, BLOCKED_BY_ADDED_EVENT]) {
        pageInfo { hasPreviousPage }
        nodes {
          __typename
          ... on LabeledEvent { createdAt actor { __typename login } label { name } }
          ... on RenamedTitleEvent { createdAt actor { __typename login } }
          ... on SubIssueAddedEvent { createdAt actor { __typename login } }
          ... on BlockedByAddedEvent { createdAt actor { __typename login } }
        }
      }
      subIssues(first: ${SUB_ISSUES}) {
        pageInfo { hasNextPage }
        nodes {
          number title body state createdAt
          author { __typename login }
          ${EDITS_FIELDS}
          timelineItems(last: ${PAGE}, itemTypes: [RENAMED_TITLE_EVENT]) {
            pageInfo { hasPreviousPage }
            nodes { __typename ... on RenamedTitleEvent { createdAt actor { __typename login } } }
          }
        }
      }
    }
  }
}`;

interface GqlActor {
  __typename: string;
  login: string;
}

interface GqlEdits {
  totalCount: number;
  nodes: Array<{ editedAt: string; editor: GqlActor | null }>;
}

interface GqlEvent {
  __typename: string;
  createdAt?: string;
  actor?: GqlActor | null;
  label?: { name: string };
}

interface GqlTimeline {
  pageInfo: { hasPreviousPage: boolean };
  nodes: GqlEvent[];
}

interface GqlSubIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'OPEN' | 'CLOSED';
  createdAt: string;
  author: GqlActor | null;
  userContentEdits: GqlEdits;
  timelineItems: GqlTimeline;
}

interface GqlTask extends Omit<GqlSubIssue, 'state'> {
  subIssues: { pageInfo: { hasNextPage: boolean }; nodes: GqlSubIssue[] };
}

const KINDS: Record<string, ApprovalEvent['kind']> = {
  LabeledEvent: 'labeled',
  RenamedTitleEvent: 'renamed',
  SubIssueAddedEvent: 'sub-issue-added',
  BlockedByAddedEvent: 'blocked-by-added',
};

export function approvalsGateway(
  octokit: Octokit,
  target: { owner: string; name: string },
  stats: RequestStats,
  identity: AppIdentity,
): ApprovalsGateway {
  /** GraphQL spells a bot `name`, REST (and our identity) `name[bot]`. */
  const loginOf = (actor: GqlActor | null | undefined): string | null => {
    if (!actor) return null;
    if (actor.__typename !== 'Bot' || actor.login.endsWith('[bot]')) return actor.login;
    const ours = identity.botLogin;
    return ours !== null && ours === `${actor.login}[bot]` ? ours : `${actor.login}[bot]`;
  };

  function eventsOf(issue: number, timeline: GqlTimeline): ApprovalEvent[] {
    return timeline.nodes.flatMap((node): ApprovalEvent[] => {
      const kind = KINDS[node.__typename];
      if (kind === undefined || node.createdAt === undefined) return [];
      const event: ApprovalEvent = { kind, issue, actor: loginOf(node.actor), at: node.createdAt };
      return [node.label === undefined ? event : { ...event, label: node.label.name }];
    });
  }

  /**
   * Every revision GitHub keeps, the first (the body as created, by its author) included: it
   * carries the creation time, which approval always follows, so it only ever counts as "after"
   * when both fall in the same second (whole-second times): in doubt, not approved.
   */
  function editsOf(issue: number, edits: GqlEdits): ApprovalEvent[] {
    return edits.nodes.map((edit) => ({
      kind: 'edited' as const,
      issue,
      actor: loginOf(edit.editor),
      at: edit.editedAt,
    }));
  }

  const textOf = (issue: { number: number; title: string; body: string | null }): ApprovedTextItem => ({
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
  });

  return {
    ownLogin: identity.botLogin,
    async approvalFacts(task) {
      type Result = { repository: { issue: GqlTask | null } | null };
      const result = await runGraphql<Result>(octokit, stats, APPROVAL_FACTS_QUERY, {
        owner: target.owner,
        name: target.name,
        number: task,
      });
      const issue = result.repository?.issue ?? null;
      if (issue === null) return null;
      const open = issue.subIssues.nodes.filter((sub) => sub.state === 'OPEN');
      const events = [
        ...eventsOf(task, issue.timelineItems),
        ...editsOf(task, issue.userContentEdits),
        ...open.flatMap((sub) => [
          ...eventsOf(sub.number, sub.timelineItems),
          ...editsOf(sub.number, sub.userContentEdits),
        ]),
      ];
      const truncated =
        issue.timelineItems.pageInfo.hasPreviousPage ||
        issue.userContentEdits.totalCount > EDITS ||
        issue.subIssues.pageInfo.hasNextPage ||
        open.some(
          (sub) => sub.timelineItems.pageInfo.hasPreviousPage || sub.userContentEdits.totalCount > EDITS,
        );
      return { task, text: [textOf(issue), ...open.map(textOf)], events, truncated };
    },
  };
}
