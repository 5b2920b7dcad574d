/**
 * What happened to an issue or pull request, who did it and when: the records behind GraphQL
 * `timelineItems` (labels, renames, closing, sub-issue and blocked-by links, assignees). The
 * store records each as it performs the change; nothing is derived afterwards, so an event keeps
 * the actor and time of the change even when the label or link is later removed.
 */
import type { SimStore } from './store.js';
import type { IssueRecord, LabelRecord, StateReason } from './types.js';

export type TimelineEventType =
  | 'LabeledEvent'
  | 'UnlabeledEvent'
  | 'RenamedTitleEvent'
  | 'ClosedEvent'
  | 'ReopenedEvent'
  | 'AssignedEvent'
  | 'UnassignedEvent'
  | 'SubIssueAddedEvent'
  | 'SubIssueRemovedEvent'
  | 'ParentIssueAddedEvent'
  | 'ParentIssueRemovedEvent'
  | 'BlockedByAddedEvent'
  | 'BlockedByRemovedEvent'
  | 'BlockingAddedEvent'
  | 'BlockingRemovedEvent';

export interface TimelineEventRecord {
  id: number;
  nodeId: string;
  type: TimelineEventType;
  issueId: number;
  /** Login of who did it. */
  actor: string;
  createdAt: string;
  /** The label as it was (Labeled/UnlabeledEvent). */
  label?: LabelRecord;
  previousTitle?: string;
  currentTitle?: string;
  /** The issue on the other end of a sub-issue or dependency link. */
  otherIssueId?: number;
  stateReason?: StateReason;
  assignee?: string;
}

export type TimelineFields = Pick<
  TimelineEventRecord,
  'label' | 'previousTitle' | 'currentTitle' | 'otherIssueId' | 'stateReason' | 'assignee'
>;

export class TimelineStore {
  private readonly byIssue = new Map<number, TimelineEventRecord[]>();

  constructor(private readonly store: SimStore) {}

  record(issue: IssueRecord, type: TimelineEventType, actor: string, fields: TimelineFields = {}): void {
    const { id, nodeId } = this.store.newIdentity('TimelineEvent');
    const event: TimelineEventRecord = {
      id,
      nodeId,
      type,
      issueId: issue.id,
      actor,
      createdAt: this.store.now(),
      ...fields,
      ...(fields.label && { label: { ...fields.label } }),
    };
    const events = this.byIssue.get(issue.id) ?? [];
    events.push(event);
    this.byIssue.set(issue.id, events);
  }

  /** An issue's events, oldest first. */
  forIssue(issueId: number): readonly TimelineEventRecord[] {
    return this.byIssue.get(issueId) ?? [];
  }
}
