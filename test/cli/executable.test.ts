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
    // Where the token and the server come from.
    for (const source of ['--token', '$GITHUB_TOKEN', '$GH_TOKEN', '`gh auth token`', '$GITHUB_API_URL'])
      expect(result.stdout).toContain(source);
    expect(result.stderr).toBe('');
  });

  test('a usage error is one line on stderr', async () => {
    const result = await drover(['status', '--api-url', '127.0.0.1:1234', '--repo', 'o/r'], {
      GITHUB_TOKEN: 't',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'drover: --api-url "127.0.0.1:1234" needs a scheme, e.g. http://127.0.0.1:1234\n',
    );
  });

  test('an error is one line on stderr with a non-zero exit', async () => {
    const result = await drover(['import-jsonl', 'no-such-file.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('drover: no-such-file.jsonl: no such file\n');
  });
});
