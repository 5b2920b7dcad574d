/**
 * Open an attempt's artifact (a zip holding outcome.json and patch.json) and validate both
 * with the action ↔ app contract. Anything unreadable is a reason, not an exception: the
 * attempt then counts as failed with that reason, and the loop goes on with the other tasks.
 *
 * The zip is inflated as a stream, fed in small slices, counting every inflated byte of every
 * entry: a bomb is stopped once it passes the cap, so memory stays near the cap plus one slice's
 * output, whatever the entry headers claim.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import {
  OUTCOME_FILE,
  PATCH_FILE,
  outcomeSchema,
  patchSchema,
  type AttemptOutcome,
  type AttemptPatch,
} from '../../core/attempt-artifact.js';
import { defaultConfig } from '../../core/config.js';
import { artifactLimits, type ArtifactLimits } from './artifact-limits.js';

export type ArtifactContents =
  { ok: true; outcome: AttemptOutcome; patch: AttemptPatch | null } | { ok: false; reason: string };

/**
 * Compressed bytes pushed at a time. Deflate expands at most ~1032:1, so one slice inflates to
 * at most ~16 MiB before the cap is checked again.
 */
const SLICE_BYTES = 16 * 1024;
const WANTED = [OUTCOME_FILE, PATCH_FILE];

type Unzipped = { ok: true; files: Map<string, Uint8Array> } | { ok: false; reason: string };

function wantedName(path: string, wanted: readonly string[]): string | null {
  return wanted.find((name) => path === name || path.endsWith(`/${name}`)) ?? null;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Inflate the zip within the limits, keeping only the wanted files (outcome.json and patch.json). */
export function unzipBounded(
  zip: Uint8Array,
  limits: ArtifactLimits,
  wanted: readonly string[] = WANTED,
): Unzipped {
  const files = new Map<string, Uint8Array>();
  let problem: string | null = null;
  let entries = 0;
  let inflated = 0;
  const onFile = (file: UnzipFile) => {
    if (problem) return;
    entries += 1;
    if (entries > limits.maxEntries) {
      problem = `The attempt artifact has more than ${limits.maxEntries} entries.`;
      return;
    }
    const name = wantedName(file.name, wanted);
    if (name && files.has(name)) {
      problem = `The attempt artifact holds ${name} twice.`;
      return;
    }
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (problem) return;
      if (error) {
        problem = `The attempt artifact could not be inflated: ${error.message}.`;
        return;
      }
      inflated += chunk.length;
      if (inflated > limits.maxInflatedBytes) {
        problem = `The attempt artifact inflates to more than ${limits.maxInflatedBytes} bytes; it was not read further.`;
        file.terminate();
        return;
      }
      if (name) chunks.push(chunk);
      if (final && name) files.set(name, concat(chunks));
    };
    file.start();
  };
  try {
    const unzip = new Unzip(onFile);
    unzip.register(UnzipInflate);
    for (let offset = 0; offset < zip.length && !problem; offset += SLICE_BYTES) {
      const end = Math.min(zip.length, offset + SLICE_BYTES);
      unzip.push(zip.subarray(offset, end), end === zip.length);
    }
  } catch (error) {
    problem ??= `The attempt artifact is not a readable zip file: ${message(error)}.`;
  }
  if (problem) return { ok: false, reason: problem };
  if (entries === 0) return { ok: false, reason: 'The attempt artifact is not a readable zip file.' };
  return { ok: true, files };
}

type JsonRead = { found: false } | { found: true; value: unknown } | { found: true; problem: string };

function readJson(files: Map<string, Uint8Array>, name: string): JsonRead {
  const bytes = files.get(name);
  if (!bytes) return { found: false };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { found: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { found: true, problem: `${name} is not valid UTF-8 JSON: ${message(error)}` };
  }
}

export function readAttemptArtifact(
  zip: Uint8Array,
  expected: { task: number; attempt: number },
  limits: ArtifactLimits = artifactLimits(defaultConfig().patch),
): ArtifactContents {
  if (zip.length > limits.maxZipBytes)
    return {
      ok: false,
      reason: `The attempt artifact is ${zip.length} bytes, more than ${limits.maxZipBytes}.`,
    };
  const unzipped = unzipBounded(zip, limits);
  if (!unzipped.ok) return unzipped;
  const outcomeJson = readJson(unzipped.files, OUTCOME_FILE);
  if (!outcomeJson.found) return { ok: false, reason: `The attempt artifact has no ${OUTCOME_FILE}.` };
  if ('problem' in outcomeJson) return { ok: false, reason: outcomeJson.problem };
  const outcome = outcomeSchema.safeParse(outcomeJson.value);
  if (!outcome.success)
    return { ok: false, reason: `${OUTCOME_FILE} is invalid: ${describeIssue(outcome.error.issues[0])}` };
  if (outcome.data.task !== expected.task || outcome.data.attempt !== expected.attempt) {
    return {
      ok: false,
      reason: `${OUTCOME_FILE} is for task #${outcome.data.task} attempt ${outcome.data.attempt}, not #${expected.task} attempt ${expected.attempt}.`,
    };
  }
  const patchJson = readJson(unzipped.files, PATCH_FILE);
  if (!patchJson.found) return { ok: true, outcome: outcome.data, patch: null };
  if ('problem' in patchJson) return { ok: false, reason: patchJson.problem };
  const patch = patchSchema.safeParse(patchJson.value);
  if (!patch.success)
    return { ok: false, reason: `${PATCH_FILE} is invalid: ${describeIssue(patch.error.issues[0])}` };
  return { ok: true, outcome: outcome.data, patch: patch.data };
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'unknown problem';
  const at = issue.path.map(String).join('.');
  return at ? `${at}: ${issue.message}` : issue.message;
}
