/**
 * The view that keeps people informed after a reconcile: the run's status comment on the
 * dashboard issue (rendered by app/status) and the per-task comment of every task this
 * reconcile touched. It writes only when the reconcile changed something or the config is
 * invalid, so a quiet resync costs no writes.
 */
import { buildTaskModel } from '../../core/task-model.js';
import { TASK_COMMENT_KEY } from '../github/comment-keys.js';
import { RUN_STATUS_KEY, renderRunStatus } from '../status/render-run-status.js';
import { renderTaskComment } from '../status/render-task-comment.js';
import type { ReconcileView } from './reconcile.js';

export function statusView(dashboardIssue: () => Promise<number | null>) {
  return async (view: ReconcileView): Promise<void> => {
    if (!view.report.changed && view.configProblems.length === 0) return;
    const dashboard = await dashboardIssue();
    if (dashboard !== null) await view.gateway.upsertComment(dashboard, RUN_STATUS_KEY, runStatusBody(view));
    if (view.plan === null) return;
    const touched = new Set([
      ...view.report.dispatched.map((entry) => entry.task),
      ...view.report.settled.map((entry) => entry.task),
      ...view.report.failed,
    ]);
    for (const task of touched) {
      const attempt =
        view.snapshot.attempts[task] ?? view.report.settled.find((entry) => entry.task === task)?.record;
      if (!attempt) continue;
      const pullRequest = view.report.pullRequests.find((entry) => entry.task === task) ?? null;
      const body = renderTaskComment({ number: task }, attempt, {
        repo: view.snapshot.repo,
        maxAttempts: view.config.max_attempts,
        pullRequest: pullRequest ? { number: pullRequest.number, url: pullRequest.url } : null,
        running: attempt.lastOutcome === null && attempt.attempt > 0,
      });
      await view.gateway.upsertComment(task, TASK_COMMENT_KEY, body);
    }
  };
}

function runStatusBody(view: ReconcileView): string {
  if (view.plan === null) {
    const problems = view.configProblems.map((problem) => `- ${problem}`).join('\n');
    return `### Drover is stopped: .github/drover.yml is invalid\n\nNothing is dispatched until it is fixed on the default branch:\n\n${problems}`;
  }
  const model = buildTaskModel(view.snapshot, view.config);
  return renderRunStatus({
    repo: view.snapshot.repo,
    run: view.snapshot.run,
    snapshot: view.snapshot,
    plan: view.plan,
    tasks: model.tasks,
    config: view.config,
    now: view.now,
    problems: view.plan.problems,
  });
}
