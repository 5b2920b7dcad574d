/**
 * A step's process, spawned in its own process group (`detached: true`) so that a timeout or a
 * cancel kills the whole tree it started (`kill(-pid)`), as the runner does.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface StepProcess {
  /** Exit code; a process killed by a signal reports 128 + signal number, like a shell. */
  readonly exited: Promise<number>;
  kill(): void;
}

export interface SpawnStepOptions {
  cwd: string;
  env: Record<string, string>;
  /** Each line of stdout and stderr, in arrival order per stream. */
  onLine(line: string): void;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function spawnStep(command: string, args: string[], options: SpawnStepOptions): StepProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stdout }).on('line', options.onLine);
  createInterface({ input: child.stderr }).on('line', options.onLine);
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      options.onLine(`##[error]${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0)));
  });
  return {
    exited,
    kill() {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (error) {
        // ESRCH: the group is already gone (the process exited between the check and the kill).
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
  };
}
