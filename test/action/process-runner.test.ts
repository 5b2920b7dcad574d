import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runProcess } from '../../action/process-runner.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** Bounded wait for a condition (no fixed sleeps). */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

describe('runProcess', () => {
  test('streams complete lines of both streams and keeps the exit code and stdout bytes', async () => {
    const lines: string[] = [];
    const result = await runProcess({
      command: 'bash',
      args: ['--norc', '-c', 'printf "one\\ntwo"; echo err >&2; exit 3'],
      cwd: tmpdir(),
      env,
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.stdout.toString()).toBe('one\ntwo');
    expect(lines).toEqual(expect.arrayContaining(['stdout:one', 'stdout:two', 'stderr:err']));
  });

  test('passes only the environment it is given', async () => {
    process.env.DROVER_TEST_LEAK = 'leaked';
    const result = await runProcess({
      command: 'bash',
      args: ['--norc', '-c', 'echo "[$DROVER_TEST_LEAK][$ONLY]"'],
      cwd: tmpdir(),
      env: { ...env, ONLY: 'me' },
    });
    delete process.env.DROVER_TEST_LEAK;
    expect(result.stdout.toString().trim()).toBe('[][me]');
  });

  test('a deadline kills the whole process tree, grandchildren included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-tree-'));
    const pidFile = join(dir, 'grandchild.pid');
    // The grandchild ignores SIGTERM, so only the group SIGKILL after the grace period ends it.
    const script = `bash --norc -c 'trap "" TERM; echo $$ > ${pidFile}; while true; do sleep 0.1; done' & wait`;
    const result = await runProcess({
      command: 'bash',
      args: ['--norc', '-c', script],
      cwd: dir,
      env,
      timeoutMs: 1_500,
      killGraceMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(existsSync(pidFile)).toBe(true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !isAlive(grandchild))).toBe(true);
  }, 20_000);

  describe('killDescendants: processes that left the process group die too', () => {
    /** A child that starts `sleep` in a session of its own (as agents' tool runners do) and exits. */
    async function runEscaping(killDescendants: boolean, timeoutMs?: number): Promise<number> {
      const dir = mkdtempSync(join(tmpdir(), 'drover-escape-'));
      const pidFile = join(dir, 'escaped.pid');
      const hold = timeoutMs === undefined ? '' : '; sleep 300';
      // The escapee writes its pid once it leads a session of its own; the child waits for that,
      // so the escape is complete before the child exits (no race with the group kill).
      const escape = `setsid bash --norc -c 'echo $$ > ${pidFile}; exec sleep 300' >/dev/null 2>&1 < /dev/null &`;
      const waitEscaped = `while [ ! -s ${pidFile} ]; do sleep 0.01; done`;
      await runProcess({
        command: 'bash',
        args: ['--norc', '-c', `${escape} ${waitEscaped}${hold}`],
        cwd: dir,
        env,
        killDescendants,
        ...(timeoutMs === undefined ? {} : { timeoutMs, killGraceMs: 200 }),
      });
      return Number(readFileSync(pidFile, 'utf8'));
    }

    const alive = (pid: number) => isAlive(pid) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');

    test('without it, a process in its own session outlives the exit (the case it exists for)', async () => {
      const escaped = await runEscaping(false);
      expect(alive(escaped)).toBe(true);
      process.kill(escaped, 'SIGKILL');
    });

    test('with it, that process is killed when the child exits', async () => {
      const escaped = await runEscaping(true);
      expect(await waitFor(() => !alive(escaped))).toBe(true);
    });

    test('with it, that process is killed at the deadline', async () => {
      const escaped = await runEscaping(true, 1_000);
      expect(await waitFor(() => !alive(escaped))).toBe(true);
    });
  });

  test('a command that does not exist is a clear error', async () => {
    await expect(runProcess({ command: 'no-such-agent-cli', args: [], cwd: tmpdir(), env })).rejects.toThrow(
      'could not start no-such-agent-cli',
    );
  });
});
