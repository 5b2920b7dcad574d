/**
 * A run's spending limit (`/drover run --budget USD`, or `budget_usd` in the config). Spend is
 * what the attempts of the snapshot's tasks report (AttemptRecord.costUsd); once it reaches
 * the budget, nothing new is dispatched. Running attempts finish: stopping them would throw
 * away work already paid for.
 */
import type { Snapshot } from './types.js';

export function spentUsd(snapshot: Snapshot): number {
  let total = 0;
  for (const record of Object.values(snapshot.attempts)) total += record.costUsd;
  return total;
}

export function budgetReached(snapshot: Snapshot): boolean {
  const budget = snapshot.run?.budgetUsd ?? null;
  return budget !== null && spentUsd(snapshot) >= budget;
}
