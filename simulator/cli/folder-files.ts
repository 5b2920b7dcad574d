/**
 * The files of a folder, for a simulated repository's first commit (path → content, bytes kept
 * as they are). A git checkout gives its tracked and unignored files (so no node_modules or
 * build output); any other folder gives every regular file except under `.git`. Symbolic links
 * are left out (the first commit holds regular files only), and said.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SimulatorArgsError } from './simulator-args.js';

export interface FolderFiles {
  files: Record<string, Buffer>;
  /** Paths left out, with why. */
  skipped: string[];
}

export function readFolderFiles(dir: string): FolderFiles {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    throw new SimulatorArgsError(`--files ${dir}: no such folder`);
  }
  if (!stat.isDirectory()) throw new SimulatorArgsError(`--files ${dir}: not a folder`);
  const paths = gitFiles(dir) ?? walk(dir, dir);
  const result: FolderFiles = { files: {}, skipped: [] };
  for (const path of paths) {
    const full = join(dir, path);
    const entry = lstatOrNull(full);
    // Tracked by git but deleted in the checkout: not a file of the folder.
    if (entry === null) continue;
    if (entry.isSymbolicLink()) result.skipped.push(`${path} (a symbolic link)`);
    else if (entry.isFile()) result.files[path.split(sep).join('/')] = readFileSync(full);
  }
  if (Object.keys(result.files).length === 0)
    throw new SimulatorArgsError(`--files ${dir}: the folder holds no files`);
  return result;
}

/** Tracked and untracked-but-not-ignored files of a git checkout, or null when it is not one. */
function gitFiles(dir: string): string[] | null {
  try {
    execFileSync('git', ['-C', dir, 'rev-parse', '--is-inside-work-tree'], { stdio: 'pipe' });
    const out = execFileSync(
      'git',
      ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        encoding: 'utf8',
        stdio: 'pipe',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    return [...new Set(out.split('\0').filter(Boolean))];
  } catch {
    // Not inside a git checkout (or no git): every file of the folder.
    return null;
  }
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.git') return [];
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(root, full) : [relative(root, full)];
  });
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
