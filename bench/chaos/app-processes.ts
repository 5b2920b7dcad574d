/**
 * The chaos benchmark's app processes: each one `node --import tsx bench/chaos/app-process.ts`, a
 * single process (not the `tsx` CLI, which runs the script in a grandchild that a SIGKILL of the
 * CLI leaves running: an orphan that kept taking webhooks after its "kill" and kept the benchmark
 * from exiting). Every process started here is killed when the benchmark ends, however it ends:
 * - `stop()` SIGKILLs it and waits for its exit (bounded);
 * - on the harness's exit, every process still alive is SIGKILLed;
 * - each app exits by itself when its stdin closes, so even a SIGKILLed harness leaves nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_PROCESS = join(ROOT, 'bench/chaos/app-process.ts');
/** Start-up compiles the app with tsx: a few seconds on 2 cores; far longer means it is stuck. */
const READY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 10_000;

export interface AppProcess {
  child: ChildProcess;
  url: string;
}

export interface AppEnv {
  baseUrl: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
}

const alive = new Set<ChildProcess>();
let hooked = false;

function killAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const child of alive) child.kill('SIGKILL');
  });
}

export async function startAppProcess(env: AppEnv): Promise<AppProcess> {
  killAllOnExit();
  const child = spawn(process.execPath, ['--import', 'tsx', APP_PROCESS], {
    cwd: ROOT,
    env: {
      ...process.env,
      DROVER_CHAOS_BASE_URL: env.baseUrl,
      APP_ID: String(env.appId),
      PRIVATE_KEY: env.privateKey,
      WEBHOOK_SECRET: env.webhookSecret,
    },
    // stdin is the app's lifeline: it exits when the pipe closes (this process died).
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const ready = /ready (\S+)/.exec(out);
        if (ready?.[1]) resolve(ready[1]);
      });
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`an app process exited (${code ?? signal}) before it was ready`)),
      );
      timer = setTimeout(
        () => reject(new Error(`an app process was not ready within ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
    });
    // Keep reading its stdout (its log with DROVER_CHAOS_APP_LOG=info), so the pipe never fills.
    if (process.env.DROVER_CHAOS_APP_LOG) child.stdout?.pipe(process.stderr);
    else child.stdout?.resume();
    return { child, url };
  } catch (error) {
    await stopAppProcess({ child, url: '' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL, then wait for the exit (bounded: a SIGKILLed process cannot refuse, but do not trust it blindly). */
export function stopAppProcess(app: AppProcess): Promise<void> {
  const { child } = app;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGKILL');
  });
}
