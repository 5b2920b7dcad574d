/**
 * The files a step writes to talk to the runner: GITHUB_OUTPUT, GITHUB_ENV (`name=value` or
 * heredoc `name<<DELIMITER`), GITHUB_PATH (one directory a line).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions#environment-files
 */
import { readFile } from 'node:fs/promises';

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Parses `name=value` and `name<<DELIMITER … DELIMITER` entries. */
export function parseKeyValueFile(content: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end === -1)
        throw new Error(`Invalid file command: delimiter ${delimiter} for ${name} is never closed`);
      result[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`Invalid file command line: ${line}`);
    result[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return result;
}

export async function readKeyValueFile(path: string): Promise<Record<string, string>> {
  return parseKeyValueFile(await readIfExists(path));
}

export async function readPathFile(path: string): Promise<string[]> {
  return (await readIfExists(path)).split(/\r?\n/).filter((line) => line.trim() !== '');
}
