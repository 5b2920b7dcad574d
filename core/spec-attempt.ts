/**
 * A `/drover spec` request as the loop knows it: the request in the control record
 * (core/control-record.ts), its claim `refs/drover/spec/<id>`, its workflow run, and what its
 * artifact said. Like a task's attempts, nothing here is stored by Drover: it is read back from
 * GitHub (app/spec/read-specs.ts) and derived on every pass.
 */
import { CLAIM_GRACE_MS, type AttemptRun } from './attempt-history.js';

/** What the app made of a finished spec attempt's artifact. */
export interface SpecResult {
  status: 'success' | 'failed';
  /** Why it failed, in one line (null on success). */
  reason: string | null;
  /** The backlog, checked by the importer's validation (null when it failed). */
  backlog: string | null;
  /** What the import records as it is (a cycle, a blocker no line names), for the reply. */
  warnings: string[];
  /** Problems the agent's last answer still had, for the reply. */
  problems: string[];
  agent: string | null;
  costUsd: number;
  durationMs: number;
}

export interface SpecAttempt {
  /** The command's comment id. */
  id: number;
  /** Whether `refs/drover/spec/<id>` exists. */
  claimed: boolean;
  /** When the claim was made, when known (this process made it, or first saw it). */
  claimedAt: string | null;
  run: AttemptRun | null;
  result: SpecResult | null;
}

/**
 * - unclaimed: nobody has started it: the planner dispatches it;
 * - claimed: taken, no run seen yet; running: its run has not completed;
 * - finished: its run completed after starting (the result says how it went, once read);
 * - lost: claimed but no run within the grace period, or the run ended without starting.
 */
export type SpecPhase = 'unclaimed' | 'claimed' | 'running' | 'finished' | 'lost';

export function specPhase(attempt: SpecAttempt, now: Date): SpecPhase {
  if (!attempt.claimed) return 'unclaimed';
  const run = attempt.run;
  if (run === null) {
    if (attempt.claimedAt === null) return 'claimed';
    return now.getTime() - Date.parse(attempt.claimedAt) > CLAIM_GRACE_MS ? 'lost' : 'claimed';
  }
  if (run.status !== 'completed') return 'running';
  return run.started ? 'finished' : 'lost';
}
