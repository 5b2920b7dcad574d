/**
 * Folding a read of task issues into the session: a full read replaces what the session knew;
 * an incremental read (every issue updated since the last pass) updates the tasks it names,
 * drops tasks whose label was removed, and refreshes the blockers and sub-issues it touches.
 */
import type { TaskIssues } from '../../../core/gateway/issues.js';
import type { IssueInput, IssueRef } from '../../../core/types.js';
import type { RepoSession } from '../repo-session.js';

function hasLabel(issue: IssueInput, label: string): boolean {
  const wanted = label.toLowerCase();
  return issue.labels.some((name) => name.toLowerCase() === wanted);
}

export function applyFullRead(session: RepoSession, reads: TaskIssues[], taskLabel: string): void {
  session.issues.clear();
  session.referenced.clear();
  session.pulls.clear();
  for (const read of reads) applyRead(session, read, taskLabel);
}

/**
 * Every issue of the read updates the session; a task's approval facts that came with it are kept
 * as of the same `updatedAt` (observe/read-approvals.ts reads the rest).
 */
export function applyRead(session: RepoSession, read: TaskIssues, taskLabel: string): void {
  for (const issue of read.issues) {
    if (hasLabel(issue, taskLabel)) {
      session.issues.set(issue.number, issue);
      session.pulls.set(issue.number, read.pulls.get(issue.number) ?? []);
      const facts = read.approvalFacts?.get(issue.number);
      if (facts !== undefined) session.approvalFacts.set(issue.number, { updatedAt: issue.updatedAt, facts });
      addChildren(session, issue);
    } else if (isChildOfTask(session, issue)) {
      session.issues.set(issue.number, { ...issue, labels: [] });
    } else if (session.issues.has(issue.number)) {
      // The task label was removed: it is no longer Drover's to run.
      session.issues.delete(issue.number);
      session.pulls.delete(issue.number);
    }
    const known = session.referenced.get(issue.number);
    if (known !== undefined) session.referenced.set(issue.number, refreshRef(known, issue));
  }
  for (const ref of read.referenced) {
    if (!session.issues.has(ref.number) && ref.repo.toLowerCase() === session.repo.toLowerCase())
      session.referenced.set(ref.number, ref);
  }
}

function isChildOfTask(session: RepoSession, issue: IssueInput): boolean {
  const parent = issue.parent === null ? undefined : session.issues.get(issue.parent.number);
  return parent !== undefined && parent.labels.length > 0;
}

/** Sub-issues run inside their parent's attempt even without the task label. */
function addChildren(session: RepoSession, parent: IssueInput): void {
  for (const child of parent.subIssues) {
    if (child.repo.toLowerCase() !== parent.repo.toLowerCase()) continue;
    const known = session.issues.get(child.number);
    if (known !== undefined && known.labels.length > 0) continue;
    session.issues.set(child.number, {
      ...childInput(child, parent),
      ...(known !== undefined && { body: known.body, blockedBy: known.blockedBy }),
    });
  }
}

function childInput(child: IssueRef, parent: IssueInput): IssueInput {
  return {
    number: child.number,
    repo: child.repo,
    nodeId: child.nodeId,
    databaseId: child.databaseId,
    title: child.title ?? `#${child.number}`,
    body: '',
    state: child.state,
    stateReason: child.stateReason,
    labels: [],
    blockedBy: [],
    parent: {
      number: parent.number,
      repo: parent.repo,
      nodeId: parent.nodeId,
      state: parent.state,
      stateReason: parent.stateReason,
    },
    subIssues: [],
    author: parent.author,
    createdAt: parent.createdAt,
    updatedAt: parent.updatedAt,
  };
}

function refreshRef(ref: IssueRef, issue: IssueInput): IssueRef {
  return { ...ref, title: issue.title, state: issue.state, stateReason: issue.stateReason };
}
