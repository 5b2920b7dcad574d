/**
 * The planner: a pure function from a snapshot of the repository's task state to a Plan (what to
 * dispatch now, what to mark failed, what waits on what, what to tell people). Same input, same
 * plan. Runs in O((n + e) log n) for n tasks and e dependency links.
 */
import { attemptsExhausted } from './backoff.js';
import type { DroverConfig } from './config.js';
import { buildDispatchUnits, type DispatchUnit, type UnitIndex } from './dispatch-units.js';
import { normaliseEpic } from './normalise-epic.js';
import { droverOrder, type RankedTask, type ReadyOrder } from './ready-order.js';
import { analyseDag, type DagAnalysis } from './task-graph.js';
import { buildTaskModel, isCompleted, type TaskModel } from './task-model.js';
import type { AttemptRecord, Dispatch, Plan, Problem, Snapshot, Waiting } from './types.js';

export function plan(snapshot: Snapshot, config: DroverConfig, now: Date): Plan {
  return planWithOrder(snapshot, config, now, droverOrder);
}

/** The planner with another order for ready tasks: only the benchmark's baselines use it. */
export function planWithOrder(snapshot: Snapshot, config: DroverConfig, now: Date, order: ReadyOrder): Plan {
  const model = buildTaskModel(snapshot, config);
  const index = buildDispatchUnits(model);
  const dag = analyseDag(
    [...index.units.values()].map((unit) => ({
      id: unit.task.number,
      estimate: unit.estimate,
      after: unit.blockers.map(index.unitOf),
    })),
  );
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
  const ready: RankedTask[] = [];
  for (const unit of index.units.values()) {
    if (unit.task.status !== 'todo' || busy.has(unit.task.number)) continue;
    if (triage(unit, context, result)) ready.push(rank(unit, dag));
  }
  ready.sort(order);
  result.readyOrder = ready.map((task) => task.number);
  dispatchFreeSlots(context, busy.size, result);
  return result;
}

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
function triage(unit: DispatchUnit, context: PlanContext, result: Plan): boolean {
  const number = unit.task.number;
  const record: AttemptRecord | undefined = context.snapshot.attempts[number];
  if (
    record !== undefined &&
    attemptsExhausted(record.attempt, record.lastOutcome, context.config.max_attempts)
  ) {
    result.fail.push({ task: number, reason: exhaustedReason(record, context.config.max_attempts) });
    return false;
  }
  if (!inScope(number, context)) return false;
  if ([unit.task, ...unit.children].some((member) => context.model.invalid.has(member.number))) {
    result.waiting.push({ task: number, why: 'invalid', on: [] });
    return false;
  }
  if (context.dag.onCycle.has(number)) {
    const cycle = context.dag.cycles.find((members) => members.includes(number)) ?? [number];
    result.waiting.push({ task: number, why: 'cycle', on: cycle.filter((member) => member !== number) });
    return false;
  }
  const unmet = unmetBlockers(unit, context, result);
  if (unmet.length > 0) {
    result.waiting.push(...unmet);
    return false;
  }
  return retryIsDue(number, record, context, result);
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

function rank(unit: DispatchUnit, dag: DagAnalysis): RankedTask {
  const number = unit.task.number;
  const createdAtMs = Date.parse(unit.task.createdAt);
  return {
    number,
    priority: unit.task.priority,
    criticalLength: dag.criticalLength.get(number) ?? unit.estimate,
    estimate: unit.estimate,
    dependents: dag.graph.outDegree(String(number)),
    // An unreadable date sorts as newest rather than failing the whole plan.
    createdAtMs: Number.isNaN(createdAtMs) ? Number.MAX_SAFE_INTEGER : createdAtMs,
  };
}

/** A paused, cancelled or absent run dispatches nothing; otherwise fill the free worker slots. */
function dispatchFreeSlots(context: PlanContext, busyCount: number, result: Plan): void {
  const run = context.snapshot.run;
  if (run === null || run.paused || run.cancelled) return;
  const workers = run.workers >= 1 ? run.workers : context.config.workers;
  const free = Math.max(0, workers - busyCount);
  const chosen = result.readyOrder.slice(0, free);
  result.dispatch = chosen.map((number) => dispatchOf(number, context));
  for (const number of result.readyOrder.slice(free))
    result.waiting.push({ task: number, why: 'no-worker', on: [] });
}

function dispatchOf(number: number, context: PlanContext): Dispatch {
  const unit = context.index.units.get(number);
  return {
    task: number,
    attempt: (context.snapshot.attempts[number]?.attempt ?? 0) + 1,
    children: unit?.children.map((child) => child.number) ?? [],
  };
}
