/**
 * The chaos benchmark's judge: reads what happened (the simulator's event history) and counts
 * every way the controller could have failed its promises, whatever faults it met:
 * - lost: a task that should have been done is not (closed as completed) at the end;
 * - doubled: an attempt whose work ran twice (two runs of one task and attempt that both
 *   started a job), or a task with more than one merged pull request;
 * - over_limit: more attempt jobs running at one instant than `workers`;
 * - early: an attempt requested before one of its task's blockers was closed;
 * - beyond_max: a task with more attempts that ran than `max_attempts`.
 * It knows nothing of Drover's code: only GitHub's records and the backlog's definition.
 */
import { parseAttemptRunName } from '../../core/attempt-names.js';
import type { HistoryEntry } from '../../simulator/webhooks/event-history.js';

export interface BacklogShape {
  /** Dispatch units (sub-issues excluded): task number → the issues it waits on. */
  tasks: ReadonlyMap<number, readonly number[]>;
  workers: number;
  maxAttempts: number;
}

export interface Verdict {
  runs: number;
  lost: number;
  doubled: number;
  overLimit: number;
  early: number;
  beyondMax: number;
  /** First attempt requested → last task closed, in ms (NaN when nothing ran). */
  makespanMs: number;
  /** One line per violation, for the report. */
  details: string[];
}

interface RunFacts {
  id: number;
  task: number;
  attempt: number;
  requestedAt: number;
  started: boolean;
}

export function checkHistory(history: readonly HistoryEntry[], shape: BacklogShape): Verdict {
  const details: string[] = [];
  const runs = attemptRuns(history);
  const closedAt = closings(history);
  const verdict: Verdict = {
    runs: runs.length,
    lost: 0,
    doubled: 0,
    overLimit: 0,
    early: 0,
    beyondMax: 0,
    makespanMs: Number.NaN,
    details,
  };
  for (const task of shape.tasks.keys()) {
    if (closedAt.has(task)) continue;
    verdict.lost++;
    details.push(`lost: #${task} is not closed as completed`);
  }
  verdict.doubled = doubledAttempts(runs, details) + doubledMerges(history, details);
  verdict.overLimit = overLimit(history, new Set(runs.map((run) => run.id)), shape.workers, details);
  for (const run of runs) {
    const blockers = shape.tasks.get(run.task) ?? [];
    const open = blockers.filter(
      (blocker) => (closedAt.get(blocker) ?? Number.POSITIVE_INFINITY) > run.requestedAt,
    );
    if (open.length === 0) continue;
    verdict.early++;
    details.push(
      `early: #${run.task} attempt ${run.attempt} requested while ${open.map((b) => `#${b}`).join(', ')} open`,
    );
  }
  for (const task of shape.tasks.keys()) {
    const ran = runs.filter((run) => run.task === task && run.started).length;
    if (ran <= shape.maxAttempts) continue;
    verdict.beyondMax++;
    details.push(`beyond_max: #${task} ran ${ran} attempts (max ${shape.maxAttempts})`);
  }
  const first = Math.min(...runs.map((run) => run.requestedAt));
  const last = Math.max(...[...shape.tasks.keys()].map((task) => closedAt.get(task) ?? Number.NaN));
  verdict.makespanMs = runs.length === 0 ? Number.NaN : last - first;
  return verdict;
}

