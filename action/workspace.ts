/**
 * Prepares the job's checkout for one attempt and commits the agent's work in it.
 * - implement: the default branch head, detached.
 * - resolve: the PR head with the base branch merged in, conflicts left in the tree for the
 *   agent (`git merge --no-commit`).
 * Fetches authenticate with a header given on the command line for that one call, and any
 * credentials a checkout step persisted in .git/config are removed before the agent runs.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitClient } from './git-client.js';

export interface RemoteSource {
  /** `https://github.com/owner/name.git` or any URL git can fetch from. */
  url: string;
  /** Read-only token for the fetch (not persisted); null for anonymous. */
  token: string | null;
}

export interface PreparedWorkspace {
  baseSha: string;
  mergeParentSha: string | null;
  /** Paths the merge left conflicted (resolve mode). */
  conflictedPaths: string[];
}

/** The agent's private scratch area in the workspace: never committed. */
export const DROVER_DIR = '.drover';
const EXCLUDE_DROVER = `:(exclude)${DROVER_DIR}`;

function authConfig(source: RemoteSource): string[] {
  if (!source.token) return [];
  const basic = Buffer.from(`x-access-token:${source.token}`).toString('base64');
  return [`http.extraheader=AUTHORIZATION: basic ${basic}`];
}

async function ensureRepository(git: GitClient, source: RemoteSource): Promise<void> {
  if (!existsSync(join(git.workspace, '.git'))) await git.exec(['init', '--quiet']);
  const remotes = (await git.text(['remote'])).split('\n');
  if (remotes.includes('origin')) await git.exec(['remote', 'set-url', 'origin', source.url]);
  else await git.exec(['remote', 'add', 'origin', source.url]);
  await mkdir(join(git.workspace, '.git', 'info'), { recursive: true });
  await appendFile(join(git.workspace, '.git', 'info', 'exclude'), `\n/${DROVER_DIR}/\n`);
}

/** Remove credentials a checkout step may have written (actions/checkout's extraheader, tokens in URLs). */
export async function removePersistedCredentials(git: GitClient, source: RemoteSource): Promise<void> {
  const headers = await git.exec(
    ['config', '--local', '--name-only', '--get-regexp', '^http\\..*extraheader$'],
    { okExitCodes: [1] },
  );
  const names = new Set(headers.stdout.toString('utf8').split('\n').filter(Boolean));
  for (const name of names) await git.exec(['config', '--local', '--unset-all', name]);
  await git.exec(['remote', 'set-url', 'origin', source.url.replace(/\/\/[^/@]+@/, '//')]);
}

async function fetchBranches(
  git: GitClient,
  source: RemoteSource,
  branches: string[],
  fullHistory: boolean,
): Promise<void> {
  const refspecs = branches.map((branch) => `+refs/heads/${branch}:refs/remotes/origin/${branch}`);
  const shallow = (await git.text(['rev-parse', '--is-shallow-repository'])) === 'true';
  const depth = fullHistory && shallow ? ['--unshallow'] : [];
  await git.exec(['fetch', '--no-tags', '--quiet', ...depth, 'origin', ...refspecs], {
    config: authConfig(source),
  });
}

/** Fetch one commit by its sha (GitHub serves any commit reachable from a ref) into a local ref. */
async function fetchCommit(git: GitClient, source: RemoteSource, sha: string): Promise<void> {
  const shallow = (await git.text(['rev-parse', '--is-shallow-repository'])) === 'true';
  const depth = shallow ? ['--depth=1'] : [];
  await git.exec(
    ['fetch', '--no-tags', '--quiet', ...depth, 'origin', `+${sha}:refs/remotes/origin/drover-base`],
    {
      config: authConfig(source),
    },
  );
}

/**
 * The commit to work from: the one the controller pinned when it claimed the attempt (`base-sha`),
 * so the work lands exactly where it was asked for even if the default branch moved meanwhile;
 * the default branch's head when no commit was pinned (a run dispatched by hand).
 */
