/**
 * The approval model (issue #10, classes 1 and 2; docs/security.md). A task is approved by a
 * person with at least `trust.min_permission`: whoever last applied the task label (read from the
 * issue's timeline, not from the label's presence) or gave `/drover approve #N`. After that moment
 * every change that steers the agent or the plan (the title, the body, an open sub-issue's title or
 * body, a sub-issue link, a blocked-by link or label, an epic label) must be made by a trusted
 * person too; otherwise the task waits for approval again. The approved text (title and body of the
 * task and of each open sub-issue) is pinned at dispatch by its hash: the action refuses to show
 * the agent anything else (action/approved-text-check.ts).
 */
import { createHash } from 'node:crypto';

/** One piece of text the agent is shown: a task's or an open sub-issue's. */
export interface ApprovedTextItem {
  number: number;
  title: string;
  body: string;
}

/** Something a person did to a task that approval must vouch for. */
export interface ApprovalEvent {
  kind: 'labeled' | 'renamed' | 'edited' | 'sub-issue-added' | 'blocked-by-added';
  /** The issue it happened on (the task or one of its open sub-issues). */
  issue: number;
  /** Login of who did it (null: a deleted account, never trusted). */
  actor: string | null;
  at: string;
  /** The label applied (`labeled`). */
  label?: string;
}

/** What the controller read about one task to judge its approval (one GraphQL query). */
export interface ApprovalFacts {
  task: number;
  /** The task's text and that of each open sub-issue (closed ones are never shown to the agent). */
  text: ApprovedTextItem[];
  events: ApprovalEvent[];
  /** Part of the history could not be read (more edits or events than one read returns). */
  truncated: boolean;
}

/** An approval given by command (the control record's `approvals`). */
export interface ApprovalOverride {
  by: string;
  at: string;
}

export type Approval =
  { approved: true; by: string; at: string; textHash: string } | { approved: false; reason: string };

export interface ApprovalRules {
  taskLabel: string;
  /** Label prefixes that steer the plan or the prompt (`blocked-by:`, `epic:`). */
  steeringPrefixes: readonly string[];
  minimum: string;
  /** Does this login hold the minimum permission? */
  trusted: (login: string) => boolean;
}

/**
 * The hash of the text an attempt may show its agent: the task and its open sub-issues, by
 * number. The controller passes it at dispatch; the action recomputes it from what it reads.
 */
export function approvedTextHash(items: readonly ApprovedTextItem[]): string {
  const canonical = [...items]
    .sort((a, b) => a.number - b.number)
    .map((item) => [item.number, item.title, item.body.replace(/\r\n/g, '\n')]);
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}

export function judgeApproval(
  facts: ApprovalFacts,
  rules: ApprovalRules,
  override: ApprovalOverride | undefined,
): Approval {
  const isTrusted = (actor: string | null) => actor !== null && rules.trusted(actor);
  const wanted = rules.taskLabel.toLowerCase();
  const labelled = facts.events
    .filter((event) => event.kind === 'labeled' && event.issue === facts.task)
    .filter((event) => event.label?.toLowerCase() === wanted)
    .sort(byTime)
    .at(-1);
  const candidates: ApprovalOverride[] = [];
  if (labelled !== undefined && isTrusted(labelled.actor))
    candidates.push({ by: labelled.actor as string, at: labelled.at });
  // A command approves what was there when it was given, the current label application included.
  if (override !== undefined && (labelled === undefined || time(override.at) >= time(labelled.at)))
    candidates.push(override);
  const approval = candidates.sort((a, b) => time(a.at) - time(b.at)).at(-1);
  if (approval === undefined)
    return { approved: false, reason: unapprovedReason(facts.task, labelled, rules) };
  if (facts.truncated)
    return {
      approved: false,
      reason: `#${facts.task} has more edits and events than Drover reads at once; a person with ${rules.minimum} permission must check it and comment \`/drover approve #${facts.task}\`.`,
    };
  const untrusted = facts.events
    .filter(
      (event) =>
        // Same instant counts as after: GitHub's times have whole seconds, and doubt must not approve.
        time(event.at) >= time(approval.at) && steers(event, facts.task, rules) && !isTrusted(event.actor),
    )
    .sort(byTime)
    .at(-1);
  if (untrusted !== undefined)
    return {
      approved: false,
      reason: `${describe(untrusted)} by ${who(untrusted.actor)}, who has less than ${rules.minimum} permission, after @${approval.by} approved it. Check the change, then comment \`/drover approve #${facts.task}\`.`,
    };
  return { approved: true, by: approval.by, at: approval.at, textHash: approvedTextHash(facts.text) };
}

function steers(event: ApprovalEvent, task: number, rules: ApprovalRules): boolean {
  if (event.kind !== 'labeled') return true;
  const label = (event.label ?? '').toLowerCase();
  if (event.issue === task && label === rules.taskLabel.toLowerCase()) return false;
  return rules.steeringPrefixes.some((prefix) => label.startsWith(prefix.toLowerCase()));
}

function unapprovedReason(task: number, labelled: ApprovalEvent | undefined, rules: ApprovalRules): string {
  const ask = `a person with ${rules.minimum} permission can apply the \`${rules.taskLabel}\` label again or comment \`/drover approve #${task}\`.`;
  if (labelled === undefined)
    return `no one with ${rules.minimum} permission applied the \`${rules.taskLabel}\` label to #${task}: ${ask}`;
  return `the \`${rules.taskLabel}\` label was applied to #${task} by ${who(labelled.actor)}, who has less than ${rules.minimum} permission: ${ask}`;
}

function describe(event: ApprovalEvent): string {
  const on = `#${event.issue}`;
  switch (event.kind) {
    case 'renamed':
      return `the title of ${on} was changed`;
    case 'edited':
      return `the body of ${on} was edited`;
    case 'sub-issue-added':
      return `a sub-issue was added to ${on}`;
    case 'blocked-by-added':
      return `a blocked-by link was added to ${on}`;
    case 'labeled':
      return `the label \`${event.label ?? ''}\` was applied to ${on}`;
  }
}

function who(actor: string | null): string {
  return actor === null ? 'a deleted account' : `@${actor}`;
}

function byTime(a: ApprovalEvent, b: ApprovalEvent): number {
  return time(a.at) - time(b.at);
}

/** GitHub's times have no milliseconds, the control record's do: compare instants, not strings. */
function time(iso: string): number {
  return Date.parse(iso);
}
