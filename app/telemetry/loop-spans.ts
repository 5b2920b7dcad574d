/**
 * The spans of the control loop, each wrapped around a call the loop already makes, so the loop
 * itself holds one call per span boundary (app/controller.ts, app/reconcile/reconcile.ts):
 *
 *   drover.reconcile (repo)                  a pass
 *   ├─ drover.observe                        reads
 *   ├─ drover.plan (round, actions)          the pure planner, once per round
 *   └─ drover.apply (round, actions)         a round of writes
 *      └─ drover.action (kind, task, attempt, outcome)   one per planned write
 *   drover.command (repo, issue, command, handled)
 *
 * With telemetry off each wrapper is the bare call.
 */
import type { Action } from '../../core/plan/actions.js';
import type { ReconcilePlan } from '../../core/plan/plan-reconcile.js';
import { parseCommand } from '../commands/parse-command.js';
import type { HandleCommandResult } from '../commands/handle-command.js';
import { applyActions } from '../reconcile/apply/apply-actions.js';
import type { ApplyContext, Applied } from '../reconcile/apply/apply-context.js';
import type { RequestStats } from '../github/request-policy.js';
import type { PassResult } from '../reconcile/repo-scheduler.js';
import type { SpanAttributes, Telemetry } from './telemetry.js';

/** A whole pass of one repository; the GitHub requests it made are added when it ends. */
export function tracePass(
  telemetry: Telemetry,
  repo: string,
  stats: () => RequestStats,
  pass: () => Promise<PassResult>,
): Promise<PassResult> {
  if (!telemetry.enabled) return pass();
  const before = { ...stats() };
  const started = Date.now();
  let outcome: 'ok' | 'failures' | 'error' = 'error';
  return telemetry.span(
    'drover.reconcile',
    { 'drover.repo': repo },
    async (span) => {
      try {
        const result = await pass();
        span.set({ 'drover.failed': result.failed, 'drover.next_wake_at': result.nextWakeAt });
        outcome = result.failed ? 'failures' : 'ok';
        return result;
      } finally {
        telemetry.passEnded(repo, Date.now() - started, outcome);
        const after = stats();
        span.set({
          'drover.github.billed': after.billed - before.billed,
          'drover.github.not_modified': after.notModified - before.notModified,
          'drover.github.writes': after.writes - before.writes,
          'drover.github.graphql_points': after.graphqlPoints - before.graphqlPoints,
        });
      }
    },
    { root: true },
  );
}

export function traceObserve<T>(telemetry: Telemetry, observe: () => Promise<T>): Promise<T> {
  return telemetry.span('drover.observe', {}, () => observe());
}

export function tracePlan(telemetry: Telemetry, round: number, plan: () => ReconcilePlan): ReconcilePlan {
  return telemetry.span('drover.plan', { 'drover.round': round }, (span) => {
    const planned = plan();
    span.set({
      'drover.actions': planned.actions.length,
      'drover.ready': planned.schedule.readyOrder.length,
    });
    return planned;
  });
}

/**
 * A round of writes. Traced, each write is applied through `applyActions` on its own, which is
 * what `applyActions` does with the list anyway (one at a time, in order, each isolated).
 */
export function traceApply(
  telemetry: Telemetry,
  round: number,
  context: ApplyContext,
  actions: readonly Action[],
): Promise<Applied[]> {
  if (!telemetry.enabled) return applyActions(context, actions);
  return telemetry.span(
    'drover.apply',
    { 'drover.round': round, 'drover.actions': actions.length },
    async () => {
      const applied: Applied[] = [];
      for (const action of actions)
        applied.push(
          ...(await telemetry.span('drover.action', actionAttributes(action), async (span) => {
            const results = await applyActions(context, [action]);
            const result = results[0];
            if (result !== undefined)
              span.set(
                result.ok
                  ? { 'drover.outcome': result.changed ? 'changed' : 'ok', 'drover.detail': result.detail }
                  : { 'drover.outcome': 'failed', 'drover.error': errorText(result.error) },
              );
            return results;
          })),
        );
      return applied;
    },
  );
}

export function actionAttributes(action: Action): SpanAttributes {
  const attributes: SpanAttributes = { 'drover.action': action.kind, 'drover.task': action.task };
  if ('attempt' in action) attributes['drover.attempt'] = action.attempt;
  if (action.kind === 'dispatch') {
    attributes['drover.attempt.kind'] = action.attemptKind;
    attributes['drover.slot'] = action.slot;
  }
  if ('pullRequest' in action) attributes['drover.pull_request'] = action.pullRequest;
  return attributes;
}

/** A `/drover` comment: which command (parsed again here, purely, for the attribute) and what came of it. */
export function traceCommand(
  telemetry: Telemetry,
  target: { repo: string; issue: number; body: string },
  handle: () => Promise<HandleCommandResult>,
): Promise<HandleCommandResult> {
  if (!telemetry.enabled) return handle();
  const parsed = parseCommand(target.body);
  return telemetry.span(
    'drover.command',
    { 'drover.repo': target.repo, 'drover.issue': target.issue, 'drover.command': parsed?.kind ?? 'none' },
    async (span) => {
      const result = await handle();
      span.set({ 'drover.handled': result.handled, 'drover.reconcile': result.reconcile });
      return result;
    },
    { root: true },
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
