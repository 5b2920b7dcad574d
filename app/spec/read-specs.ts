/**
 * The observe step's part for `/drover spec` requests (core/spec-attempt.ts): for each request in
 * the control record, its claim (`refs/drover/spec/<id>`), its run (from a webhook's payload,
 * by name among the runs created since the request, then by id until it completes), and once
 * it has finished, its artifact, read once. Every read is conditional, and only requests not yet
 * answered are read: nothing is spent when there are none. A read that fails leaves that request
 * unknown for the pass (nothing is planned for it) and is reported against its issue.
 */
import { parseSpecRunName, specClaimRef } from '../../core/attempt-names.js';
import type { AttemptRun } from '../../core/attempt-history.js';
import type { ControlRecord, SpecRequest } from '../../core/control-record.js';
import type { RepoGateway } from '../../core/gateway/index.js';
import type { WorkflowRun } from '../../core/gateway/runs.js';
import { specArtifactName } from '../../core/spec-artifact.js';
import type { SpecAttempt, SpecResult } from '../../core/spec-attempt.js';
import type { RepoSession } from '../reconcile/repo-session.js';
import { readSpecArtifact, SPEC_ARTIFACT_LIMITS } from './read-spec-artifact.js';

export interface SpecReadOptions {
  control: ControlRecord;
  workflow: string;
  now: Date;
}

export async function readSpecs(
  gateway: RepoGateway,
  session: RepoSession,
  options: SpecReadOptions,
): Promise<Array<{ task: number; error: unknown }>> {
  const requests = options.control.specs ?? {};
  for (const id of session.specs.keys()) if (requests[id] === undefined) session.specs.delete(id);
  const errors: Array<{ task: number; error: unknown }> = [];
  for (const [id, request] of Object.entries(requests)) {
    try {
      session.specs.set(id, await readSpec(gateway, session, Number(id), request, options));
    } catch (error) {
      session.specs.delete(id);
      errors.push({ task: request.issue, error });
    }
  }
  return errors;
}

async function readSpec(
  gateway: RepoGateway,
  session: RepoSession,
  id: number,
  request: SpecRequest,
  options: SpecReadOptions,
): Promise<SpecAttempt> {
  const known = session.specs.get(String(id));
  const attempt: SpecAttempt = known
    ? { ...known }
    : { id, claimed: false, claimedAt: null, run: null, result: null };
  if (!attempt.claimed) {
    attempt.claimed = (await gateway.refs.get(specClaimRef(id))) !== null;
    // A claim this process did not make: the first time it saw it stands in for when it was made.
    if (attempt.claimed) attempt.claimedAt ??= options.now.toISOString();
  }
  if (!attempt.claimed) return attempt;
  const hint = [...session.runHints.values()].find((run) => parseSpecRunName(run.name)?.spec === id);
  if (attempt.run === null) attempt.run = hint ?? (await findRun(gateway, id, request, options));
  else if (attempt.run.status !== 'completed') attempt.run = hint ?? (await currentRun(gateway, attempt.run));
  if (attempt.run?.status === 'completed' && attempt.result === null) {
    attempt.run = await checkStarted(gateway, attempt.run);
    if (attempt.run.started) attempt.result = await readResult(gateway, id, attempt.run);
  }
  return attempt;
}

/** The spec's run among those created since the request (the lowest id: a second dispatch's run waits behind it). */
async function findRun(
  gateway: RepoGateway,
  id: number,
  request: SpecRequest,
  options: SpecReadOptions,
): Promise<AttemptRun | null> {
  const since = new Date(Date.parse(request.at) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const runs = await gateway.runs.createdSince(options.workflow, since);
  return runs.filter((run) => parseSpecRunName(run.name)?.spec === id).sort((a, b) => a.id - b.id)[0] ?? null;
}

async function currentRun(gateway: RepoGateway, run: AttemptRun): Promise<AttemptRun> {
  const current: WorkflowRun | null = await gateway.runs.get(run.id);
  return current ?? { ...run, status: 'completed', conclusion: 'vanished' };
}

/** A run GitHub cancelled while it waited for its slot never started a job. */
async function checkStarted(gateway: RepoGateway, run: AttemptRun): Promise<AttemptRun> {
  if (run.conclusion !== 'cancelled' || !run.started) return run;
  return { ...run, started: await gateway.runs.jobsStarted(run.id) };
}

async function readResult(gateway: RepoGateway, id: number, run: AttemptRun): Promise<SpecResult> {
  const download = await gateway.runs.artifact(
    run.id,
    specArtifactName(id),
    SPEC_ARTIFACT_LIMITS.maxZipBytes,
  );
  if (download.kind === 'found') return readSpecArtifact(download.zip, id);
  const reason =
    download.kind === 'missing'
      ? `the run ended (${run.conclusion ?? 'no conclusion'}) without a spec artifact: ${run.url}`
      : `the spec artifact is ${download.bytes} bytes, more than the ${SPEC_ARTIFACT_LIMITS.maxZipBytes} a backlog needs; it was not read`;
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
