/**
 * The planner: a pure function from a snapshot of the repository's task state to a Plan (what to
 * dispatch now, what to mark failed, what waits on what, what to tell people, and the forecast
 * of the rest of the run). Same input, same plan. O((n + e) log n) for n tasks and e links; the
 * part that depends only on the issues is shared between plans (analysis-cache.ts).
 */
import { budgetReached } from './run-budget.js';
import { attemptsExhausted } from './backoff.js';
import { analyseSnapshot } from './analysis-cache.js';
import { chooseOrder } from './choose-order.js';
import type { DroverConfig } from './config.js';
import type { DispatchUnit } from './dispatch-units.js';
import { normaliseEpic } from './normalise-epic.js';
import { ESTIMATE_UNIT_MS } from './estimate.js';
import { DROVER_ORDERS, type ReadyOrder } from './ready-order.js';
import { remainingWork, summariseForecast, type UnitStates, type Verdict } from './remaining-work.js';
import { orderRank, type BlockerFacts, type SnapshotAnalysis } from './snapshot-analysis.js';
import type { AttemptRecord, Dispatch, Plan, Problem, Snapshot, Waiting } from './types.js';

export { analyseSnapshot } from './analysis-cache.js';
export { rankUnits, type SnapshotAnalysis } from './snapshot-analysis.js';

export function plan(snapshot: Snapshot, config: DroverConfig, now: Date): Plan {
  return planWithOrders(snapshot, config, now, DROVER_ORDERS);
}

/**
 * The planner choosing among other orders for ready tasks (the first one, or the one with the
 * shortest forecast when workers are scarce): `plan` uses DROVER_ORDERS; the benchmark's
 * baselines pass a single order.
 */
export function planWithOrders(
  snapshot: Snapshot,
  config: DroverConfig,
  now: Date,
  orders: readonly ReadyOrder[],
): Plan {
  if (orders.length === 0) throw new Error('planWithOrders needs at least one order');
  const analysis = analyseSnapshot(snapshot, config);
  const context: PlanContext = { snapshot, config, now, analysis, scope: scopeOf(snapshot) };
  const result: Plan = {
    dispatch: [],
    fail: [],
    readyOrder: [],
    waiting: [],
    problems: problemsOf(analysis),
    criticalPath: [],
    nextWakeAt: null,
  };
  const states = unitStates(context, result);
  const ready: number[] = [];
  states.verdicts.forEach((verdict, node) => verdict === 'ready' && ready.push(node));
  const free = freeWorkers(context, states.busy.size);
  const work = remainingWork(analysis, states);
  // Only when workers are scarce does the order among ready units change what starts.
  const candidates = ready.length > free && free > 0 ? orders : orders.slice(0, 1);
  const rankOf = (order: ReadyOrder): Int32Array => orderRank(analysis, order);
  const choice = chooseOrder(candidates, rankOf, work.input, analysis.dag.order);
  result.readyOrder = inRankOrder(ready, choice.rank).map((node) => analysis.dag.dag.ids[node]!);
  result.dispatch = result.readyOrder.slice(0, free).map((number) => dispatchOf(number, context));
  if (isActive(snapshot)) {
    for (const number of result.readyOrder.slice(free))
      result.waiting.push({ task: number, why: 'no-worker', on: [] });
  }
  const summary = summariseForecast(analysis, states, work, choice.schedule, analysis.model.basis);
  result.criticalPath = summary.criticalPath;
  result.forecast = summary.forecast;
  return result;
}

/** `nodes` sorted by `rank` (a permutation of 0..n-1): each placed at its rank, O(n) rather than a sort. */
function inRankOrder(nodes: readonly number[], rank: Int32Array): number[] {
  const byRank = new Int32Array(rank.length).fill(-1);
  for (const node of nodes) byRank[rank[node]!] = node;
  const sorted: number[] = [];
  for (const node of byRank) if (node >= 0) sorted.push(node);
  return sorted;
}

/** The input's problems and the cycles, copied: the analysis is kept for later plans, the plan is the caller's. */
function problemsOf(analysis: SnapshotAnalysis): Problem[] {
  return [...analysis.model.problems, ...cycleProblems(analysis.dag.cycles)].map((problem) => ({
    ...problem,
    issues: [...problem.issues],
  }));
}

interface PlanContext {
  snapshot: Snapshot;
  config: DroverConfig;
  now: Date;
  analysis: SnapshotAnalysis;
  /** The run's epic (normalised, lower case), or null for every task. */
  scope: string | null;
}

function scopeOf(snapshot: Snapshot): string | null {
  const epic = snapshot.run?.epic;
  if (epic === undefined || epic === null) return null;
  return normaliseEpic(epic)?.toLowerCase() ?? null;
}

function inScope(unit: DispatchUnit, context: PlanContext): boolean {
  if (context.scope === null) return true;
  const epic = unit.task.epic;
  return epic !== null && epic.toLowerCase() === context.scope;
}

