/** Reads workflow files and commits out of a repository's bare git directory. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CommitSummary {
  sha: string;
  treeSha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
}

export const WORKFLOWS_DIR = '.github/workflows';

async function git(gitDir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['--git-dir', gitDir, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The commit a branch, tag or sha names, or null when it names nothing. */
export async function resolveCommit(gitDir: string, ref: string): Promise<string | null> {
  const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
  for (const candidate of candidates) {
    try {
      return (await git(gitDir, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`])).trim();
    } catch (error) {
      // rev-parse --verify exits 1 for a name that resolves to nothing: try the next form.
      if ((error as { code?: unknown }).code !== 1) throw error;
    }
  }
  return null;
}

/** Paths of the workflow files (`.github/workflows/*.yml|yaml`) at a commit. */
export async function listWorkflowFiles(gitDir: string, commit: string): Promise<string[]> {
  const out = await git(gitDir, ['ls-tree', '--name-only', `${commit}:${WORKFLOWS_DIR}`]).catch(
    (error: unknown) => {
      // A commit without .github/workflows has no workflows.
      if ((error as { code?: unknown }).code === 128) return '';
      throw error;
    },
  );
  return out
    .split('\n')
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${WORKFLOWS_DIR}/${name}`);
}

/** The workflow files at a commit with their blob ids (a blob's content never changes). */
export async function listWorkflowBlobs(
  gitDir: string,
  commit: string,
): Promise<Array<{ path: string; blob: string }>> {
  const out = await git(gitDir, ['ls-tree', `${commit}:${WORKFLOWS_DIR}`]).catch((error: unknown) => {
    // A commit without .github/workflows has no workflows.
    if ((error as { code?: unknown }).code === 128) return '';
    throw error;
  });
  return out.split('\n').flatMap((line) => {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+\.ya?ml)$/.exec(line);
    return match ? [{ path: `${WORKFLOWS_DIR}/${match[2] as string}`, blob: match[1] as string }] : [];
  });
}

/** A blob's content. */
export async function readBlob(gitDir: string, blob: string): Promise<string> {
  return git(gitDir, ['cat-file', 'blob', blob]);
}

/** The file's content at a commit, or null when it does not exist there. */
export async function readFileAt(gitDir: string, commit: string, path: string): Promise<string | null> {
  try {
    return await git(gitDir, ['show', `${commit}:${path}`]);
  } catch (error) {
    if ((error as { code?: unknown }).code === 128) return null;
    throw error;
  }
}

export async function commitSummary(gitDir: string, sha: string): Promise<CommitSummary> {
  const fields = ['%H', '%T', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'];
  const out = await git(gitDir, ['show', '-s', `--format=${fields.join('%x00')}`, sha]);
  const [hash, tree, an, ae, ad, cn, ce, cd, message] = out.split('\0');
  return {
    sha: hash ?? sha,
    treeSha: tree ?? '',
    authorName: an ?? '',
    authorEmail: ae ?? '',
    authorDate: ad ?? '',
    committerName: cn ?? '',
    committerEmail: ce ?? '',
    committerDate: cd ?? '',
    message: (message ?? '').trim(),
  };
}
