/** Writes a spec attempt's `outcome.json` and `backlog.jsonl` (validated first) and uploads them as its artifact. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SPEC_BACKLOG_FILE,
  SPEC_OUTCOME_FILE,
  specArtifactName,
  specOutcomeSchema,
  type SpecOutcome,
} from '../../core/spec-artifact.js';
import type { ArtifactUploader, UploadedArtifact } from '../write-artifact.js';

export async function writeSpecArtifact(
  outcome: SpecOutcome,
  backlog: string | null,
  directory: string,
  upload: ArtifactUploader,
): Promise<UploadedArtifact> {
  const checked = specOutcomeSchema.parse(outcome);
  await mkdir(directory, { recursive: true });
  const files = [join(directory, SPEC_OUTCOME_FILE)];
  await writeFile(files[0] as string, `${JSON.stringify(checked, null, 2)}\n`);
  if (backlog !== null) {
    files.push(join(directory, SPEC_BACKLOG_FILE));
    await writeFile(files[1] as string, backlog);
  }
  const name = specArtifactName(outcome.spec);
  const uploaded = await upload(name, files, directory);
  return { name, id: uploaded.id ?? null };
}
