/**
 * `timelineItems` of an issue or pull request: the events the store recorded (labels, renames,
 * closing, assignees, sub-issue and blocked-by links), each with its actor and time, and the
 * comments, oldest first. `itemTypes` (LABELED_EVENT, RENAMED_TITLE_EVENT, SUB_ISSUE_ADDED_EVENT,
 * ISSUE_COMMENT…) and `since` filter them; `skip` drops the first ones.
 */
import type { TimelineEventRecord } from '../../state/timeline.js';
import type { IssueRecord, RepoRecord } from '../../state/types.js';
import { connectionOf, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { IssueCommentObject } from './comment.js';
import { LabelObject } from './label.js';

export interface TimelineArgs extends ConnectionArgs {
  itemTypes?: string[] | null;
  since?: string | null;
  skip?: number | null;
}

/** How an item is found: its node, for the issues at the other end of links. */
export interface TimelineSubject {
  issue: IssueRecord;
  repo: RepoRecord;
  /** The issue or pull request object itself (`labelable`, `subject`, `closable`…). */
  self: () => object;
  /** The GraphQL object of another issue by database id. */
  issueById: (id: number) => object | null;
}

/** `LabeledEvent` → `LABELED_EVENT`. */
const itemType = (typename: string) => typename.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

function eventObject(ctx: GraphqlContext, subject: TimelineSubject, event: TimelineEventRecord): object {
  const actor: ActorObject | null = actorByLogin(ctx, event.actor);
  const base = { __typename: event.type, id: event.nodeId, actor, createdAt: event.createdAt };
  const other = () => (event.otherIssueId === undefined ? null : subject.issueById(event.otherIssueId));
  const resourcePath = `/${subject.repo.fullName}/issues/${subject.issue.number}#event-${event.id}`;
  switch (event.type) {
    case 'LabeledEvent':
    case 'UnlabeledEvent': {
      const label = event.label!;
      const current = [...subject.repo.labels.values()].find((candidate) => candidate.id === label.id);
      return {
        ...base,
        label: new LabelObject(current ?? label, subject.repo, ctx),
        labelable: subject.self(),
      };
    }
    case 'RenamedTitleEvent':
      return {
        ...base,
        previousTitle: event.previousTitle,
        currentTitle: event.currentTitle,
        subject: subject.self(),
      };
    case 'ClosedEvent':
      return {
        ...base,
        closable: subject.self(),
        closer: null,
        duplicateOf: null,
        stateReason: event.stateReason ? event.stateReason.toUpperCase() : null,
        resourcePath,
        url: `${ctx.store.webUrl}${resourcePath}`,
      };
    case 'ReopenedEvent':
      return { ...base, closable: subject.self(), stateReason: 'REOPENED' };
    case 'AssignedEvent':
    case 'UnassignedEvent': {
      const assignee = actorByLogin(ctx, event.assignee ?? null);
      return { ...base, assignable: subject.self(), assignee, user: assignee };
    }
    case 'SubIssueAddedEvent':
    case 'SubIssueRemovedEvent':
      return { ...base, subIssue: other() };
    case 'ParentIssueAddedEvent':
    case 'ParentIssueRemovedEvent':
      return { ...base, parent: other() };
    case 'BlockedByAddedEvent':
    case 'BlockedByRemovedEvent':
      return { ...base, blockingIssue: other() };
    case 'BlockingAddedEvent':
    case 'BlockingRemovedEvent':
      return { ...base, blockedIssue: other() };
  }
}

interface TimelineItem {
  id: number;
  type: string;
  createdAt: string;
  present: () => object;
}

export function timelineItems(ctx: GraphqlContext, subject: TimelineSubject, args: TimelineArgs) {
  const events: TimelineItem[] = ctx.store.timeline(subject.issue).map((event) => ({
    id: event.id,
    type: itemType(event.type),
    createdAt: event.createdAt,
    present: () => eventObject(ctx, subject, event),
  }));
  const comments: TimelineItem[] = ctx.store.comments(subject.issue).map((comment) => ({
    id: comment.id,
    type: 'ISSUE_COMMENT',
    createdAt: comment.createdAt,
    present: () => new IssueCommentObject(comment, subject.repo, ctx),
  }));
  const wanted = args.itemTypes ? new Set(args.itemTypes) : null;
  const since = args.since ? Date.parse(args.since) : null;
  const items = [...events, ...comments]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .filter((item) => !wanted || wanted.has(item.type))
    .filter((item) => since === null || Date.parse(item.createdAt) >= since)
    .slice(args.skip ?? 0);
  const connection = connectionOf(
    items,
    args,
    (item) => item.id,
    (item) => item.present(),
  );
  return {
    ...connection,
    filteredCount: items.length,
    pageCount: connection.nodes.length,
    updatedAt: subject.issue.updatedAt,
  };
}
