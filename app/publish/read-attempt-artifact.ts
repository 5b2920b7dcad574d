/**
 * Open an attempt's artifact (a zip holding outcome.json and patch.json) and validate both
 * with the action ↔ app contract. Anything unreadable is a reason, not an exception: the
 * attempt then counts as failed with that reason.
 */
import { unzipSync } from 'fflate';
import {
  OUTCOME_FILE,
  PATCH_FILE,
  outcomeSchema,
  patchSchema,
  type AttemptOutcome,
  type AttemptPatch,
} from '../../core/attempt-artifact.js';

export type ArtifactContents =
  { ok: true; outcome: AttemptOutcome; patch: AttemptPatch | null } | { ok: false; reason: string };

function unzip(zip: Buffer): Record<string, Uint8Array> | null {
  try {
    return unzipSync(new Uint8Array(zip));
  } catch (error) {
    if (error instanceof Error) return null;
    throw error;
  }
}

function readJson(files: Record<string, Uint8Array>, name: string): { found: boolean; value: unknown } {
  const entry = Object.entries(files).find(([path]) => path === name || path.endsWith(`/${name}`));
  if (!entry) return { found: false, value: null };
  try {
    return { found: true, value: JSON.parse(Buffer.from(entry[1]).toString('utf8')) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return { found: true, value: undefined };
    throw error;
  }
}

export function readAttemptArtifact(
  zip: Buffer,
  expected: { task: number; attempt: number },
): ArtifactContents {
  const files = unzip(zip);
  if (!files) return { ok: false, reason: 'The attempt artifact is not a readable zip file.' };
  const outcomeJson = readJson(files, OUTCOME_FILE);
  if (!outcomeJson.found) return { ok: false, reason: `The attempt artifact has no ${OUTCOME_FILE}.` };
  const outcome = outcomeSchema.safeParse(outcomeJson.value);
  if (!outcome.success)
    return {
      ok: false,
      reason: `${OUTCOME_FILE} is invalid: ${outcome.error.issues[0]?.message ?? 'unknown problem'}`,
    };
  if (outcome.data.task !== expected.task || outcome.data.attempt !== expected.attempt) {
    return {
      ok: false,
      reason: `${OUTCOME_FILE} is for task #${outcome.data.task} attempt ${outcome.data.attempt}, not #${expected.task} attempt ${expected.attempt}.`,
    };
  }
  const patchJson = readJson(files, PATCH_FILE);
  if (!patchJson.found) return { ok: true, outcome: outcome.data, patch: null };
  const patch = patchSchema.safeParse(patchJson.value);
  if (!patch.success)
    return {
      ok: false,
      reason: `${PATCH_FILE} is invalid: ${patch.error.issues[0]?.message ?? 'unknown problem'}`,
    };
  return { ok: true, outcome: outcome.data, patch: patch.data };
}
