/**
 * The Docker image, without docker: the Dockerfile is read for what the image promises (several
 * stages, a pinned base, production dependencies only, a non-root user), then its own build
 * command and entry command (the same strings, parsed from the Dockerfile) run here against the
 * simulator: the app logs JSON lines, answers its health and readiness checks, and on SIGTERM
 * stops taking webhooks and exits 0.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dockerfile = readFileSync(new URL('Dockerfile', `file://${root}`), 'utf8');
/** Instructions, continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
  .map((line) => {
    const [keyword = '', ...rest] = line.trim().split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
const stages = instructions.filter((i) => i.keyword === 'FROM');
const lastStage = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));
const entry = JSON.parse(lastStage.find((i) => i.keyword === 'CMD')!.args) as string[];
const buildCommand = instructions.find((i) => i.keyword === 'RUN' && i.args.includes('build:app'))!.args;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function until<T>(look: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the Dockerfile', () => {
  test('builds in stages on a pinned base, installs production dependencies only, runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const base = /ARG NODE_IMAGE=(\S+)/.exec(dockerfile)?.[1] ?? '';
    // An exact release (major.minor.patch), never `latest` or a bare major.
    expect(base).toMatch(/^node:\d+\.\d+\.\d+-[a-z0-9-]+$/);
    for (const stage of stages) expect(stage.args).toMatch(/^\$\{NODE_IMAGE\}/);
    expect(instructions.some((i) => i.keyword === 'RUN' && i.args.includes('npm ci --omit=dev'))).toBe(true);
    // The final stage takes node_modules from the --omit=dev stage, not from the build stage.
    expect(lastStage.find((i) => i.keyword === 'COPY' && i.args.includes('node_modules'))?.args).toMatch(
      /--from=deps/,
    );
    const user = lastStage.find((i) => i.keyword === 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(lastStage.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
    expect(lastStage.find((i) => i.keyword === 'STOPSIGNAL')?.args).toBe('SIGTERM');
  });
});

describe("the image's entry command, run here against the simulator", () => {
  let sim: Simulator;
  let app: ChildProcess;
  let port: number;
  const lines: string[] = [];
  let exit: Promise<number | null>;

  beforeAll(async () => {
    await promisify(execFile)('sh', ['-c', buildCommand], { cwd: root });
    sim = await startSimulator();
    sim.createUser('mona');
    sim.createRepo('mona', 'app');
    sim.installApp('mona/app');
    port = await freePort();
    const [command = '', ...args] = entry;
    app = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        APP_ID: String(sim.app.id),
        PRIVATE_KEY: sim.app.privateKey,
        WEBHOOK_SECRET: sim.app.webhookSecret,
        GITHUB_API_URL: sim.baseUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    app.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      lines.push(...complete.filter((line) => line !== ''));
    });
    exit = new Promise((resolve) => app.once('exit', (code) => resolve(code)));
    await until(() => lines.find((line) => line.includes('listening for webhooks')), 'the app to listen');
  }, 60_000);

  afterAll(async () => {
    if (app.exitCode === null) app.kill('SIGKILL');
    await sim?.close();
  });

  test('answers /healthz and, once loaded, /readyz with JSON', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
    expect(await health.json()).toMatchObject({ status: 'ok', phase: 'ready' });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  test('on SIGTERM it finishes, exits 0, and every line it logged is JSON', async () => {
    // The startup resync reconciles the installed repository; the signal may land during it.
    app.kill('SIGTERM');
    expect(await exit).toBe(0);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; app: string });
    expect(logged.every((entry) => entry.app === 'drover' && typeof entry.level === 'number')).toBe(true);
    expect(logged.map((entry) => entry.msg)).toEqual(
      expect.arrayContaining(['Drover is listening for webhooks', 'stopped cleanly']),
    );
  });
});
