import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';

const execFileAsync = promisify(execFile);

/** The real executable (shebang file + tsx), as `npx drover` runs it. */
async function drover(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['cli/drover.js', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the drover executable', () => {
  test('--help lists every command', async () => {
    const result = await drover(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['init', 'import-jsonl', 'export', 'status', 'plan'])
      expect(result.stdout).toContain(command);
  });

  test('an error is one line on stderr with a non-zero exit', async () => {
    const result = await drover(['import-jsonl', 'no-such-file.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('drover: no-such-file.jsonl: no such file\n');
  });
});
