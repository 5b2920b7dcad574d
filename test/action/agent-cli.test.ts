import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ensureAgentCli } from '../../action/agent-cli.js';
import { findAgentAdapter } from '../../action/agents/registry.js';
import type { Logger } from '../../action/logger.js';
import type { ProcessResult, ProcessSpec } from '../../action/process-runner.js';

const log: Logger = { info: () => {}, warning: () => {}, group: (_title, body) => body() };

function fakeRunner(exitCode: number) {
  const calls: ProcessSpec[] = [];
  const run = async (spec: ProcessSpec): Promise<ProcessResult> => {
    calls.push(spec);
    return {
      exitCode,
      signal: null,
      timedOut: false,
      outputTail: '',
      stdout: Buffer.alloc(0),
      durationMs: 1,
    };
  };
  return { calls, run };
}

describe('ensureAgentCli', () => {
  test('uses the CLI found on PATH and installs nothing', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'drover-bin-'));
    writeFileSync(join(bin, 'claude'), '#!/bin/sh\n');
    chmodSync(join(bin, 'claude'), 0o755);
    const { calls, run } = fakeRunner(0);
    expect(await ensureAgentCli(findAgentAdapter('claude'), { PATH: bin }, '/tmp/x', run, log)).toBe(bin);
    expect(calls).toEqual([]);
  });

  test('installs the pinned package into the temp directory and puts its bin first on PATH', async () => {
    const { calls, run } = fakeRunner(0);
    const path = await ensureAgentCli(
      findAgentAdapter('codex'),
      { PATH: '/nowhere', GITHUB_TOKEN: 'ghs_x' },
      '/tmp/cli',
      run,
      log,
    );
    expect(path).toBe('/tmp/cli/node_modules/.bin:/nowhere');
    expect(calls[0]!.args).toEqual([
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--prefix',
      '/tmp/cli',
      '@openai/codex@0.169.0',
    ]);
    expect(calls[0]!.env).not.toHaveProperty('GITHUB_TOKEN');
  });

  test('a failed install says what to do', async () => {
    const { run } = fakeRunner(1);
    await expect(
      ensureAgentCli(findAgentAdapter('amp'), { PATH: '/nowhere' }, '/tmp/cli', run, log),
    ).rejects.toThrow('install the amp CLI in a step before the action');
  });

  test('the command agent needs no CLI', async () => {
    const { calls, run } = fakeRunner(0);
    expect(
      await ensureAgentCli(findAgentAdapter('command'), { PATH: '/nowhere' }, '/tmp/cli', run, log),
    ).toBe('/nowhere');
    expect(calls).toEqual([]);
  });
});
