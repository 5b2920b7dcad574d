/**
 * The planner: a pure function from a snapshot of the repository's task state to a Plan (what to
 * dispatch now, what to mark failed, what waits on what, what to tell people). Same input, same
 * plan. Runs in O((n + e) log n) for n tasks and e dependency links.
 */
import { budgetReached } from './run-budget.js';
import { attemptsExhausted } from './backoff.js';
import type { DroverConfig } from './config.js';
import { buildDispatchUnits, type DispatchUnit, type UnitIndex } from './dispatch-units.js';
import { normaliseEpic } from './normalise-epic.js';
import { chooseOrder, type ForecastInput } from './forecast-makespan.js';
import { ESTIMATE_UNIT_MS } from './estimate.js';
import { DROVER_ORDERS, type RankedTask, type ReadyOrder } from './ready-order.js';
import { analyseDag, type DagAnalysis } from './task-graph.js';
import { buildTaskModel, isCompleted, type TaskModel } from './task-model.js';
import type { AttemptRecord, Dispatch, Plan, Problem, Snapshot, Waiting } from './types.js';

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
  const { model, index, dag } = analyseSnapshot(snapshot, config);
  const context: PlanContext = { snapshot, config, now, model, index, dag, scope: scopeOf(snapshot) };
  const result: Plan = {
    dispatch: [],
    fail: [],
    readyOrder: [],
    waiting: [],
    problems: [...model.problems, ...cycleProblems(dag.cycles)],
    criticalPath: dag.criticalPath,
    nextWakeAt: null,
  };
  const busy = busyTasks(snapshot, model, index);
  const verdicts = new Map<number, Verdict>();
  for (const unit of index.units.values()) {
    if (unit.task.status !== 'todo' || busy.has(unit.task.number)) continue;
    verdicts.set(unit.task.number, triage(unit, context, result));
  }
  const ready = [...verdicts]
    .filter(([, verdict]) => verdict === 'ready')
    .map(([number]) => rankOf(number, context));
  const free = freeWorkers(context, busy.size);
  const order =
    ready.length > free && free > 0 ? bestOrder(orders, context, ready, verdicts, busy) : orders[0];
  if (order === undefined) throw new Error('planWithOrders needs at least one order');
  ready.sort(order);
  result.readyOrder = ready.map((task) => task.number);
  result.dispatch = result.readyOrder.slice(0, free).map((number) => dispatchOf(number, context));
  if (isActive(snapshot)) {
    for (const number of result.readyOrder.slice(free))
      result.waiting.push({ task: number, why: 'no-worker', on: [] });
  }
  return result;
}

export interface SnapshotAnalysis {
  model: TaskModel;
  index: UnitIndex;
  /** The DAG of the dispatch units still open. */
  dag: DagAnalysis;
}

/** The task model, the dispatch units and their DAG: everything in a plan that does not depend on time. */
export function analyseSnapshot(snapshot: Snapshot, config: DroverConfig): SnapshotAnalysis {
  const model = buildTaskModel(snapshot, config);
  const index = buildDispatchUnits(model);
  const dag = analyseDag(
    [...index.units.values()].map((unit) => ({
      id: unit.task.number,
      estimate: unit.estimate,
      after: unit.blockers.map(index.unitOf),
    })),
  );
  return { model, index, dag };
}

/** Every open dispatch unit as the ready orders see it (the values `plan` sorts by). */
export function rankUnits(analysis: SnapshotAnalysis): Map<number, RankedTask> {
  const ranked = new Map<number, RankedTask>();
  for (const number of analysis.index.units.keys()) ranked.set(number, rankOf(number, analysis));
  return ranked;
}

/** ready: may start now; blocked: waits only on open blockers (it starts when they finish); held: anything else. */
type Verdict = 'ready' | 'blocked' | 'held';

