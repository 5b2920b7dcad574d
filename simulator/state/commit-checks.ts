/**
 * The checks of a commit as GitHub weighs them: the latest commit status of each context and the
 * latest check run of each name, each reduced to GraphQL's `StatusState`; the verdict on a
 * branch's required contexts (satisfied by a status or a check run of that name); and the rollup
 * (`statusCheckRollup.state`).
 */
import { PASSING_CONCLUSIONS, type CheckRunRecord } from './checks.js';
import type { SimStore } from './store.js';
import type { CommitStatusRecord } from './types.js';

export type ContextState = 'SUCCESS' | 'PENDING' | 'FAILURE' | 'ERROR' | 'EXPECTED';

export type CommitContext =
  | { kind: 'status'; name: string; state: ContextState; record: CommitStatusRecord }
  | { kind: 'check'; name: string; state: ContextState; record: CheckRunRecord };

export interface RequiredVerdict {
  /** How many contexts are required. */
  required: number;
  /** Required contexts nothing has reported on yet. */
  missing: string[];
  /** Reported, not finished. */
  pending: string[];
  /** Finished without passing. */
  failing: string[];
}

export function checkRunState(run: CheckRunRecord): ContextState {
  if (run.status !== 'completed') return 'PENDING';
  return PASSING_CONCLUSIONS.has(run.conclusion ?? '') ? 'SUCCESS' : 'FAILURE';
}

const STATUS_STATES: Record<CommitStatusRecord['state'], ContextState> = {
  success: 'SUCCESS',
  pending: 'PENDING',
  failure: 'FAILURE',
  error: 'ERROR',
};

/** Statuses first (in the order their contexts were first reported), then check runs (oldest first). */
export function commitContexts(store: SimStore, repoKey: string, sha: string): CommitContext[] {
  const statuses = store.statuses
    .latest(repoKey, sha)
    .reverse()
    .map((record): CommitContext => ({
      kind: 'status',
      name: record.context,
      state: STATUS_STATES[record.state],
      record,
    }));
  const checks = [...store.checks.latestByName(repoKey, sha).values()]
    .sort((a, b) => a.id - b.id)
    .map((record): CommitContext => ({
      kind: 'check',
      name: record.name,
      state: checkRunState(record),
      record,
    }));
  return [...statuses, ...checks];
}

/**
 * How a commit stands against required contexts. A context is passing when any status or check
 * run of that name passes (GitHub accepts either source for a context of that name).
 */
export function requiredVerdict(contexts: CommitContext[], required: readonly string[]): RequiredVerdict {
  const verdict: RequiredVerdict = { required: required.length, missing: [], pending: [], failing: [] };
  for (const name of required) {
    const reported = contexts.filter((context) => context.name === name);
    if (reported.length === 0) verdict.missing.push(name);
    else if (reported.some((context) => context.state === 'SUCCESS')) continue;
    else if (reported.some((context) => context.state === 'FAILURE' || context.state === 'ERROR'))
      verdict.failing.push(name);
    else verdict.pending.push(name);
  }
  return verdict;
}

export const verdictPasses = (verdict: RequiredVerdict): boolean =>
  verdict.missing.length + verdict.pending.length + verdict.failing.length === 0;

/**
 * `statusCheckRollup.state`: FAILURE or ERROR when anything failed, PENDING while anything runs,
 * EXPECTED while a required context has not reported, else SUCCESS. Null without any context.
 */
export function rollupState(contexts: CommitContext[], missingRequired: number): ContextState | null {
  if (contexts.length === 0 && missingRequired === 0) return null;
  const states = new Set(contexts.map((context) => context.state));
  if (states.has('FAILURE')) return 'FAILURE';
  if (states.has('ERROR')) return 'ERROR';
  if (states.has('PENDING')) return 'PENDING';
  if (missingRequired > 0) return 'EXPECTED';
  return 'SUCCESS';
}
