/**
 * Drover's planner run as a list scheduler over a task graph. Estimates are the true processing
 * times (given as measured attempt durations), so the makespan measures the planner's ordering.
 *
 * `listScheduleWithPlanner` is the reference: at time 0 and whenever tasks complete, a Snapshot
 * shows finished tasks closed and started ones labelled running, and `plan` picks what starts.
 * `listSchedule` makes the same choices far faster for the 1,440-instance benchmark: it is the
 * core's list scheduler (the one the planner forecasts with), asking the planner's own order
 * choice (`chooseOrder`, over the ranks of `analyseSnapshot`) at every moment more units are
 * ready than workers are free. The ranks depend only on the work below a task, which is all
 * still open, so they are computed once per graph. test/bench/list-schedule.test.ts checks that
 * both start every task at the same time.
 */
import { defaultConfig } from '../core/config.js';
import { chooseOrder } from '../core/choose-order.js';
import { ESTIMATE_UNIT_MS } from '../core/estimate.js';
import { listSchedule as runListSchedule } from '../core/list-schedule.js';
import { analyseSnapshot, planWithOrders } from '../core/plan.js';
import type { ReadyOrder } from '../core/ready-order.js';
import { orderRank } from '../core/snapshot-analysis.js';
import type { AttemptRecord, IssueInput, Snapshot } from '../core/types.js';
import type { StgTask } from './stg-set.js';

const REPO = 'bench/stg';
const config = defaultConfig();
const start = Date.parse('2026-01-01T00:00:00Z');

export interface BenchSchedule {
  makespan: number;
  /** When each task started, by task id. */
  starts: Map<number, number>;
}

/** The schedule of running `tasks` on `workers` workers, with `plan` called at every event. */
export function listScheduleWithPlanner(
  tasks: readonly StgTask[],
  workers: number,
  orders: readonly ReadyOrder[],
): BenchSchedule {
  const snapshot = snapshotOf(tasks, workers);
  const issues = new Map(snapshot.issues.map((issue) => [issue.number, issue]));
  const time = new Map(tasks.map((task) => [task.id, task.time]));
  const finishing = new Map<number, number>();
  const starts = new Map<number, number>();
  let now = 0;
  let done = 0;
  while (done < tasks.length) {
    const clock = new Date(start + now * ESTIMATE_UNIT_MS);
    const plan = planWithOrders(snapshot, config, clock, orders);
    for (const { task } of plan.dispatch) {
      starts.set(task, now);
      finishing.set(task, now + (time.get(task) ?? 0));
      issues.get(task)?.labels.push(config.labels.running);
      const record = snapshot.attempts[task];
      if (record !== undefined) record.dispatchedAt = clock.toISOString();
    }
    if (finishing.size === 0)
      throw new Error(`the planner started nothing at t=${now} with ${tasks.length - done} tasks left`);
    now = Math.min(...finishing.values());
    for (const [task, end] of finishing) {
      if (end !== now) continue;
      finishing.delete(task);
      closeAsCompleted(snapshot, task);
      done++;
    }
  }
  return { makespan: now, starts };
}

/** The schedule of running `tasks` on `workers` workers, as the planner orders them (see above). */
export function listSchedule(
  tasks: readonly StgTask[],
  workers: number,
  orders: readonly ReadyOrder[],
): BenchSchedule {
  const first = orders[0];
  if (first === undefined) throw new Error('listSchedule needs at least one order');
  const analysis = analyseSnapshot(snapshotOf(tasks, workers), config);
  const { dag } = analysis.dag;
  const rankOf = (order: ReadyOrder): Int32Array => orderRank(analysis, order);
  const pending = new Int32Array(dag.size);
  for (let node = 0; node < dag.size; node++)
    pending[node] = dag.predecessorStart[node + 1]! - dag.predecessorStart[node]!;
  const schedule = runListSchedule({
    dag,
    workers,
    duration: dag.estimate,
    pending,
    running: [],
    rank: rankOf(first),
    choose:
      orders.length < 2 ? undefined : (rest) => chooseOrder(orders, rankOf, rest, analysis.dag.order).rank,
  });
  const starts = new Map<number, number>();
  schedule.start.forEach((at, node) => starts.set(dag.ids[node]!, at));
  return { makespan: schedule.makespan, starts };
}

/** As the app's snapshot shows it: closed issues leave `issues` and stay known as `referenced`. */
function closeAsCompleted(snapshot: Snapshot, task: number): void {
  const position = snapshot.issues.findIndex((issue) => issue.number === task);
  if (position < 0) throw new Error(`finished #${task}, which the snapshot does not have open`);
  snapshot.issues.splice(position, 1);
  snapshot.referenced.push({ number: task, repo: REPO, state: 'closed', stateReason: 'completed' });
}

/** Built once per instance and updated in place between events (the planner keeps nothing). */
function snapshotOf(tasks: readonly StgTask[], workers: number): Snapshot {
  const attempts: Record<number, AttemptRecord> = {};
  const issues: IssueInput[] = tasks.map((task) => {
    attempts[task.id] = {
      attempt: 0,
      runId: null,
      dispatchedAt: null,
      nextRetryAt: null,
      lastOutcome: null,
      reason: null,
      durationsMs: [task.time * ESTIMATE_UNIT_MS],
      costUsd: 0,
      wipBranch: null,
    };
    const createdAt = new Date(start + task.id * 1000).toISOString();
    return {
      number: task.id,
      repo: REPO,
      title: `task ${task.id}`,
      body: '',
      state: 'open',
      stateReason: null,
      labels: [config.labels.task],
      blockedBy: task.predecessors.map((number) => ({
        number,
        repo: REPO,
        state: 'open',
        stateReason: null,
      })),
      parent: null,
      subIssues: [],
      author: 'bench',
      createdAt,
      updatedAt: createdAt,
    };
  });
  return {
    repo: REPO,
    issues,
    referenced: [],
    attempts,
    inFlight: [],
    run: {
      id: 'bench',
      epic: null,
      workers,
      budgetUsd: null,
      paused: false,
      cancelled: false,
      startedBy: 'bench',
      startedAt: new Date(start).toISOString(),
    },
  };
}
