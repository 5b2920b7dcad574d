/**
 * Plans across reconciles are incremental: the analysis of a snapshot (task model, dispatch
 * units, DAG, ranks: snapshot-analysis.ts) is kept and reused while the inputs that determine it
 * are unchanged. Those inputs are, for every issue: its number, state, title, author, creation
 * time, links (blockers, parent, sub-issues) and labels other than Drover's state labels; the
 * referenced issues' states; the measured attempt durations (estimates); and the configured label
 * names. Drover's own state labels (`drover:running`, `drover:review`, …) change on almost every
 * reconcile yet only change task statuses, which are refreshed on every reuse; anything else
 * (the clock, attempts under way, retry times, the run) is read by the planner on every plan.
 *
 * Reuse is decided by comparing those inputs value by value with the ones the analysis was built
 * from (recorded as a flat list of primitives), not by object identity: a snapshot rebuilt from
 * GitHub, or edited in place, is compared by what it says. A few repositories are kept, the most
 * recently planned first.
 */
import type { DroverConfig } from './config.js';
import { analyseSnapshotUncached, type SnapshotAnalysis } from './snapshot-analysis.js';
import { isPrefixedLabel, stateLabelOf, type StateLabel } from './task-labels.js';
import { statusOf } from './task-model.js';
import type { IssueInput, Snapshot } from './types.js';

/** Repositories whose last analysis is kept (an app installed on a few busy repositories). */
const MAX_ENTRIES = 4;

interface Entry {
  tape: Primitive[];
  analysis: SnapshotAnalysis;
}

type Primitive = string | number | boolean | null | undefined;

const entries = new Map<string, Entry>();

/** The task model, the dispatch units and their DAG: everything in a plan that does not depend on time. */
export function analyseSnapshot(snapshot: Snapshot, config: DroverConfig): SnapshotAnalysis {
  const inputs = readInputs(snapshot, config);
  const entry = entries.get(snapshot.repo);
  if (entry !== undefined && sameTape(entry.tape, inputs.tape)) {
    refreshStatuses(entry.analysis, snapshot.issues, inputs.states);
    remember(snapshot.repo, entry);
    return entry.analysis;
  }
  const analysis = analyseSnapshotUncached(snapshot, config);
  remember(snapshot.repo, { tape: inputs.tape, analysis });
  return analysis;
}

/** Forgets every kept analysis (a benchmark measuring a plan from scratch). */
export function clearAnalysisCache(): void {
  entries.clear();
}

function sameTape(a: readonly Primitive[], b: readonly Primitive[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function remember(repo: string, entry: Entry): void {
  entries.delete(repo);
  entries.set(repo, entry);
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
  }
}

function refreshStatuses(
  analysis: SnapshotAnalysis,
  issues: readonly IssueInput[],
  states: StateBits[],
): void {
  issues.forEach((issue, position) => {
    const task = analysis.model.tasks.get(issue.number);
    if (task !== undefined) task.status = statusOf(issue, stateLabelsOf(states[position] ?? 0));
  });
}

/** Drover's state labels on one issue, as bits (in STATE_LABELS order). */
type StateBits = number;

const STATE_LABELS = ['running', 'review', 'blocked', 'failed'] as const;
const STATE_BIT: Record<StateLabel, number> = { running: 1, review: 2, blocked: 4, failed: 8 };

/** The set of state labels for each combination of bits. */
const STATE_LABEL_SETS: ReadonlyArray<ReadonlySet<StateLabel>> = Array.from(
  { length: 1 << STATE_LABELS.length },
  (_, bits) => new Set(STATE_LABELS.filter((_state, bit) => (bits & (1 << bit)) !== 0)),
);

function stateLabelsOf(bits: StateBits): ReadonlySet<StateLabel> {
  return STATE_LABEL_SETS[bits] ?? new Set();
}

/**
 * The inputs an analysis depends on, as a flat list of primitives in a fixed order (lists are
 * preceded by their length or ended by null), and each issue's state labels aside.
 */
function readInputs(snapshot: Snapshot, config: DroverConfig): { tape: Primitive[]; states: StateBits[] } {
  const names = config.labels;
  const tape: Primitive[] = [snapshot.repo, names.task, ...STATE_LABELS.map((state) => names[state])];
  tape.push(snapshot.referenced.length);
  for (const ref of snapshot.referenced) tape.push(ref.number, ref.repo, ref.state, ref.stateReason);
  tape.push(snapshot.issues.length);
  const states: StateBits[] = new Array<StateBits>(snapshot.issues.length);
  snapshot.issues.forEach((issue, position) => {
    tape.push(issue.number, issue.state, issue.stateReason, issue.title, issue.author, issue.createdAt);
    let bits = 0;
    for (const label of issue.labels) {
      const state = stateLabelOf(label, names);
      if (state !== undefined) bits |= STATE_BIT[state];
      // A state label only sets the status, unless it is also named like an epic:, priority:, … label.
      if (state === undefined || isPrefixedLabel(label)) tape.push(label);
    }
    states[position] = bits;
    // Ends the label list (state labels are left out, so its length is not known up front).
    tape.push(null, issue.blockedBy.length);
    for (const ref of issue.blockedBy) tape.push(ref.number, ref.repo);
    tape.push(issue.subIssues.length);
    for (const ref of issue.subIssues) tape.push(ref.number, ref.repo);
    if (issue.parent === null) tape.push(null);
    else tape.push(issue.parent.number, issue.parent.repo);
    const durations = snapshot.attempts[issue.number]?.durationsMs;
    if (durations === undefined) tape.push(0);
    else {
      tape.push(durations.length);
      for (const duration of durations) tape.push(duration);
    }
  });
  return { tape, states };
}
