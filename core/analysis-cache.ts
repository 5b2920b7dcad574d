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
 * from (recorded as a flat list of primitives, lists preceded by their length or ended by null),
 * not by object identity: a snapshot rebuilt from
 * GitHub, or edited in place, is compared by what it says. A few repositories are kept, the most
 * recently planned first.
 */
import type { DroverConfig } from './config.js';
import { analyseSnapshotUncached, type SnapshotAnalysis } from './snapshot-analysis.js';
import { isPrefixedLabel, stateLabelReader, type StateLabel } from './task-labels.js';
import { statusOf } from './task-model.js';
import type { IssueRef, Snapshot } from './types.js';

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
  const entry = entries.get(snapshot.repo);
  // About 20 values an issue: number, state, title, … labels, links.
  const tape = new Tape(entry?.tape ?? null, 24 * snapshot.issues.length + 16);
  const states = readInputs(snapshot, config, tape);
  if (entry !== undefined && tape.matched()) {
    refreshStatuses(entry.analysis, snapshot, states);
    remember(snapshot.repo, entry);
    return entry.analysis;
  }
  const analysis = analyseSnapshotUncached(snapshot, config);
  remember(snapshot.repo, { tape: tape.recording(), analysis });
  return analysis;
}

/** Forgets every kept analysis (a benchmark measuring a plan from scratch). */
export function clearAnalysisCache(): void {
  entries.clear();
}

/**
 * A recording of the inputs, made while checking them against the previous one: nothing is
 * copied while they match (the usual case), and a mismatch starts a new recording from there.
 */
class Tape {
  private position = 0;
  private matching: boolean;
  private values: Primitive[];
  private length = 0;

  /** `capacity`: about how many values there will be (a cold recording then never grows its list). */
  constructor(
    private readonly previous: readonly Primitive[] | null,
    capacity: number,
  ) {
    this.matching = previous !== null;
    this.values = previous === null ? new Array<Primitive>(capacity) : [];
  }

  put(value: Primitive): void {
    if (this.matching) {
      if (this.previous?.[this.position] === value && this.position < (this.previous?.length ?? 0)) {
        this.position++;
        return;
      }
      this.matching = false;
      this.values = this.previous?.slice(0, this.position) ?? [];
      this.length = this.position;
    }
    this.values[this.length++] = value;
  }

  /** Every value matched the previous recording, and there was nothing more to it. */
  matched(): boolean {
    return this.matching && this.position === this.previous?.length;
  }

  recording(): Primitive[] {
    if (this.matching) return this.previous?.slice(0, this.position) ?? [];
    this.values.length = this.length;
    return this.values;
  }
}

function remember(repo: string, entry: Entry): void {
  entries.delete(repo);
  entries.set(repo, entry);
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
  }
}

function refreshStatuses(analysis: SnapshotAnalysis, snapshot: Snapshot, states: StateBits[]): void {
  snapshot.issues.forEach((issue, position) => {
    const task = analysis.model.tasks.get(issue.number);
    if (task === undefined) return;
    // The controller's own reading of each task (from its runs and PRs) wins over the labels.
    task.status = snapshot.statuses?.[issue.number] ?? statusOf(issue, stateLabelsOf(states[position] ?? 0));
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
function readInputs(snapshot: Snapshot, config: DroverConfig, tape: Tape): StateBits[] {
  const names = config.labels;
  const stateLabelOf = stateLabelReader(names);
  tape.put(snapshot.repo);
  tape.put(names.task);
  for (const state of STATE_LABELS) tape.put(names[state]);
  tape.put(snapshot.referenced.length);
  for (const ref of snapshot.referenced) {
    tape.put(ref.number);
    tape.put(ref.repo);
    tape.put(ref.state);
    tape.put(ref.stateReason);
  }
  tape.put(snapshot.issues.length);
  const states: StateBits[] = new Array<StateBits>(snapshot.issues.length);
  snapshot.issues.forEach((issue, position) => {
    tape.put(issue.number);
    tape.put(issue.state);
    tape.put(issue.stateReason);
    tape.put(issue.title);
    tape.put(issue.author);
    tape.put(issue.createdAt);
    let bits = 0;
    for (const label of issue.labels) {
      const state = stateLabelOf(label);
      if (state !== undefined) bits |= STATE_BIT[state];
      // A state label only sets the status, unless it is also named like an epic:, priority:, … label.
      if (state === undefined || isPrefixedLabel(label)) tape.put(label);
    }
    states[position] = bits;
    // Ends the label list (state labels are left out, so its length is not known up front).
    tape.put(null);
    putRefs(tape, issue.blockedBy);
    putRefs(tape, issue.subIssues);
    tape.put(issue.parent?.number ?? null);
    tape.put(issue.parent?.repo ?? null);
    const durations = snapshot.attempts[issue.number]?.durationsMs ?? [];
    tape.put(durations.length);
    for (const duration of durations) tape.put(duration);
  });
  return states;
}

function putRefs(tape: Tape, refs: readonly IssueRef[]): void {
  tape.put(refs.length);
  for (const ref of refs) {
    tape.put(ref.number);
    tape.put(ref.repo);
  }
}