/** Triage of every unit: what is under way, what is ready, what waits and why (recorded in `result`). */
function unitStates(context: PlanContext, result: Plan): UnitStates {
  const { units, dag } = context.analysis;
  const busy = busyTasks(context);
  const verdicts: Array<Verdict | undefined> = new Array<Verdict | undefined>(units.length);
  const release = new Float64Array(units.length);
  // Every unit's scope first: triage looks at its blockers' too.
  const scoped = new Uint8Array(units.length);
  units.forEach((unit, node) => (scoped[node] = inScope(unit, context) ? 1 : 0));
  units.forEach((unit, node) => {
    const number = unit.task.number;
    if (unit.task.status !== 'todo' || busy.has(number)) return;
    const verdict = triage(unit, node, context, scoped, result);
    verdicts[node] = verdict;
    if (verdict === 'retry') release[node] = retryDelay(number, context);
  });
  return {
    verdicts,
    release,
    busy,
    remaining: (unit) => remainingEstimate(unit, context, dag.dag.indexOf.get(unit)),
    inScope: scoped,
    workers: workersOf(context),
  };
}

/**
 * Tasks with an attempt under way: labelled running, or with an in-flight run whatever their
 * label says (a dispatch whose label write was lost). Each counts once against `workers`.
 */
function busyTasks({ snapshot, analysis }: PlanContext): Set<number> {
  const { model, index } = analysis;
  const busy = new Set<number>();
  const tasks = model.tasks.valueArray();
  for (let position = 0; position < tasks.length; position++) {
    const task = tasks[position]!;
    if (task.status === 'running') busy.add(index.unitOf(task.number));
  }
  for (const run of snapshot.inFlight) busy.add(index.unitOf(run.task));
  return busy;
}

/** Decides whether a todo unit is ready; when not, records why (waiting, fail, problems). */
function triage(
  unit: DispatchUnit,
  node: number,
  context: PlanContext,
  scoped: Uint8Array,
  result: Plan,
): Verdict {
  const number = unit.task.number;
  const { model, dag } = context.analysis;
  const record: AttemptRecord | undefined = context.snapshot.attempts[number];
  if (
    record !== undefined &&
    attemptsExhausted(record.attempt, record.lastOutcome, context.config.max_attempts)
  ) {
    result.fail.push({ task: number, reason: exhaustedReason(record, context.config.max_attempts) });
    return 'held';
  }
  if (scoped[node] !== 1) return 'held';
  if (model.invalid.has(number) || unit.children.some((member) => model.invalid.has(member.number))) {
    result.waiting.push({ task: number, why: 'invalid', on: [] });
    return 'held';
  }
  if (context.snapshot.awaitingApproval?.has(number)) {
    result.waiting.push({ task: number, why: 'awaiting-approval', on: [] });
    return 'held';
  }
  const cycle = dag.cycleOf.get(number);
  if (cycle !== undefined) {
    result.waiting.push({ task: number, why: 'cycle', on: cycle.filter((member) => member !== number) });
    return 'held';
  }
  const unmet = recordUnmetBlockers(unit, node, context, scoped, result);
  if (unmet !== 'met') return unmet === 'drover' ? 'blocked' : 'held';
  return retryIsDue(number, record, context, result) ? 'ready' : 'retry';
}

function exhaustedReason(record: AttemptRecord, maxAttempts: number): string {
  const last = record.reason === null ? '' : `; last failure: ${record.reason}`;
  return `all ${maxAttempts} attempts failed (attempt ${record.attempt} was the last allowed)${last}`;
}

function retryIsDue(
  number: number,
  record: AttemptRecord | undefined,
  context: PlanContext,
  result: Plan,
): boolean {
  if (record?.lastOutcome !== 'failed' || record.nextRetryAt === null) return true;
  const due = Date.parse(record.nextRetryAt);
  if (!(due > context.now.getTime())) return true;
  result.waiting.push({ task: number, why: 'retry-later', on: [], until: record.nextRetryAt });
  if (result.nextWakeAt === null || due < Date.parse(result.nextWakeAt))
    result.nextWakeAt = record.nextRetryAt;
  return false;
}

/** How long until a unit's retry is due, in estimate units. */
function retryDelay(number: number, context: PlanContext): number {
  const due = Date.parse(context.snapshot.attempts[number]?.nextRetryAt ?? '');
  return Number.isNaN(due) ? 0 : Math.max(0, (due - context.now.getTime()) / ESTIMATE_UNIT_MS);
}

type BlockerWhy = Extract<
  Waiting['why'],
  'not-planned-blocker' | 'out-of-scope-blocker' | 'blocker-failed' | 'blocker-blocked' | 'blocker-open'
>;

/** Most actionable first: what needs a person before what only needs time. */
const BLOCKER_WHYS: readonly BlockerWhy[] = [
  'not-planned-blocker',
  'out-of-scope-blocker',
  'blocker-failed',
  'blocker-blocked',
  'blocker-open',
];

