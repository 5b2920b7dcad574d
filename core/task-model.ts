/**
 * The task model: every issue of a snapshot turned into a Task, plus the Problems its input has.
 * A task with a problem is never dispatched; the problem says what to fix.
 */
import type { DroverConfig } from './config.js';
import {
  DEFAULT_ESTIMATE,
  estimateTask,
  measureBasis,
  NOMINAL_BASIS,
  type EstimateBasis,
} from './estimate.js';
import { NumberMap } from './number-map.js';
import { readLabels, type LabelReading, type StateLabel } from './task-labels.js';
import type { IssueInput, IssueRef, Problem, Snapshot, StateReason, Task, TaskStatus } from './types.js';

export interface TaskModel {
  /** Every task of the snapshot (issues with the task label and their sub-issues), by number. */
  tasks: NumberMap<Task>;
  /** Problems with the input, in issue order. */
  problems: Problem[];
  /** Tasks that have an input problem (they are never dispatched). */
  invalid: Set<number>;
  /** State of every issue the snapshot knows (tasks and referenced ones), by number. */
  known: NumberMap<{ readonly state: IssueRef['state']; readonly stateReason: StateReason }>;
  /** Tasks whose estimate is the mean of their own finished attempts (for a parent: of its whole unit). */
  measured: Set<number>;
  /** The pace unmeasured tasks are estimated at. */
  basis: EstimateBasis;
}

export function buildTaskModel(snapshot: Snapshot, config: DroverConfig): TaskModel {
  const known = knownIssues(snapshot);
  const taskIssues = selectTaskIssues(snapshot.issues, config.labels.task);
  const basis = basisOf(snapshot, taskIssues, config);
  const model: TaskModel = {
    tasks: new NumberMap(taskIssues.length),
    problems: [],
    invalid: new Set(),
    known,
    measured: new Set(),
    basis,
  };
  for (let position = 0; position < taskIssues.length; position++) {
    const issue = taskIssues[position]!;
    const reading = readLabels(issue.number, issue.labels, config.labels);
    // Each reading is this model's own: its problem list takes the link problems too.
    const problems = reading.problems;
    const task = toTask(issue, reading, snapshot, known, problems, basis);
    model.tasks.set(task.number, task);
    if ((snapshot.attempts[issue.number]?.durationsMs.length ?? 0) > 0) model.measured.add(issue.number);
    addProblems(model, problems);
  }
  for (let position = 0; position < taskIssues.length; position++)
    checkDepth(taskIssues[position]!, snapshot.repo, model);
  return model;
}

/**
 * The pace over every task of the snapshot with measured attempts (closed ones included: they
 * are the history). An attempt of a parent ran its sub-issues too: their sizes count.
 */
function basisOf(snapshot: Snapshot, taskIssues: IssueInput[], config: DroverConfig): EstimateBasis {
  const measured = taskIssues.filter(
    (issue) => (snapshot.attempts[issue.number]?.durationsMs.length ?? 0) > 0,
  );
  if (measured.length === 0) return NOMINAL_BASIS;
  const byNumber = new Map(taskIssues.map((issue) => [issue.number, issue]));
  const nominal = (number: number): number => {
    const issue = byNumber.get(number);
    if (issue === undefined) return 0;
    return readLabels(number, issue.labels, config.labels).sizeUnits ?? DEFAULT_ESTIMATE;
  };
  return measureBasis(
    measured.map((issue) => {
      let nominalUnits = nominal(issue.number);
      for (const child of issue.subIssues) nominalUnits += nominal(child.number);
      return { durationsMs: snapshot.attempts[issue.number]?.durationsMs ?? [], nominalUnits };
    }),
  );
}

/** Issues carrying the task label, and the sub-issues of those (they run inside their parent). */
function selectTaskIssues(issues: readonly IssueInput[], taskLabel: string): IssueInput[] {
  const label = taskLabel.toLowerCase();
  const labelled = new NumberMap<true>(issues.length);
  for (const issue of issues) {
    for (const name of issue.labels) {
      if (name !== taskLabel && (name.length !== label.length || name.toLowerCase() !== label)) continue;
      labelled.set(issue.number, true);
      break;
    }
  }
  return issues.filter(
    (issue) => labelled.has(issue.number) || (issue.parent !== null && labelled.has(issue.parent.number)),
  );
}

function knownIssues(snapshot: Snapshot): TaskModel['known'] {
  const known: TaskModel['known'] = new NumberMap(snapshot.issues.length + snapshot.referenced.length);
  for (const ref of snapshot.referenced)
    if (sameRepo(ref.repo, snapshot.repo)) known.set(ref.number, issueState(ref.state, ref.stateReason));
  for (const issue of snapshot.issues) known.set(issue.number, issueState(issue.state, issue.stateReason));
  return known;
}

type IssueState = { readonly state: IssueRef['state']; readonly stateReason: StateReason };

