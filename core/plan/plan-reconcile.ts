/**
 * The planner of one reconcile: a pure function from what the loop knows about a repository
 * (RepoState) to every write it intends (`actions`), in the order they are applied — settle what
 * finished, move pull requests toward merging, cancel, start attempts, then the views.
 * docs/control-loop.md §3.
 */
import { isBusy } from '../attempt-history.js';
import { normaliseEpic } from '../normalise-epic.js';
import { analyseSnapshot, plan as schedule } from '../plan.js';
import type { RepoState } from '../repo-state.js';
import type { IssueInput, Plan } from '../types.js';
import type { Action, CancelRunAction } from './actions.js';
import { planCleanup } from './plan-cleanup.js';
import { planDispatches, runAcceptsWork } from './plan-dispatches.js';
import { planMerges, type ReviewWait } from './plan-merges.js';
import { planProject } from './plan-project.js';
import { planSettlements } from './plan-settlements.js';
import { planRevisions } from './plan-revisions.js';
import { planSpecs } from './plan-specs.js';
import { planLabels, planNotes, planStatus } from './plan-views.js';
import { runVerdict, type RunVerdict } from './run-verdict.js';
import { schedulingSnapshot } from './schedule-input.js';
import { stuckTasks, type StuckReason } from './stuck-tasks.js';
import { taskProgress, type TaskProgress } from './task-progress.js';

/** What the status comment's renderer is given. */
export interface StatusView {
  state: RepoState;
  schedule: Plan;
  progress: ReadonlyMap<number, TaskProgress>;
  stuck: ReadonlyMap<number, StuckReason>;
  reviewWaits: ReadonlyMap<number, ReviewWait>;
  /** Set when the run is over (nothing in its scope can move). */
  verdict: RunVerdict | null;
  now: Date;
}

export interface RenderedStatus {
  body: string;
  /**
   * What the status says, without what drifts by itself (an ETA moves with the clock): the
   * comment is rewritten only when this changes.
   */
  signature: string;
}

export interface PlanRenderers {
  status(view: StatusView): RenderedStatus;
}

export interface ReconcilePlan {
  actions: Action[];
  /** The scheduler's view: ready order, waiting reasons, problems, critical path. */
  schedule: Plan;
  progress: Map<number, TaskProgress>;
  stuck: Map<number, StuckReason>;
  reviewWaits: Map<number, ReviewWait>;
  verdict: RunVerdict | null;
  /** When the loop should look again though nothing signals it (a retry, a mergeability check, the status rate). */
  nextWakeAt: string | null;
}

export function planReconcile(state: RepoState, now: Date, renderers: PlanRenderers): ReconcilePlan {
  // The dispatch units do not depend on statuses: the analysis is shared with the scheduler's (cached).
  const units = analyseSnapshot(schedulingSnapshot(state, new Map(), now), state.config).index;
  const progress = progressOf(state, units.units.keys(), now);
  const plan = schedule(schedulingSnapshot(state, progress, now), state.config, now);
  const stuck = withApprovalReasons(state, stuckTasks(plan, units.unitOf));
  const stopped = state.configProblems.length > 0;
  const merges = stopped ? null : planMerges(state, progress.values(), now);
  const reviewWaits = merges?.waiting ?? new Map<number, ReviewWait>();
  const verdict = runIsOver(state, progress, stuck);
  const view: StatusView = { state, schedule: plan, progress, stuck, reviewWaits, verdict, now };
  const status = planStatus(
    state,
    renderers.status(view),
    stopped,
    verdict === null ? null : verdictLine(verdict),
    now,
  );
  const views = { state, progress, stuck, reviewWaits };
  const actions: Action[] = stopped
    ? [...(status.action ? [status.action] : [])]
    : [
        ...planSettlements(state, progress.values()),
        ...(merges?.actions ?? []),
        ...planCancels(state, now),
        ...planDispatches({ state, progress, schedule: plan, followUps: merges?.followUps ?? [], now }),
        ...planSpecs(state, now),
        ...planRevisions(state, progress, now),
        ...planLabels(views),
        ...planNotes(views),
        ...planCleanup(state, progress.values()),
        ...planProject(state, progress.values(), new Set(plan.readyOrder)),
        ...(status.action ? [status.action] : []),
      ];
  return {
    actions,
    schedule: plan,
    progress,
    stuck,
    reviewWaits,
    verdict,
    nextWakeAt: earliest([
      plan.nextWakeAt,
      merges?.recheckAt ?? null,
      status.wakeAt,
      claimGraceEnds(state, now),
    ]),
  };
}

