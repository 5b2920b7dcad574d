/**
 * Turns the commits the attempt made locally into the artifact's patch: for each commit, the
 * whole content (base64) of every file it adds or changes and every path it deletes, against
 * its first parent. Read from git's plumbing (`diff-tree -z --raw`, `cat-file blob`), so
 * binary files, odd file names, executable bits and symlinks come through unchanged.
 */
import type { AttemptPatch, FileChange, PatchCommit } from '../core/attempt-artifact.js';
import type { GitClient } from './git-client.js';

export interface LocalCommit {
  sha: string;
  /** The issue the commit implements. */
  issue: number;
}

const WRITABLE_MODES = new Set(['100644', '100755', '120000']);

interface RawEntry {
  newMode: string;
  newSha: string;
  status: string;
  path: string;
}

/** `:<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0` repeated (git diff --raw -z). */
export function parseRawDiff(output: Buffer): RawEntry[] {
  const fields = output.toString('utf8').split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const header = fields[i] ?? '';
    const path = fields[i + 1] ?? '';
    if (!header.startsWith(':'))
      throw new Error(`unexpected git diff-tree output near "${header.slice(0, 40)}"`);
    const [, newMode = '', , newSha = '', status = ''] = header.slice(1).split(' ');
    entries.push({ newMode, newSha, status, path });
  }
  return entries;
}

async function toChange(git: GitClient, entry: RawEntry): Promise<FileChange> {
  if (entry.status === 'D') return { action: 'delete', path: entry.path };
  if (!WRITABLE_MODES.has(entry.newMode)) {
    throw new Error(
      `${entry.path}: mode ${entry.newMode} (submodule or unknown) cannot be carried in a patch`,
    );
  }
  const content = (await git.exec(['cat-file', 'blob', entry.newSha])).stdout;
  return {
    action: 'write',
    path: entry.path,
    mode: entry.newMode as '100644' | '100755' | '120000',
    contentBase64: content.toString('base64'),
  };
}

export async function buildPatchCommit(git: GitClient, commit: LocalCommit): Promise<PatchCommit> {
  const raw = await git.exec([
    'diff-tree',
    '-r',
    '--no-renames',
    '--no-abbrev',
    '-z',
    '--raw',
    `${commit.sha}^1`,
    commit.sha,
  ]);
  const changes: FileChange[] = [];
  for (const entry of parseRawDiff(raw.stdout)) changes.push(await toChange(git, entry));
  const message = await git.text(['log', '-1', '--format=%B', commit.sha]);
  return { issue: commit.issue, message, changes };
}

export async function buildPatch(
  git: GitClient,
  base: { mode: AttemptPatch['mode']; baseSha: string; mergeParentSha: string | null },
  commits: LocalCommit[],
): Promise<AttemptPatch> {
  const patchCommits: PatchCommit[] = [];
  for (const commit of commits) patchCommits.push(await buildPatchCommit(git, commit));
  return {
    version: 1,
    mode: base.mode,
    baseSha: base.baseSha,
    mergeParentSha: base.mergeParentSha,
    commits: patchCommits,
  };
}
