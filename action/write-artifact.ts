/**
 * Writes `outcome.json` and `patch.json` (validated against the app's own schemas first, so a
 * bug here fails loudly in the action rather than in the app) and uploads them as the
 * attempt's one artifact.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  attemptArtifactName,
  OUTCOME_FILE,
  outcomeSchema,
  PATCH_FILE,
  patchSchema,
  type AttemptOutcome,
  type AttemptPatch,
} from '../core/attempt-artifact.js';

/** Uploads files (absolute paths under rootDirectory) as one artifact; @actions/artifact in production. */
export type ArtifactUploader = (
  name: string,
  files: string[],
  rootDirectory: string,
) => Promise<{ id?: number; size?: number }>;

export interface UploadedArtifact {
  name: string;
  id: number | null;
}

export async function writeAttemptArtifact(
  outcome: AttemptOutcome,
  patch: AttemptPatch,
  directory: string,
  upload: ArtifactUploader,
): Promise<UploadedArtifact> {
  const checkedOutcome = outcomeSchema.parse(outcome);
  const checkedPatch = patchSchema.parse(patch);
  await mkdir(directory, { recursive: true });
  const files = [join(directory, OUTCOME_FILE), join(directory, PATCH_FILE)];
  await writeFile(files[0] as string, `${JSON.stringify(checkedOutcome, null, 2)}\n`);
  await writeFile(files[1] as string, `${JSON.stringify(checkedPatch)}\n`);
  const name = attemptArtifactName(outcome.task, outcome.attempt);
  const uploaded = await upload(name, files, directory);
  return { name, id: uploaded.id ?? null };
}
