/**
 * `/drover spec` requests (in the control record) as writes: start the spec attempt of the oldest
 * request that has none, one at a time (they share slot 0, a lane of their own, so a spec never
 * holds a task's worker and a third queued run never replaces a pending one), and finish each
 * whose attempt is over (import, reply, close the request). Independent of the run: a spec is
 * answered with no run active, and its tasks start when one is.
 */
import { specClaimRef, specRunName } from '../attempt-names.js';
import type { SpecRequest } from '../control-record.js';
import type { RepoState } from '../repo-state.js';
import { SPEC_SLOT } from '../spec-artifact.js';
import { specPhase, type SpecAttempt, type SpecResult } from '../spec-attempt.js';
import type { DispatchSpecAction, FinishSpecAction } from './actions.js';

export function planSpecs(state: RepoState, now: Date): Array<DispatchSpecAction | FinishSpecAction> {
  const requests = Object.entries(state.control.specs ?? {})
    .map(([id, request]) => ({ id: Number(id), request, attempt: state.specs?.get(id) }))
    .sort((a, b) => a.id - b.id);
  let busy = requests.some(({ attempt }) => attempt !== undefined && isBusy(attempt, now));
  const actions: Array<DispatchSpecAction | FinishSpecAction> = [];
  for (const { id, request, attempt } of requests) {
    // Not read this pass (its reads failed, or nothing observed it): nothing is planned for it.
    if (attempt === undefined) continue;
    const phase = specPhase(attempt, now);
    if (phase === 'unclaimed' && !busy) {
      actions.push(dispatchSpec(state, id, request));
      busy = true;
    } else if (phase === 'lost') {
      actions.push(finishSpec(id, request, lostResult(attempt)));
    } else if (phase === 'finished' && attempt.result !== null) {
      actions.push(finishSpec(id, request, attempt.result));
    }
  }
  return actions;
}

function isBusy(attempt: SpecAttempt, now: Date): boolean {
  const phase = specPhase(attempt, now);
  return phase === 'claimed' || phase === 'running';
}

function dispatchSpec(state: RepoState, id: number, request: SpecRequest): DispatchSpecAction {
  const sha = state.defaultBranch.sha;
  return {
    kind: 'dispatch-spec',
    task: request.issue,
    spec: id,
    claimRef: specClaimRef(id),
    pinnedSha: sha,
    // Like every follow-up, on the default branch: its workflow and config, and the documents.
    workflowRef: state.defaultBranch.name,
    inputs: {
      task: String(request.issue),
      attempt: String(id),
      run: `spec-${id}`,
      mode: 'spec',
      slot: String(SPEC_SLOT),
      'base-sha': sha,
      spec: request.paths.join('\n'),
    },
    runName: specRunName(request.issue, id, SPEC_SLOT),
  };
}

function finishSpec(id: number, request: SpecRequest, result: SpecResult): FinishSpecAction {
  return { kind: 'finish-spec', task: request.issue, spec: id, claimRef: specClaimRef(id), request, result };
}

function lostResult(attempt: SpecAttempt): SpecResult {
  const reason =
    attempt.run === null
      ? 'its workflow run never started (the dispatch was lost, or GitHub refused it)'
      : `its workflow run ended without running (${attempt.run.conclusion ?? 'no conclusion'}): ${attempt.run.url}`;
  return {
    status: 'failed',
    reason,
    backlog: null,
    warnings: [],
    problems: [],
    agent: null,
    costUsd: 0,
    durationMs: 0,
  };
}