interface PlanContext {
  snapshot: Snapshot;
  config: DroverConfig;
  now: Date;
  model: TaskModel;
  index: UnitIndex;
  dag: DagAnalysis;
  /** The run's epic (normalised, lower case), or null for every task. */
  scope: string | null;
}

function scopeOf(snapshot: Snapshot): string | null {
  const epic = snapshot.run?.epic;
  if (epic === undefined || epic === null) return null;
  return normaliseEpic(epic)?.toLowerCase() ?? null;
}

function inScope(unitNumber: number, context: PlanContext): boolean {
  if (context.scope === null) return true;
  const epic = context.model.tasks.get(unitNumber)?.epic;
  return epic !== undefined && epic !== null && epic.toLowerCase() === context.scope;
}

/**
 * Tasks with an attempt under way: labelled running, or with an in-flight run whatever their
 * label says (a dispatch whose label write was lost). Each counts once against `workers`.
 */
function busyTasks(snapshot: Snapshot, model: TaskModel, index: UnitIndex): Set<number> {
  const busy = new Set<number>();
  for (const task of model.tasks.values()) if (task.status === 'running') busy.add(index.unitOf(task.number));
  for (const run of snapshot.inFlight) busy.add(index.unitOf(run.task));
  return busy;
}

/** Decides whether a todo unit is ready; when not, records why (waiting, fail, problems). */
function triage(unit: DispatchUnit, context: PlanContext, result: Plan): Verdict {
  const number = unit.task.number;
  const record: AttemptRecord | undefined = context.snapshot.attempts[number];
  if (
    record !== undefined &&
    attemptsExhausted(record.attempt, record.lastOutcome, context.config.max_attempts)
  ) {
    result.fail.push({ task: number, reason: exhaustedReason(record, context.config.max_attempts) });
    return 'held';
  }
  if (!inScope(number, context)) return 'held';
  if ([unit.task, ...unit.children].some((member) => context.model.invalid.has(member.number))) {
    result.waiting.push({ task: number, why: 'invalid', on: [] });
    return 'held';
  }
  if (context.dag.onCycle.has(number)) {
    const cycle = context.dag.cycles.find((members) => members.includes(number)) ?? [number];
    result.waiting.push({ task: number, why: 'cycle', on: cycle.filter((member) => member !== number) });
    return 'held';
  }
  const unmet = unmetBlockers(unit, context, result);
  if (unmet.length > 0) {
    result.waiting.push(...unmet);
    return unmet.every((waiting) => waiting.why === 'blocker-open') ? 'blocked' : 'held';
  }
  return retryIsDue(number, record, context, result) ? 'ready' : 'held';
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

function unmetBlockers(unit: DispatchUnit, context: PlanContext, result: Plan): Waiting[] {
  const byWhy = new Map<BlockerWhy, number[]>();
  for (const blocker of unit.blockers) {
    const why = blockerState(blocker, context);
    if (why === null) continue;
    byWhy.set(why, [...(byWhy.get(why) ?? []), blocker]);
    if (why === 'not-planned-blocker') result.problems.push(notPlannedProblem(unit.task.number, blocker));
  }
  return BLOCKER_WHYS.filter((why) => byWhy.has(why)).map((why) => ({
    task: unit.task.number,
    why,
    on: byWhy.get(why) ?? [],
  }));
}

/** null when the blocker is met; otherwise why it is not. */
function blockerState(blocker: number, context: PlanContext): BlockerWhy | null {
  const { model, index } = context;
  const issue = model.known.get(blocker);
  const task = model.tasks.get(blocker);
  if (issue?.state === 'closed') {
    // A sub-issue is closed by its parent's pull request: closed is enough.
    const isChild = task?.parent !== undefined && task.parent !== null && model.tasks.has(task.parent);
    if (isChild || isCompleted(issue.stateReason) || context.config.not_planned_satisfies) return null;
    return 'not-planned-blocker';
  }
  if (task === undefined) return 'blocker-open';
  const unitNumber = index.unitOf(blocker);
  const unitStatus = model.tasks.get(unitNumber)?.status;
  if (task.status === 'failed' || unitStatus === 'failed') return 'blocker-failed';
  if (task.status === 'blocked' || unitStatus === 'blocked') return 'blocker-blocked';
  if (!inScope(unitNumber, context)) return 'out-of-scope-blocker';
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

function rankOf(number: number, { dag, index }: Pick<SnapshotAnalysis, 'dag' | 'index'>): RankedTask {
  const unit = index.units.get(number);
  if (unit === undefined) throw new Error(`#${number} is not a dispatch unit`);
  const createdAtMs = Date.parse(unit.task.createdAt);
  let dependentWork = 0;
  dag.graph.forEachOutNeighbor(String(number), (_dependent, attributes) => {
    dependentWork += attributes.estimate;
  });
  return {
    number,
    priority: unit.task.priority,
    criticalLength: dag.criticalLength.get(number) ?? unit.estimate,
    estimate: unit.estimate,
    dependents: dag.graph.outDegree(String(number)),
    dependentWork,
    // An unreadable date sorts as newest rather than failing the whole plan.
    createdAtMs: Number.isNaN(createdAtMs) ? Number.MAX_SAFE_INTEGER : createdAtMs,
  };
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

function bestOrder(
  orders: readonly ReadyOrder[],
  context: PlanContext,
  ready: RankedTask[],
  verdicts: Map<number, Verdict>,
  busy: Set<number>,
): ReadyOrder | undefined {
  return orders.length < 2 ? orders[0] : chooseOrder(orders, forecastInput(context, ready, verdicts, busy));
}

/**
 * Blocked units join the forecast with the count of their blockers that will finish in it
 * (running, ready or blocked units); a blocker in review counts as finished, any other one
 * (failed, out of scope, waiting for a retry, ...) keeps its dependents out of the forecast.
 */
function forecastInput(
  context: PlanContext,
  ready: RankedTask[],
  verdicts: Map<number, Verdict>,
  busy: Set<number>,
): ForecastInput {
  const { graph } = context.dag;
  const finishes = (number: number): boolean =>
    busy.has(number) || (verdicts.get(number) ?? 'held') !== 'held';
  const waiting: ForecastInput['waiting'] = new Map(
    [...verdicts]
      .filter(([, verdict]) => verdict === 'blocked')
      .map(([number]) => {
        let pendingBlockers = 0;
        graph.forEachInNeighbor(String(number), (blocker) => {
          const id = Number(blocker);
          if (finishes(id)) pendingBlockers++;
          else if (context.model.tasks.get(id)?.status !== 'review')
            pendingBlockers = Number.POSITIVE_INFINITY;
        });
        return [number, { task: rankOf(number, context), pendingBlockers }] as const;
      }),
  );
  const running = [...busy].map((task) => ({ task, remaining: remainingEstimate(task, context) }));
  return { graph, workers: workersOf(context), ready, waiting, running };
}

/** A running attempt's estimate less the time it has run (since dispatchedAt), never below 0. */
function remainingEstimate(task: number, context: PlanContext): number {
  const estimate = context.index.units.get(task)?.estimate ?? 0;
  const dispatchedAt = context.snapshot.attempts[task]?.dispatchedAt;
  if (dispatchedAt === undefined || dispatchedAt === null) return estimate;
  const elapsed = (context.now.getTime() - Date.parse(dispatchedAt)) / ESTIMATE_UNIT_MS;
  return Number.isNaN(elapsed) ? estimate : Math.max(0, estimate - elapsed);
}

function dispatchOf(number: number, context: PlanContext): Dispatch {
  const unit = context.index.units.get(number);
  return {
    task: number,
    attempt: (context.snapshot.attempts[number]?.attempt ?? 0) + 1,
    children: unit?.children.map((child) => child.number) ?? [],
  };
}
