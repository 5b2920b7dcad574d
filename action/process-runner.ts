/**
 * Runs one child process the way the action needs it: output streamed line by line, a hard
 * deadline that kills the whole process tree (agents spawn shells, language servers, test
 * runners…), and an explicit environment (never the runner's own).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child: nothing is inherited. */
  env: Record<string, string>;
  stdin?: string;
  /** Kill the process tree after this many ms (undefined: no limit). */
  timeoutMs?: number;
  /** Called once per complete line of stdout/stderr (without the newline). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Time between SIGTERM and SIGKILL when the deadline passes (default 5 s). */
  killGraceMs?: number;
  /** Keep at most this many characters of combined output (the tail). */
  keepTailChars?: number;
  /**
   * Also kill, at exit and at the deadline, every process that inherited this child's
   * environment, wherever it went: agents start tools in process groups of their own (Claude
   * Code's Bash tool does), and a tool's background process outlives its shell. Linux only
   * (/proc); elsewhere only the process group is killed.
   */
  killDescendants?: boolean;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last `keepTailChars` characters of stdout and stderr, interleaved as they came. */
  outputTail: string;
  /** Full stdout as bytes (git plumbing output is binary). */
  stdout: Buffer;
  durationMs: number;
}

export type ProcessRunner = (spec: ProcessSpec) => Promise<ProcessResult>;

/** Time between SIGTERM and SIGKILL when a deadline passes. */
const KILL_GRACE_MS = 5_000;
const DEFAULT_TAIL_CHARS = 64 * 1024;

/** Signal every process in the child's group (it leads its own group: `detached: true`). */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The variable that marks every process started under one spec (see killDescendants). */
const TAG_VAR = 'DROVER_PROCESS_TAG';

/**
 * Pids of the processes whose environment holds `tag` ("NAME=value"); none without /proc.
 * Asynchronous: a scan reads every process's environ, and must not stall the event loop.
 */
export async function processesTagged(tag: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const needle = Buffer.from(`${tag}\0`);
  const tagged = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          return (await readFile(`/proc/${entry}/environ`)).includes(needle) ? Number(entry) : null;
        } catch (error) {
          // Gone while we looked, or another user's process (not ours to read, nor to kill).
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM') return null;
          throw error;
        }
      }),
  );
  return tagged.filter((pid): pid is number => pid !== null);
}

async function killTagged(tag: string | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!tag) return;
  for (const pid of await processesTagged(tag)) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        emit(pending.slice(0, newline).replace(/\r$/, ''));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    flush() {
      if (pending.length > 0) emit(pending);
      pending = '';
    },
  };
}

export const runProcess: ProcessRunner = (spec) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const keepTail = spec.keepTailChars ?? DEFAULT_TAIL_CHARS;
    let tail = '';
    const stdoutChunks: Buffer[] = [];
    let timedOut = false;
    const tag = spec.killDescendants ? `${TAG_VAR}=${randomUUID()}` : undefined;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: tag ? { ...spec.env, [TAG_VAR]: tag.slice(TAG_VAR.length + 1) } : spec.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const appendTail = (text: string): void => {
      tail = (tail + text).slice(-keepTail);
    };
    const splitters = {
      stdout: lineSplitter((line) => spec.onLine?.(line, 'stdout')),
      stderr: lineSplitter((line) => spec.onLine?.(line, 'stderr')),
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutChunks.push(chunk);
      const text = chunk.toString('utf8');
      appendTail(text);
      splitters.stdout.push(text);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      appendTail(text);
      splitters.stderr.push(text);
    });
    let killTimer: NodeJS.Timeout | undefined;
    /** The kills of tagged processes, in order (each one scans /proc). */
    let reaping: Promise<void> = Promise.resolve();
    const deadline =
      spec.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (child.pid === undefined) return;
            killGroup(child.pid, 'SIGTERM');
            reaping = reaping.then(() => killTagged(tag, 'SIGTERM'));
            const pid = child.pid;
            killTimer = setTimeout(() => {
              killGroup(pid, 'SIGKILL');
              reaping = reaping.then(() => killTagged(tag, 'SIGKILL'));
            }, spec.killGraceMs ?? KILL_GRACE_MS);
          }, spec.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      reject(new Error(`could not start ${spec.command}: ${error.message}`));
    });
    child.on('exit', () => {
      // Reap anything the child left running in its group (daemons, watchers): they would
      // otherwise hold the output pipes open, and outlive the attempt.
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      reaping = reaping.then(() => killTagged(tag, 'SIGKILL'));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      // Resolve only once the tagged processes are gone too.
      reaping.then(() => finish(exitCode, signal), reject);
    });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      splitters.stdout.flush();
      splitters.stderr.flush();
      resolve({
        exitCode,
        signal,
        timedOut,
        outputTail: tail,
        stdout: Buffer.concat(stdoutChunks),
        durationMs: Date.now() - started,
      });
    };
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      // The child may exit without reading its stdin; anything else is a real failure.
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(spec.stdin ?? '');
  });
