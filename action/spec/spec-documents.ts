/**
 * The design documents a spec reads: the named files, and the text documents under the named
 * folders, read from a checkout. A path is refused unless it stays inside the checkout, whatever
 * spells it (`..`, an absolute path, a symbolic link that points out: the real path is checked),
 * so a document can never be a file of the machine (the runner's secrets, a home directory).
 * Folders are walked in name order, skipping hidden folders and `node_modules`; symbolic links to
 * folders are not followed (a loop cannot be). The texts are bounded: what does not fit is named,
 * not silently dropped.
 */
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Extensions read inside a folder (a file named on its own is read whatever its name). */
export const DOCUMENT_EXTENSIONS = ['.md', '.markdown', '.mdx', '.txt', '.rst', '.adoc', '.asciidoc', '.org'];

export interface DocumentLimits {
  /** All documents together, in characters (the prompt holds them). */
  maxChars: number;
  maxFiles: number;
}

/** Leaves room in the prompt (100,000 characters at most) for the rules and a second try's problems. */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxChars: 70_000, maxFiles: 200 };

export interface SpecDocument {
  /** Relative to the checkout, with `/`. */
  path: string;
  text: string;
}

export interface SpecDocuments {
  documents: SpecDocument[];
  /** What was left out, and why (too much text, not UTF-8 text, a link out of the checkout). */
  notes: string[];
}

export class SpecPathError extends Error {}

export async function readSpecDocuments(
  root: string,
  paths: readonly string[],
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): Promise<SpecDocuments> {
  const realRoot = await realpath(root);
  const files: string[] = [];
  const notes: string[] = [];
  for (const path of paths) {
    const absolute = await insideRoot(realRoot, path);
    const stats = await lstat(absolute);
    if (stats.isDirectory()) files.push(...(await walk(realRoot, absolute, notes)));
    else if (stats.isFile()) files.push(absolute);
    else throw new SpecPathError(`${path}: neither a file nor a folder`);
  }
  const documents: SpecDocument[] = [];
  let chars = 0;
  for (const file of [...new Set(files)]) {
    const path = relative(realRoot, file).split(sep).join('/');
    if (documents.length >= limits.maxFiles) {
      notes.push(`${path}: left out (more than ${limits.maxFiles} documents)`);
      continue;
    }
    const text = await readText(file);
    if (text === null) {
      notes.push(`${path}: left out (not UTF-8 text)`);
      continue;
    }
    if (chars + text.length > limits.maxChars) {
      notes.push(
        `${path}: left out (the documents before it fill the ${limits.maxChars} characters a prompt holds)`,
      );
      continue;
    }
    chars += text.length;
    documents.push({ path, text });
  }
  if (documents.length === 0)
    throw new SpecPathError(
      `no document to read at ${paths.join(', ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    );
  return { documents, notes };
}

/** The path's real location, refused unless it is inside the checkout. */
async function insideRoot(realRoot: string, path: string): Promise<string> {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..'))
    throw new SpecPathError(`${path}: not a path inside the repository`);
  let real: string;
  try {
    real = await realpath(join(realRoot, path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SpecPathError(`${path}: no such file or folder`);
    throw error;
  }
  if (!isInside(realRoot, real))
    throw new SpecPathError(`${path}: leads out of the repository (a symbolic link)`);
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function walk(realRoot: string, dir: string, notes: string[]): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules')
        found.push(...(await walk(realRoot, full, notes)));
      continue;
    }
    if (!DOCUMENT_EXTENSIONS.some((extension) => entry.name.toLowerCase().endsWith(extension))) continue;
    if (entry.isSymbolicLink()) {
      const target = await realpath(full).catch(() => null);
      const rel = relative(realRoot, full).split(sep).join('/');
      if (target === null || !isInside(realRoot, target) || !(await lstat(target)).isFile()) {
        notes.push(`${rel}: left out (a symbolic link out of the repository, or to no file)`);
        continue;
      }
      found.push(target);
    } else if (entry.isFile()) found.push(full);
  }
  return found;
}

/** UTF-8 text without NUL bytes, or null. */
async function readText(file: string): Promise<string | null> {
  const bytes = await readFile(file);
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // Node's code for bytes that are not UTF-8 (checked by code: the class differs across realms).
    if ((error as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return null;
    throw error;
  }
}
