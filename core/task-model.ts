/**
 * The task model: every issue of a snapshot turned into a Task, plus the Problems its input has.
 * A task with a problem is never dispatched; the problem says what to fix.
 */
import type { DroverConfig } from './config.js';
import { estimateTask } from './estimate.js';
import { readLabels, type LabelReading } from './task-labels.js';
import type { IssueInput, IssueRef, Problem, Snapshot, StateReason, Task, TaskStatus } from './types.js';

export interface TaskModel {
  /** Every task of the snapshot (issues with the task label and their sub-issues), by number. */
  tasks: Map<number, Task>;
  /** Problems with the input, in issue order. */
  problems: Problem[];
  /** Tasks that have an input problem (they are never dispatched). */
  invalid: Set<number>;
  /** State of every issue the snapshot knows (tasks and referenced ones), by number. */
  known: Map<number, { state: IssueRef['state']; stateReason: StateReason }>;
}

export function buildTaskModel(snapshot: Snapshot, config: DroverConfig): TaskModel {
  const known = knownIssues(snapshot);
  const taskIssues = selectTaskIssues(snapshot.issues, config.labels.task);
  const model: TaskModel = { tasks: new Map(), problems: [], invalid: new Set(), known };
  for (const issue of taskIssues) {
    const reading = readLabels(issue.number, issue.labels, config.labels);
    const problems = [...reading.problems];
    const task = toTask(issue, reading, snapshot, known, problems);
    model.tasks.set(task.number, task);
    addProblems(model, problems);
  }
  for (const issue of taskIssues) checkDepth(issue, snapshot.repo, model);
  return model;
}

/** Issues carrying the task label, and the sub-issues of those (they run inside their parent). */
function selectTaskIssues(issues: readonly IssueInput[], taskLabel: string): IssueInput[] {
  const label = taskLabel.toLowerCase();
  const labelled = new Set(
    issues
      .filter((issue) => issue.labels.some((name) => name.toLowerCase() === label))
      .map((issue) => issue.number),
  );
  return issues.filter(
    (issue) => labelled.has(issue.number) || (issue.parent !== null && labelled.has(issue.parent.number)),
  );
}

function knownIssues(snapshot: Snapshot): TaskModel['known'] {
  const known: TaskModel['known'] = new Map();
  for (const ref of snapshot.referenced) {
    if (sameRepo(ref.repo, snapshot.repo))
      known.set(ref.number, { state: ref.state, stateReason: ref.stateReason });
  }
  for (const issue of snapshot.issues)
    known.set(issue.number, { state: issue.state, stateReason: issue.stateReason });
  return known;
}

function toTask(
  issue: IssueInput,
  reading: LabelReading,
  snapshot: Snapshot,
  known: TaskModel['known'],
  problems: Problem[],
): Task {
  const durations = snapshot.attempts[issue.number]?.durationsMs;
  return {
    number: issue.number,
    title: issue.title,
    epic: reading.epic,
    priority: reading.priority,
    dependsOn: dependenciesOf(issue, reading, snapshot, known, problems),
    children: issue.subIssues.filter((ref) => sameRepo(ref.repo, snapshot.repo)).map((ref) => ref.number),
    parent: issue.parent !== null && sameRepo(issue.parent.repo, snapshot.repo) ? issue.parent.number : null,
    status: snapshot.statuses?.[issue.number] ?? statusOf(issue, reading),
    estimate: estimateTask(reading.sizeUnits, durations),
    createdAt: issue.createdAt,
    author: issue.author,
  };
}

/** Native links and `blocked-by:#N` labels, merged and deduped; bad ones become problems instead. */
function dependenciesOf(
  issue: IssueInput,
  reading: LabelReading,
  snapshot: Snapshot,
  known: TaskModel['known'],
  problems: Problem[],
): number[] {
  const numbers = new Set<number>(reading.blockedBy);
  for (const ref of issue.blockedBy) {
    if (sameRepo(ref.repo, snapshot.repo)) {
      numbers.add(ref.number);
      continue;
    }
    problems.push({
      kind: 'cross-repo-dependency',
      issues: [issue.number],
      message: `#${issue.number} is blocked by ${ref.repo}#${ref.number} in another repository; Drover cannot run or wait on it: remove the link or close the blocker by hand.`,
    });
  }
  const dependsOn: number[] = [];
  for (const blocker of [...numbers].sort((a, b) => a - b)) {
    if (blocker === issue.number) {
      problems.push({
        kind: 'self-dependency',
        issues: [issue.number],
        message: `#${issue.number} depends on itself: remove its own number from its blockers.`,
      });
    } else if (!known.has(blocker)) {
      problems.push({
        kind: 'missing-dependency',
        issues: [issue.number, blocker],
        message: `#${issue.number} is blocked by #${blocker}, which does not exist in ${snapshot.repo}: fix the number or remove the link.`,
      });
    } else {
      dependsOn.push(blocker);
    }
  }
  return dependsOn;
}

function statusOf(issue: IssueInput, reading: LabelReading): TaskStatus {
  if (issue.state === 'closed') return isCompleted(issue.stateReason) ? 'done' : 'not_planned';
  for (const state of ['failed', 'blocked', 'review', 'running'] as const) {
    if (reading.stateLabels.has(state)) return state;
  }
  return 'todo';
}

/** Closed as completed (GitHub reports old closes with no reason, and "reopened" then closed again). */
export function isCompleted(reason: StateReason): boolean {
  return reason !== 'not_planned' && reason !== 'duplicate';
}

/** Parent → child is the only nesting Drover runs: a sub-issue with sub-issues of its own is refused. */
function checkDepth(issue: IssueInput, repo: string, model: TaskModel): void {
  if (issue.parent === null || issue.subIssues.length === 0) return;
  const parent = issue.parent.number;
  const grandchildren = issue.subIssues.map((ref) => `#${ref.number}`).join(', ');
  const parentInModel = sameRepo(issue.parent.repo, repo) && model.tasks.has(parent);
  addProblems(model, [
    {
      kind: 'too-deep',
      issues: parentInModel ? [parent, issue.number] : [issue.number],
      message: `#${issue.number} is a sub-issue of #${parent} and has sub-issues of its own (${grandchildren}); Drover runs one level (parent → child): move them up to #${parent} or detach #${issue.number}.`,
    },
  ]);
}

function addProblems(model: TaskModel, problems: Problem[]): void {
  for (const problem of problems) {
    model.problems.push(problem);
    for (const number of problem.issues) if (model.tasks.has(number)) model.invalid.add(number);
  }
}

export function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
