/**
 * The run's status comment, rendered from what the planner saw (core/plan/plan-reconcile.ts
 * StatusView): the run's progress, ETA, graph and task table (render-run-status.ts), what each
 * pull request waits for, and once the run is over its verdict: what finished and, for every task
 * that did not, why and what a person must do.
 */
import type { PlanRenderers, RenderedStatus, StatusView } from '../../core/plan/plan-reconcile.js';
import type { ReviewWait } from '../../core/plan/plan-merges.js';
import { missingOptions } from '../../core/plan/plan-project.js';
import { schedulingSnapshot } from '../../core/plan/schedule-input.js';
import type { StuckReason } from '../../core/plan/stuck-tasks.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { Snapshot } from '../../core/types.js';
import { renderRunStatusBody } from './render-run-status.js';
import { markdownCell } from './untrusted-text.js';

export const statusRenderers: PlanRenderers = { status: renderStatusComment };

export function renderStatusComment(view: StatusView): RenderedStatus {
  const { state } = view;
  if (state.configProblems.length > 0) {
    const body = [
      '### Drover is stopped: its configuration has a problem',
      '',
      'Nothing is dispatched until it is fixed on the default branch:',
      '',
      ...state.configProblems.map((problem) => `- ${problem}`),
    ].join('\n');
    return { body, signature: body };
  }
  const snapshot = withPullRequests(view);
  const tasks = buildTaskModel(snapshot, state.config).tasks;
  const body = [
    renderRunStatusBody({
      repo: state.repo,
      run: state.control.run,
      snapshot,
      plan: view.schedule,
      tasks,
      config: state.config,
      now: view.now,
      problems: view.schedule.problems,
    }).trimEnd(),
    reviewSection(view.reviewWaits),
    boardSection(view),
    verdictSection(view),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return { body: `${body}\n`, signature: signatureOf(view, snapshot) };
}

/** The scheduler's snapshot, with each task's pull requests for the table's PR column. */
function withPullRequests(view: StatusView): Snapshot {
  const snapshot = schedulingSnapshot(view.state, view.progress, view.now);
  const issues = snapshot.issues.map((issue) => {
    const prs = view.state.pulls.get(issue.number) ?? [];
    if (prs.length === 0) return issue;
    return {
      ...issue,
      closingPullRequests: prs.map((pr) => ({
        number: pr.number,
        state: pr.state,
        headRefName: pr.headRef,
        url: pr.url,
      })),
    };
  });
  return { ...snapshot, issues };
}

const REVIEW_WAIT_TEXT: Record<ReviewWait, string> = {
  computing: 'GitHub is computing whether it can merge',
  'checks-pending': 'waiting for checks',
  'checks-failed': 'a check failed',
  'review-required': 'waiting for a review',
  'auto-merge-armed': 'auto-merge is on: GitHub merges it when its checks pass',
  manual: 'merge.mode is manual: a person merges it',
  person: 'it waits for a person (it changes something Drover never merges by itself)',
  draft: 'it is a draft',
  'conflict-needs-person': 'it conflicts, and the attempts to resolve it are used up',
  'conflict-retry-later': 'it conflicts; a resolve attempt follows after the retry delay',
  fixing: 'a check failed: a fix attempt works on it',
  'fix-retry-later': 'a check failed; the next fix attempt follows after the retry delay',
  revising: 'changes were requested: a revise attempt works on it',
};

function reviewSection(waits: ReadonlyMap<number, ReviewWait>): string {
  if (waits.size === 0) return '';
  const lines = [...waits]
    .sort(([a], [b]) => a - b)
    .map(([task, why]) => `- #${task}: ${REVIEW_WAIT_TEXT[why]}`);
  return ['### Pull requests', '', ...lines].join('\n');
}

function boardSection(view: StatusView): string {
  const problem = view.state.project?.problem ?? missingOptions(view.state);
  return problem === null ? '' : `### Projects board\n\n${problem}`;
}

const STUCK_FIX: Record<StuckReason['why'], string> = {
  cycle: 'remove one link of the cycle',
  invalid: 'fix its labels or links',
  'blocker-failed': 'retry or reset the failed blocker, or remove the link',
  'blocker-blocked': 'unblock the blocker (see its note), then `/drover retry` it',
  'not-planned-blocker': 'reopen the blocker or remove the link',
  'out-of-scope-blocker': "run the blocker's epic too, or remove the link",
  'blocker-stuck': 'fix the blocker first',
  'awaiting-approval': 'a person with the trust level checks it and comments `/drover approve #N`',
};

function verdictSection(view: StatusView): string {
  const verdict = view.verdict;
  if (verdict === null) return '';
  const run = view.state.control.run;
  const started = run === null ? NaN : Date.parse(run.startedAt);
  const took = Number.isNaN(started) ? '' : ` after ${Math.round((view.now.getTime() - started) / 1000)} s`;
  const head = verdict.complete
    ? `### The run is done${took}: all ${verdict.done.length} task${verdict.done.length === 1 ? '' : 's'} finished.`
    : `### The run is over${took}: nothing more can move without a person.`;
  const lines = [head, ''];
  if (!verdict.complete) lines.push(`Done: ${verdict.done.length}.`, '');
  for (const task of verdict.failed)
    lines.push(`- #${task} failed: its attempts are used up (see its note; \`/drover retry #${task}\`).`);
  for (const task of verdict.blocked)
    lines.push(
      `- #${task} is blocked: the agent needs a person (see its note; then \`/drover retry #${task}\`).`,
    );
  for (const [task, reason] of verdict.stuck) {
    const on = reason.on.length === 0 ? '' : ` (${reason.on.map((n) => `#${n}`).join(', ')})`;
    const detail = reason.message === null ? '' : `: ${markdownCell(reason.message, 200)}`;
    lines.push(
      `- #${task} cannot start: ${reason.why.replace(/-/g, ' ')}${on}${detail}; ${STUCK_FIX[reason.why]}.`,
    );
  }
  if (!verdict.complete) lines.push('', 'Start a new run with `/drover run` once they are fixed.');
  return lines.join('\n').trimEnd();
}

/** Task states, attempts, PRs, problems and the run's flags: what a person would call a change. */
function signatureOf(view: StatusView, snapshot: Snapshot): string {
  const run = view.state.control.run;
  return JSON.stringify({
    run:
      run === null
        ? null
        : [run.id, run.paused, run.cancelled, run.endedAt ?? null, run.workers, run.budgetUsd],
    tasks: [...view.progress.values()].map((entry) => [
      entry.task,
      entry.phase,
      entry.attempts.length,
      entry.pr?.number ?? null,
      entry.pr?.state ?? null,
    ]),
    ready: view.schedule.readyOrder,
    waiting: view.schedule.waiting.map((entry) => [entry.task, entry.why, entry.on]),
    problems: view.schedule.problems.map((problem) => problem.message),
    reviews: [...view.reviewWaits],
    spent: Object.values(snapshot.attempts)
      .reduce((sum, record) => sum + record.costUsd, 0)
      .toFixed(2),
    ended: view.verdict !== null,
  });
}