/**
 * Records why a unit waits on its blockers (one entry per reason, most actionable first) and
 * says what the wait depends on: nothing (every blocker is met), only open tasks Drover runs in
 * this scope (the unit starts once they finish), or something else.
 */
function recordUnmetBlockers(
  unit: DispatchUnit,
  node: number,
  context: PlanContext,
  scoped: Uint8Array,
  result: Plan,
): 'met' | 'drover' | 'other' {
  const task = unit.task.number;
  const facts = context.analysis.blockers;
  let on: number[] | null = null;
  let whys: BlockerWhy[] | null = null;
  let first: BlockerWhy | null = null;
  let onlyDrover = true;
  for (let entry = facts.start[node]!; entry < facts.start[node + 1]!; entry++) {
    const why = blockerState(facts, entry, context, scoped);
    if (why === null) continue;
    const blocker = facts.number[entry]!;
    // Usually every unmet blocker waits for the same reason: the reasons are only listed when not.
    if (first === null) first = why;
    else if (whys === null && why !== first) whys = (on ?? []).map(() => first as BlockerWhy);
    whys?.push(why);
    if (on === null) on = [blocker];
    else on.push(blocker);
    if (why !== 'blocker-open' || facts.task[entry] === null) onlyDrover = false;
    if (why === 'not-planned-blocker') result.problems.push(notPlannedProblem(task, blocker));
  }
  if (first === null || on === null) return 'met';
  if (whys === null) result.waiting.push({ task, why: first, on });
  else {
    for (const why of BLOCKER_WHYS) {
      const these = on.filter((_blocker, index) => whys[index] === why);
      if (these.length > 0) result.waiting.push({ task, why, on: these });
    }
  }
  return onlyDrover ? 'drover' : 'other';
}

/** null when blocker `entry` is met; otherwise why it is not. */
function blockerState(
  facts: BlockerFacts,
  entry: number,
  context: PlanContext,
  scoped: Uint8Array,
): BlockerWhy | null {
  if (facts.closed[entry] === 1)
    return facts.closedMet[entry] === 1 || context.config.not_planned_satisfies
      ? null
      : 'not-planned-blocker';
  const task = facts.task[entry];
  if (task === null || task === undefined) return 'blocker-open';
  const unitStatus = facts.unitTask[entry]?.status;
  if (task.status === 'failed' || unitStatus === 'failed') return 'blocker-failed';
  if (task.status === 'blocked' || unitStatus === 'blocked') return 'blocker-blocked';
  if (scoped[facts.unitNode[entry]!] !== 1) return 'out-of-scope-blocker';
  return 'blocker-open';
}

function notPlannedProblem(task: number, blocker: number): Problem {
  return {
    kind: 'not-planned-dependency',
    issues: [task, blocker],
    message: `#${task} is blocked by #${blocker}, which was closed as not planned: remove the link, reopen #${blocker}, or set not_planned_satisfies: true.`,
  };
}

function cycleProblems(cycles: number[][]): Problem[] {
  return cycles.map((cycle) => ({
    kind: 'cycle',
    issues: cycle,
    message: `${[...cycle, cycle[0]].map((number) => `#${number}`).join(' → ')} wait on each other in a cycle: none of them runs until one of these links is removed.`,
  }));
}

function isActive(snapshot: Snapshot): boolean {
  const run = snapshot.run;
  return run !== null && !run.paused && !run.cancelled && !run.endedAt && !budgetReached(snapshot);
}

function workersOf(context: PlanContext): number {
  const workers = context.snapshot.run?.workers ?? 0;
  return workers >= 1 ? workers : context.config.workers;
}

/** A paused, cancelled, over-budget or absent run has no free worker; otherwise those running attempts leave. */
function freeWorkers(context: PlanContext, busyCount: number): number {
  return isActive(context.snapshot) ? Math.max(0, workersOf(context) - busyCount) : 0;
}

/** A running attempt's estimate less the time it has run (since dispatchedAt), never below 0. */
function remainingEstimate(unit: number, context: PlanContext, node: number | undefined): number {
  const estimate = node === undefined ? 0 : context.analysis.dag.dag.estimate[node]!;
  const dispatchedAt = context.snapshot.attempts[unit]?.dispatchedAt;
  if (dispatchedAt === undefined || dispatchedAt === null) return estimate;
  const elapsed = (context.now.getTime() - Date.parse(dispatchedAt)) / ESTIMATE_UNIT_MS;
  return Number.isNaN(elapsed) ? estimate : Math.max(0, estimate - elapsed);
}

function dispatchOf(number: number, context: PlanContext): Dispatch {
  const unit = context.analysis.index.units.get(number);
  return {
    task: number,
    attempt: (context.snapshot.attempts[number]?.attempt ?? 0) + 1,
    children: unit?.children.map((child) => child.number) ?? [],
  };
}