/** Every attempt run, from its `workflow_run` events: when requested, and whether a job started. */
function attemptRuns(history: readonly HistoryEntry[]): RunFacts[] {
  const byId = new Map<number, RunFacts>();
  for (const entry of history) {
    const run = entry.workflowRun;
    if (entry.event !== 'workflow_run' || run === undefined) continue;
    const parsed = parseAttemptRunName(run.displayTitle ?? run.name);
    if (parsed === null) continue;
    const known = byId.get(run.id) ?? {
      id: run.id,
      task: parsed.task,
      attempt: parsed.attempt,
      requestedAt: entry.atMs,
      started: false,
    };
    known.requestedAt = Math.min(known.requestedAt, entry.atMs);
    if (entry.action === 'in_progress') known.started = true;
    byId.set(run.id, known);
  }
  for (const entry of history) {
    if (entry.event !== 'workflow_job' || entry.action !== 'in_progress') continue;
    const runId = (entry.payload.workflow_job as { run_id?: number } | undefined)?.run_id;
    const known = runId === undefined ? undefined : byId.get(runId);
    if (known !== undefined) known.started = true;
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** When each issue was (last) closed as completed. */
function closings(history: readonly HistoryEntry[]): Map<number, number> {
  const closed = new Map<number, number>();
  for (const entry of history) {
    if (entry.event !== 'issues' || entry.issue === undefined) continue;
    if (entry.action === 'closed' && entry.issue.stateReason !== 'not_planned')
      closed.set(entry.issue.number, entry.atMs);
    if (entry.action === 'reopened') closed.delete(entry.issue.number);
  }
  return closed;
}

function doubledAttempts(runs: readonly RunFacts[], details: string[]): number {
  const started = new Map<string, number[]>();
  for (const run of runs) {
    if (!run.started) continue;
    const key = `${run.task}/${run.attempt}`;
    started.set(key, [...(started.get(key) ?? []), run.id]);
  }
  let doubled = 0;
  for (const [key, ids] of started) {
    if (ids.length < 2) continue;
    doubled += ids.length - 1;
    details.push(`doubled: attempt ${key} ran in runs ${ids.join(', ')}`);
  }
  return doubled;
}

function doubledMerges(history: readonly HistoryEntry[], details: string[]): number {
  const merged = new Map<number, Set<number>>();
  for (const entry of history) {
    const pr = entry.pullRequest;
    if (entry.event !== 'pull_request' || entry.action !== 'closed' || pr === undefined || !pr.merged)
      continue;
    const task = Number(/^drover\/(\d+)\//.exec(pr.headRef ?? '')?.[1]);
    if (!Number.isInteger(task)) continue;
    merged.set(task, (merged.get(task) ?? new Set()).add(pr.number));
  }
  let doubled = 0;
  for (const [task, prs] of merged) {
    if (prs.size < 2) continue;
    doubled += prs.size - 1;
    details.push(`doubled: #${task} merged ${prs.size} pull requests (${[...prs].join(', ')})`);
  }
  return doubled;
}

/** Most attempt jobs running at one instant (from their `workflow_job` in_progress/completed events). */
function overLimit(
  history: readonly HistoryEntry[],
  attemptRunIds: ReadonlySet<number>,
  workers: number,
  details: string[],
): number {
  const runIdOf = (entry: HistoryEntry) =>
    (entry.payload.workflow_job as { run_id?: number } | undefined)?.run_id;
  const jobs = history.filter((entry) => {
    const runId = entry.event === 'workflow_job' ? runIdOf(entry) : undefined;
    return runId !== undefined && attemptRunIds.has(runId);
  });
  const started = new Set(jobs.filter((entry) => entry.action === 'in_progress').map(runIdOf));
  const edges: Array<{ at: number; delta: number }> = [];
  for (const entry of jobs) {
    if (entry.action === 'in_progress') edges.push({ at: entry.atMs, delta: 1 });
    // A job that never started (its run cancelled while it waited) never held a worker.
    if (entry.action === 'completed' && started.has(runIdOf(entry)))
      edges.push({ at: entry.atMs, delta: -1 });
  }
  // At one instant the ends count first: a job that starts as another ends does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let most = 0;
  for (const edge of edges) {
    running += edge.delta;
    most = Math.max(most, running);
  }
  if (most <= workers) return 0;
  details.push(`over_limit: ${most} attempt jobs ran at once (workers ${workers})`);
  return most - workers;
}
