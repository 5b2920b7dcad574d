/**
 * The entries of a `POST /git/trees` request (and of `createCommitOnBranch`'s file changes)
 * checked the way GitHub refuses them, before anything is written:
 *
 * - a path git would not accept in a tree (see git/verify-path.ts) answers 422 "tree.path
 *   contains a malformed path component";
 * - modes are the five git knows, and each goes with its type: 100644/100755/120000 blobs,
 *   040000 trees, 160000 submodule commits;
 * - `sha` or `content`, not both; `content` only for blobs;
 * - one entry per path, and no path that is both a file and a directory's prefix in the same
 *   request; a deletion (`sha: null`) only of a path the base tree has. These answer GitHub's
 *   tree-building error, 422 "GitRPC::BadObjectState" (observed for a deletion of an absent path).
 */
import { MALFORMED_PATH, treePathProblem } from '../git/verify-path.js';
import { SimError } from './sim-error.js';

export interface TreeInputEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha?: string | null;
  content?: string;
}

export const BAD_OBJECT_STATE = 'GitRPC::BadObjectState';

const TYPE_OF_MODE: Record<string, TreeInputEntry['type']> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

const invalid = (message: string) =>
  new SimError(422, message, [{ resource: 'Tree', field: 'tree', code: 'invalid', message }]);

/** Throws GitHub's 422 for the first entry it would refuse. */
export function checkTreeEntries(entries: unknown[]): TreeInputEntry[] {
  const checked = entries.map(checkEntry);
  const seen = new Set<string>();
  for (const entry of checked) {
    if (seen.has(entry.path)) throw new SimError(422, BAD_OBJECT_STATE);
    seen.add(entry.path);
  }
  for (const entry of checked) {
    if (entry.sha === null) continue;
    if (checked.some((other) => other.sha !== null && other.path.startsWith(`${entry.path}/`))) {
      throw new SimError(422, BAD_OBJECT_STATE);
    }
  }
  return checked;
}

function checkEntry(raw: unknown): TreeInputEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('Invalid request.\n\nEvery tree entry must be an object with path, mode and type.');
  }
  const entry = raw as Record<string, unknown>;
  if (typeof entry.path !== 'string') throw invalid('Invalid request.\n\n"path" wasn\'t supplied.');
  const mode = String(entry.mode);
  const type = TYPE_OF_MODE[mode];
  if (!type) {
    throw invalid(
      `Invalid request.\n\n"${mode}" is not a valid tree.mode: use 100644, 100755, 040000, 160000 or 120000.`,
    );
  }
  if (treePathProblem(entry.path, mode)) throw new SimError(422, MALFORMED_PATH);
  if (entry.type !== type) throw invalid(`tree.type "${String(entry.type)}" does not go with mode ${mode}.`);
  if (entry.content !== undefined && entry.sha !== undefined) {
    throw invalid(
      'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
    );
  }
  if (entry.content !== undefined) {
    if (typeof entry.content !== 'string' || type !== 'blob')
      throw invalid('tree.content must be a string blob.');
    return { path: entry.path, mode, type, content: entry.content };
  }
  if (entry.sha === null) return { path: entry.path, mode, type, sha: null };
  if (typeof entry.sha !== 'string' || !/^[0-9a-f]{40}$/.test(entry.sha)) {
    throw invalid('Must supply a valid tree.sha or tree.content.');
  }
  return { path: entry.path, mode, type, sha: entry.sha };
}