const ISSUE_STATES = new Map<IssueRef['state'], Map<StateReason, IssueState>>();

/**
 * One frozen object per (state, reason): a handful in all, shared by every issue. Not the
 * snapshot's own objects, so a model kept for later plans never sees later edits to them.
 */
function issueState(state: IssueRef['state'], stateReason: StateReason): IssueState {
  let byReason = ISSUE_STATES.get(state);
  if (byReason === undefined) ISSUE_STATES.set(state, (byReason = new Map()));
  let shared = byReason.get(stateReason);
  if (shared === undefined) byReason.set(stateReason, (shared = Object.freeze({ state, stateReason })));
  return shared;
}

function toTask(
  issue: IssueInput,
  reading: LabelReading,
  snapshot: Snapshot,
  known: TaskModel['known'],
  problems: Problem[],
  basis: EstimateBasis,
): Task {
  const durations = snapshot.attempts[issue.number]?.durationsMs;
  return {
    number: issue.number,
    title: issue.title,
    epic: reading.epic,
    priority: reading.priority,
    dependsOn: dependenciesOf(issue, reading, snapshot, known, problems),
    children: sameRepoNumbers(issue.subIssues, snapshot.repo),
    parent: issue.parent !== null && sameRepo(issue.parent.repo, snapshot.repo) ? issue.parent.number : null,
    status: snapshot.statuses?.[issue.number] ?? statusOf(issue, reading.stateLabels),
    estimate: estimateTask(reading.sizeUnits, durations, basis.msPerUnit),
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
  const numbers = linkNumbers(issue, reading, snapshot.repo, problems);
  sortNumbers(numbers);
  // Kept blockers are compacted in place before the one copy below.
  let kept = 0;
  for (let position = 0; position < numbers.length; position++) {
    const blocker = numbers[position] as number;
    if (position > 0 && blocker === numbers[position - 1]) continue;
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
      numbers[kept++] = blocker;
    }
  }
  if (kept === 0) return NONE;
  // Kept across plans in the task model: a list of exactly its length.
  return kept === numbers.length && numbers !== reading.blockedBy ? numbers : numbers.slice(0, kept);
}

/**
 * The numbers of every link, native and from labels, in a list of its own; a link to another
 * repository is a problem instead. Usually there are native links only: their numbers are mapped
 * into a list of exactly their length (the reading's, pushed onto, has room for 17).
 */
function linkNumbers(issue: IssueInput, reading: LabelReading, repo: string, problems: Problem[]): number[] {
  const refs = issue.blockedBy;
  if (reading.blockedBy.length === 0 && refs.every((ref) => sameRepo(ref.repo, repo)))
    return refs.map((ref) => ref.number);
  // The reading is this model's own: its list takes the native links too.
  const numbers = reading.blockedBy;
  for (const ref of refs) {
    if (sameRepo(ref.repo, repo)) {
      numbers.push(ref.number);
      continue;
    }
    problems.push({
      kind: 'cross-repo-dependency',
      issues: [issue.number],
      message: `#${issue.number} is blocked by ${ref.repo}#${ref.number} in another repository; Drover cannot run or wait on it: remove the link or close the blocker by hand.`,
    });
  }
  return numbers;
}

/** Closed: done or not planned; open: the first of Drover's state labels it carries, in this order, or todo. */
export function statusOf(
  issue: Pick<IssueInput, 'state' | 'stateReason'>,
  stateLabels: ReadonlySet<StateLabel>,
): TaskStatus {
  if (issue.state === 'closed') return isCompleted(issue.stateReason) ? 'done' : 'not_planned';
  if (stateLabels.size === 0) return 'todo';
  for (const state of STATUS_LABELS) if (stateLabels.has(state)) return state;
  return 'todo';
}

/** The state labels that set a status, the first one carried winning. */
const STATUS_LABELS = ['failed', 'blocked', 'review', 'running'] as const;

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

/** Ascending, in place. Most tasks have a handful of blockers: an insertion sort, without a comparator call each. */
function sortNumbers(numbers: number[]): void {
  if (numbers.length > 16) {
    numbers.sort((a, b) => a - b);
    return;
  }
  for (let index = 1; index < numbers.length; index++) {
    const value = numbers[index] as number;
    let at = index - 1;
    for (; at >= 0 && (numbers[at] as number) > value; at--) numbers[at + 1] = numbers[at] as number;
    numbers[at + 1] = value;
  }
}

/**
 * Most tasks have no blockers and no sub-issues: they share this empty list. It is frozen, so
 * writing to a task's lists (which nothing does) fails loudly instead of changing every task.
 */
const NONE = Object.freeze([]) as unknown as number[];

function sameRepoNumbers(refs: readonly IssueRef[], repo: string): number[] {
  if (refs.length === 0) return NONE;
  const numbers: number[] = [];
  for (const ref of refs) if (sameRepo(ref.repo, repo)) numbers.push(ref.number);
  return numbers;
}

export function sameRepo(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
