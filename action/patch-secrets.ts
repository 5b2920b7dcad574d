/**
 * The action's secret check of the patch before upload: the same scan the app runs
 * (core/secret-scan.ts). Known token formats already in a file at the base commit are not new
 * leaks, so when the first scan finds something the base versions of the written files are
 * read and the scan runs again with them.
 */
import type { AttemptPatch } from '../core/attempt-artifact.js';
import { scanPatchForSecrets, type SecretFinding } from '../core/secret-scan.js';
import type { GitClient } from './git-client.js';

async function baseContents(
  git: GitClient,
  baseSha: string,
  patch: AttemptPatch,
): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  for (const commit of patch.commits) {
    for (const change of commit.changes) {
      if (change.action !== 'write' || contents.has(change.path)) continue;
      // Exit 128: the path did not exist at the base commit.
      const result = await git.exec(['cat-file', 'blob', `${baseSha}:${change.path}`], {
        okExitCodes: [128],
      });
      contents.set(change.path, result.exitCode === 0 ? result.stdout : Buffer.alloc(0));
    }
  }
  return contents;
}

export async function findPatchSecrets(
  git: GitClient,
  patch: AttemptPatch,
  secrets: string[],
  texts: Array<{ where: string; text: string }>,
): Promise<SecretFinding[]> {
  const first = scanPatchForSecrets(patch, secrets, { texts });
  if (first.length === 0) return first;
  const before = await baseContents(git, patch.baseSha, patch);
  return scanPatchForSecrets(patch, secrets, { texts, before: (path) => before.get(path) });
}
