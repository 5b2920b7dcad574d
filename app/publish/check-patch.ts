/**
 * The app's check of an agent's patch before it writes anything: the patch is untrusted
 * output of a job that ran whatever the repository and issue text led it to.
 */
import { posix } from 'node:path';
import type { AttemptPatch } from '../../core/attempt-artifact.js';
import type { DroverConfig } from '../../core/config.js';

export type PatchCheck = { ok: true; patch: AttemptPatch } | { ok: false; reason: string };

const WORKFLOWS_DIR = '.github/workflows/';

/** The path as git stores it, or the reason it cannot be written. */
export function normalisePath(path: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (path.includes('\0') || path.includes('\\'))
    return { ok: false, reason: `path "${path}" contains a NUL or backslash` };
  if (path.startsWith('/')) return { ok: false, reason: `path "${path}" is absolute` };
  if (path.split('/').includes('..'))
    return { ok: false, reason: `path "${path}" leaves the repository (..)` };
  const normalised = posix
    .normalize(path)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (normalised === '' || normalised === '.') return { ok: false, reason: `path "${path}" names no file` };
  const segments = normalised.split('/');
  if (segments.some((segment) => segment.toLowerCase() === '.git'))
    return { ok: false, reason: `path "${path}" is inside .git/` };
  return { ok: true, path: normalised };
}

function isWorkflowPath(path: string): boolean {
  return path.toLowerCase().startsWith(WORKFLOWS_DIR);
}

/** Check sizes and paths; on success return the patch with normalised paths. */
export function checkPatch(patch: AttemptPatch, limits: DroverConfig['patch']): PatchCheck {
  const paths = new Set<string>();
  let bytes = 0;
  const commits: AttemptPatch['commits'] = [];
  for (const commit of patch.commits) {
    const changes: AttemptPatch['commits'][number]['changes'] = [];
    for (const change of commit.changes) {
      const checked = normalisePath(change.path);
      if (!checked.ok) return { ok: false, reason: `The patch was refused: ${checked.reason}.` };
      if (isWorkflowPath(checked.path) && !limits.allow_workflow_changes) {
        return {
          ok: false,
          reason: `The patch was refused: it changes ${checked.path}, and workflow files may only change when \`patch.allow_workflow_changes: true\` is set in .github/drover.yml.`,
        };
      }
      paths.add(checked.path);
      if (change.action === 'write') bytes += Buffer.byteLength(change.contentBase64, 'base64');
      changes.push({ ...change, path: checked.path });
    }
    commits.push({ ...commit, changes });
  }
  if (paths.size > limits.max_files) {
    return {
      ok: false,
      reason: `The patch was refused: it changes ${paths.size} files, more than \`patch.max_files\` (${limits.max_files}).`,
    };
  }
  if (bytes > limits.max_bytes) {
    return {
      ok: false,
      reason: `The patch was refused: it writes ${bytes} bytes, more than \`patch.max_bytes\` (${limits.max_bytes}).`,
    };
  }
  return { ok: true, patch: { ...patch, commits } };
}