export async function prepareImplementWorkspace(
  git: GitClient,
  source: RemoteSource,
  defaultBranch: string,
  baseSha: string | null,
): Promise<PreparedWorkspace> {
  await ensureRepository(git, source);
  // The default branch is fetched even with a pinned commit: its drover.yml steers the agent.
  await fetchBranches(git, source, [defaultBranch], false);
  if (baseSha !== null) await fetchCommit(git, source, baseSha);
  const start = baseSha ?? `refs/remotes/origin/${defaultBranch}`;
  await git.exec(['checkout', '--quiet', '--force', '--detach', start]);
  await git.exec(['clean', '-ffdq']);
  await removePersistedCredentials(git, source);
  return { baseSha: await git.headSha(), mergeParentSha: null, conflictedPaths: [] };
}

export async function prepareResolveWorkspace(
  git: GitClient,
  source: RemoteSource,
  pull: { headRef: string; baseRef: string },
  defaultBranch: string,
  pinnedSha: string | null,
): Promise<PreparedWorkspace> {
  await ensureRepository(git, source);
  // Merging needs the common ancestor, so a shallow checkout is deepened.
  await fetchBranches(git, source, [...new Set([pull.headRef, pull.baseRef, defaultBranch])], true);
  // The PR head the controller pinned: work on a head that moved since would undo the newer commits.
  await git.exec([
    'checkout',
    '--quiet',
    '--force',
    '--detach',
    pinnedSha ?? `refs/remotes/origin/${pull.headRef}`,
  ]);
  await git.exec(['clean', '-ffdq']);
  await removePersistedCredentials(git, source);
  const baseSha = await git.headSha();
  const mergeParentSha = await git.text(['rev-parse', `refs/remotes/origin/${pull.baseRef}`]);
  // Exit 1 = conflicts, which is what the agent is here for.
  await git.exec(['merge', '--no-ff', '--no-commit', '--quiet', mergeParentSha], { okExitCodes: [1] });
  const conflicted = await git.exec(['diff', '--name-only', '--diff-filter=U', '-z']);
  const conflictedPaths = conflicted.stdout.toString('utf8').split('\0').filter(Boolean);
  return { baseSha, mergeParentSha, conflictedPaths };
}

/**
 * Record everything the agent changed since `fromSha` as one commit (agents that commit on
 * their own are folded into it). Returns the new commit, or null when nothing changed.
 */
export async function commitWork(git: GitClient, fromSha: string, message: string): Promise<string | null> {
  if ((await git.headSha()) !== fromSha) await git.exec(['reset', '--soft', '--quiet', fromSha]);
  await git.exec(['add', '--all', '--', '.', EXCLUDE_DROVER]);
  const mergeInProgress =
    (await git.exec(['rev-parse', '-q', '--verify', 'MERGE_HEAD'], { okExitCodes: [1] })).exitCode === 0;
  const staged = await git.exec(['diff', '--cached', '--quiet'], { okExitCodes: [1] });
  if (staged.exitCode === 0 && !mergeInProgress) return null;
  await git.exec(['commit', '--quiet', '--no-verify', '--allow-empty', '-F', '-'], { stdin: message });
  return git.headSha();
}

const CONFLICT_MARKER = /^(<{7}|>{7}) /m;

/** Paths among `paths` that still hold conflict markers in the working tree. */
export async function pathsWithConflictMarkers(git: GitClient, paths: string[]): Promise<string[]> {
  const marked: string[] = [];
  for (const path of paths) {
    const file = join(git.workspace, path);
    if (existsSync(file) && CONFLICT_MARKER.test(await readFile(file, 'utf8'))) marked.push(path);
  }
  return marked;
}

/** The URL to fetch from: the checkout's own `origin` (credentials stripped), else the fallback. */
export async function originUrl(git: GitClient, fallback: string): Promise<string> {
  if (!existsSync(join(git.workspace, '.git'))) return fallback;
  const origin = await git.exec(['remote', 'get-url', 'origin'], { okExitCodes: [2, 128] });
  const url = origin.exitCode === 0 ? origin.stdout.toString('utf8').trim() : '';
  return url === '' ? fallback : url.replace(/\/\/[^/@]+@/, '//');
}
