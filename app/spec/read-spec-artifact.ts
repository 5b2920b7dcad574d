/**
 * A spec attempt's artifact (core/spec-artifact.ts), read as untrusted input: inflated within
 * bounds (the same streaming reader as an attempt's), its outcome validated, and its backlog put
 * through the importer's own checks (cli/backlog/parse-backlog.ts) and bounded in size. Anything
 * wrong is a failed result with the reason, never an exception.
 */
import { parseBacklog } from '../../cli/backlog/parse-backlog.js';
import {
  SPEC_BACKLOG_FILE,
  SPEC_MAX_BACKLOG_BYTES,
  SPEC_MAX_ITEMS,
  SPEC_OUTCOME_FILE,
  specOutcomeSchema,
} from '../../core/spec-artifact.js';
import type { SpecResult } from '../../core/spec-attempt.js';
import type { ArtifactLimits } from '../publish/artifact-limits.js';
import { unzipBounded } from '../publish/read-attempt-artifact.js';

export const SPEC_ARTIFACT_LIMITS: ArtifactLimits = {
  maxZipBytes: SPEC_MAX_BACKLOG_BYTES + 1024 * 1024,
  maxInflatedBytes: SPEC_MAX_BACKLOG_BYTES + 1024 * 1024,
  maxEntries: 8,
};

/** Problems quoted in a reply: enough to act on, never a wall of text. */
const MAX_REPORTED = 20;

export function readSpecArtifact(zip: Uint8Array, spec: number): SpecResult {
  const unzipped = unzipBounded(zip, SPEC_ARTIFACT_LIMITS, [SPEC_OUTCOME_FILE, SPEC_BACKLOG_FILE]);
  if (!unzipped.ok) return failed(unzipped.reason);
  const outcomeText = utf8(unzipped.files.get(SPEC_OUTCOME_FILE));
  if (outcomeText === null) return failed(`The spec artifact has no readable ${SPEC_OUTCOME_FILE}.`);
  let json: unknown;
  try {
    json = JSON.parse(outcomeText);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return failed(`${SPEC_OUTCOME_FILE} is not JSON: ${error.message}`);
  }
  const parsed = specOutcomeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return failed(
      `${SPEC_OUTCOME_FILE} is invalid (${issue?.path.join('.') || 'outcome'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const outcome = parsed.data;
  if (outcome.spec !== spec) return failed(`${SPEC_OUTCOME_FILE} is for spec ${outcome.spec}, not ${spec}.`);
  const base = {
    agent: outcome.agent,
    costUsd: outcome.costUsd ?? 0,
    durationMs: outcome.durationMs,
    problems: outcome.problems.slice(0, MAX_REPORTED),
  };
  if (outcome.status === 'failed')
    return { ...failed(outcome.reason ?? 'the spec attempt failed without a reason'), ...base };
  const backlog = utf8(unzipped.files.get(SPEC_BACKLOG_FILE));
  if (backlog === null)
    return { ...failed(`The spec artifact has no readable ${SPEC_BACKLOG_FILE}.`), ...base };
  return { ...base, ...checkBacklog(backlog) };
}

/** The importer's checks, and the bound on how much one spec may create. */
export function checkBacklog(text: string): Omit<SpecResult, 'agent' | 'costUsd' | 'durationMs'> {
  const parsed = parseBacklog(text);
  const line = (problem: { line: number; message: string }) =>
    `${SPEC_BACKLOG_FILE}:${problem.line}: ${problem.message}`;
  if (!parsed.ok)
    return {
      status: 'failed',
      reason: `the backlog has ${parsed.problems.length} problem(s)`,
      backlog: null,
      warnings: [],
      problems: parsed.problems.slice(0, MAX_REPORTED).map(line),
    };
  const items = parsed.backlog.stories.length + parsed.backlog.tasks.length;
  if (items > SPEC_MAX_ITEMS)
    return {
      status: 'failed',
      reason: `the backlog has ${items} stories and tasks; a spec creates at most ${SPEC_MAX_ITEMS} (split the documents, or import the file with \`drover import-jsonl\`)`,
      backlog: null,
      warnings: [],
      problems: [],
    };
  return {
    status: 'success',
    reason: null,
    backlog: text,
    warnings: parsed.warnings.slice(0, MAX_REPORTED).map(line),
    problems: [],
  };
}

function utf8(bytes: Uint8Array | undefined): string | null {
  if (bytes === undefined) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // Node's code for bytes that are not UTF-8 (checked by code: the class differs across realms).
    if ((error as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return null;
    throw error;
  }
}

function failed(reason: string): SpecResult {
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
