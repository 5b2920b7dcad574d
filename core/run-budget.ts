/**
 * A run's spending limit (`/drover run [epic] --budget USD`, `epic_budgets_usd` for a run over
 * one epic, or `budget_usd` in the config). Spend is what the attempts of the run's tasks report
 * (AttemptRecord.costUsd): every task for a run over all tasks, the epic's tasks for a run over
 * one epic. Once it reaches the budget, nothing new is dispatched (follow-up attempts included).
 * Running attempts finish: stopping them would throw away work already paid for.
 */
import { normaliseEpic } from './normalise-epic.js';
import type { IssueInput, Snapshot } from './types.js';

/** The epic an issue's `epic:` label names (lower-cased), or null. */
export function epicOfIssue(issue: Pick<IssueInput, 'labels'>): string | null {
  const label = issue.labels.find((name) => /^epic:/i.test(name));
  return label === undefined ? null : (normaliseEpic(label)?.toLowerCase() ?? null);
}

export function spentUsd(snapshot: Snapshot): number {
  const scope = snapshot.run?.epic ? (normaliseEpic(snapshot.run.epic)?.toLowerCase() ?? null) : null;
  const epics = new Map(snapshot.issues.map((issue) => [issue.number, epicOfIssue(issue)]));
  let total = 0;
  for (const [task, record] of Object.entries(snapshot.attempts)) {
    if (scope !== null && epics.get(Number(task)) !== scope) continue;
    total += record.costUsd;
  }
  return total;
}

export function budgetReached(snapshot: Snapshot): boolean {
  const budget = snapshot.run?.budgetUsd ?? null;
  return budget !== null && spentUsd(snapshot) >= budget;
}

/** Spend by epic (tasks without an epic under null), for the status comment. */
export function spendByEpic(snapshot: Snapshot): Map<string | null, number> {
  const epics = new Map(snapshot.issues.map((issue) => [issue.number, epicOfIssue(issue)]));
  const spend = new Map<string | null, number>();
  for (const [task, record] of Object.entries(snapshot.attempts)) {
    if (record.costUsd <= 0) continue;
    const epic = epics.get(Number(task)) ?? null;
    spend.set(epic, (spend.get(epic) ?? 0) + record.costUsd);
  }
  return spend;
}
