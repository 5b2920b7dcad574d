/**
 * Contract: the amp adapter against the real Amp CLI (the version the adapter pins). Amp has no direct
 * model API: the CLI talks to the Amp service (AMP_URL, default https://ampcode.com/), which
 * runs the model, over its own internal RPC (`POST /api/internal?getUserInfo`, …). That
 * service cannot be reproduced offline, so this covers what can be: the argv is accepted, the
 * settings file the adapter writes is read, the key reaches the service as a bearer token, a
 * rejected key fails with a one-line reason, and the timeout kills the process tree.
 * Not covered offline: a successful run, its stream-json events (the parser is the one
 * proven against claude's real stream), the prompt arriving over stdin, and whether
 * `amp.dangerouslyAllowAll` really turns approval off.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { findAgentAdapter } from '../../action/agents/registry.js';
import { runProcess } from '../../action/process-runner.js';
import { buildAgentEnv } from '../../action/agent-env.js';
import { CLI_PATH, processesUnder, runContract, survivors, type ContractRun } from './cli-harness.js';

const KEY = 'sgamp_user_contract_amp_0001';

interface AmpService {
  url: string;
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** The Amp service's front door: every internal RPC is refused (401) or left unanswered. */
async function startAmpService(mode: 'refuse' | 'hang'): Promise<AmpService> {
  const requests: AmpService['requests'] = [];
  const open: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (mode === 'hang') return void open.push(res);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Unauthorized' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let service: AmpService | undefined;
let run: ContractRun | undefined;
afterEach(async () => {
  run?.cleanup();
  await service?.close();
  run = undefined;
  service = undefined;
});

describe('amp (real CLI), offline', () => {
  test('argv accepted; the key reaches AMP_URL as a bearer token; a refused key fails in one line', async () => {
    service = await startAmpService('refuse');
    run = await runContract({
      agent: 'amp',
      model: 'high',
      maxTurns: 3,
      jobEnv: { AMP_API_KEY: KEY, AMP_URL: service.url },
    });
    expect(service.requests.length).toBeGreaterThan(0);
    expect(service.requests[0]!.url).toMatch(/^\/api\/internal\?/);
    expect(service.requests.every((request) => request.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(run.result.exitCode).toBe(1);
    expect(run.result.failure).toBe(
      "the agent exited with code 1 on #7: Error: Invalid or missing API key. Run 'amp login' to authenticate.",
    );
    expect(run.warnings).toContain(
      'amp has no turn limit: max-turns is ignored (timeout-minutes still applies)',
    );
  });

  test('the settings file the adapter passes is the one amp reads', async () => {
    // The adapter's own invocation, with one key added to its settings file: amp.url. If amp
    // reads that file, it calls the service there although AMP_URL is not set.
    service = await startAmpService('refuse');
    const adapter = findAgentAdapter('amp');
    const dir = mkdtempSync(join(tmpdir(), 'drover-amp-'));
    const env = { PATH: [CLI_PATH, process.env.PATH ?? ''].join(delimiter), HOME: dir, AMP_API_KEY: KEY };
    const host = { env, isRoot: false, isDisposable: true };
    const invocation = adapter.buildInvocation({
      prompt: 'Say done.',
      promptFile: join(dir, 'prompt.md'),
      workspace: dir,
      model: null,
      maxTurns: null,
      extraArgs: [],
      command: null,
      scratchDir: dir,
      host,
    });
    const settingsFile = invocation.args[invocation.args.indexOf('--settings-file') + 1]!;
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    expect(settings).toEqual({ 'amp.dangerouslyAllowAll': true });
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'amp.url': service.url }));
    const result = await runProcess({
      command: invocation.command,
      args: invocation.args,
      cwd: dir,
      env: buildAgentEnv(host.env, invocation.env, {}),
      stdin: invocation.stdin ?? '',
      timeoutMs: 30_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(result.exitCode).toBe(1);
    expect(service.requests.length).toBeGreaterThan(0);
    expect(service.requests.every((request) => request.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  test('the timeout kills amp and every process it started', async () => {
    service = await startAmpService('hang');
    run = await runContract({
      agent: 'amp',
      timeoutMs: 4_000,
      jobEnv: { AMP_API_KEY: KEY, AMP_URL: service.url },
    });
    expect(service.requests.length).toBeGreaterThan(0);
    expect(run.result.timedOut).toBe(true);
    expect(run.result.failure).toBe('the agent timed out on #7');
    expect(await survivors(processesUnder(run.dir))).toEqual([]);
  });
});