/**
 * When the first claim still without a run reaches its grace: a pass then finds its run, or
 * finds it abandoned and claims the next attempt, without waiting for the periodic resync. A
 * claim found taken (422) has no time yet: a pass in a moment reads it.
 */
function claimGraceEnds(state: RepoState, now: Date): string | null {
  const graceMs = state.config.claim_grace_seconds * 1000;
  const ends = [...state.attempts.values()]
    .flat()
    .filter((attempt) => attempt.run === null && attempt.abandonedAt === undefined)
    .map((attempt) =>
      attempt.claimedAt === null
        ? new Date(now.getTime() + CLAIM_TIME_READ_MS).toISOString()
        : // A second past the grace: the pass's reads begin after it (read-attempts.ts).
          new Date(Date.parse(attempt.claimedAt) + graceMs + 1000).toISOString(),
    );
  return earliest(ends);
}

/** How soon a pass reads the time of a claim found taken. */
const CLAIM_TIME_READ_MS = 2000;

/** Progress of every open dispatch unit, and of closed tasks Drover still knows attempts of. */
function progressOf(state: RepoState, heads: Iterable<number>, now: Date): Map<number, TaskProgress> {
  const byNumber = new Map<number, IssueInput>(state.issues.map((issue) => [issue.number, issue]));
  const progress = new Map<number, TaskProgress>();
  for (const head of heads) {
    const issue = byNumber.get(head);
    if (issue !== undefined && !state.unknownTasks.has(head))
      progress.set(head, taskProgress(state, issue, now));
  }
  for (const issue of state.issues) {
    if (issue.state === 'closed' && (state.attempts.has(issue.number) || state.notes.has(issue.number)))
      progress.set(issue.number, taskProgress(state, issue, now));
  }
  return progress;
}

/** A task awaiting approval is stuck with the approval's own sentence (who changed what). */
function withApprovalReasons(state: RepoState, stuck: Map<number, StuckReason>): Map<number, StuckReason> {
  for (const [task, reason] of stuck) {
    if (reason.why !== 'awaiting-approval') continue;
    const approval = state.approvals?.get(task);
    const message =
      approval === undefined || approval.approved
        ? `Drover could not read who approved #${task} yet.`
        : approval.reason;
    stuck.set(task, { ...reason, message });
  }
  return stuck;
}

/** A cancelled run stops the attempts still under way. */
function planCancels(state: RepoState, now: Date): CancelRunAction[] {
  if (!state.control.run?.cancelled) return [];
  const actions: CancelRunAction[] = [];
  for (const [task, attempts] of state.attempts) {
    for (const attempt of attempts) {
      if (attempt.run !== null && isBusy(attempt, now))
        actions.push({ kind: 'cancel-run', task, runId: attempt.run.id });
    }
  }
  return actions;
}

function runIsOver(
  state: RepoState,
  progress: ReadonlyMap<number, TaskProgress>,
  stuck: ReadonlyMap<number, StuckReason>,
): RunVerdict | null {
  const run = state.control.run;
  if (!runAcceptsWork(run) || state.configProblems.length > 0) return null;
  const scope = run.epic === null ? null : (normaliseEpic(run.epic)?.toLowerCase() ?? null);
  const epics = new Map(state.issues.map((issue) => [issue.number, epicOf(issue)]));
  return runVerdict(progress.values(), stuck, (task) => scope === null || epics.get(task) === scope);
}

function epicOf(issue: IssueInput): string | null {
  const label = issue.labels.find((name) => /^epic:/i.test(name));
  return label === undefined ? null : (normaliseEpic(label)?.toLowerCase() ?? null);
}

/** The verdict in one line, kept in the control record. */
export function verdictLine(verdict: RunVerdict): string {
  if (verdict.complete) return `done: ${verdict.done.length} task${verdict.done.length === 1 ? '' : 's'}`;
  const waiting = verdict.failed.length + verdict.blocked.length + verdict.stuck.size;
  return `stopped: ${verdict.done.length} done, ${waiting} need${waiting === 1 ? 's' : ''} a person (${verdict.failed.length} failed, ${verdict.blocked.length} blocked, ${verdict.stuck.size} stuck)`;
}

function earliest(times: Array<string | null>): string | null {
  const present = times.filter((time): time is string => time !== null);
  return present.length === 0 ? null : present.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
