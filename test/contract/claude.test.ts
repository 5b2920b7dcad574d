/**
 * Contract: the claude adapter against the real Claude Code CLI (the version the adapter pins) and a
 * local Anthropic Messages API. What the workflow provides (ANTHROPIC_API_KEY, optionally
 * ANTHROPIC_BASE_URL) goes through the adapter's environment mapping; the mock refuses any
 * other credential.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { startAnthropicMock, type AnthropicMock, type AnthropicReply } from './mock-anthropic.js';
import { hugeCjkPrompt, processesUnder, runContract, survivors, type ContractRun } from './cli-harness.js';

const KEY = 'sk-ant-contract-claude-0001';
/** Non-secret switches the job may set; the adapter passes them on. Nothing phones home. */
const QUIET = { DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };

let mock: AnthropicMock | undefined;
let run: ContractRun | undefined;
afterEach(async () => {
  run?.cleanup();
  await mock?.close();
  run = undefined;
  mock = undefined;
});

async function runClaude(
  replies: AnthropicReply[],
  options: Partial<Parameters<typeof runContract>[0]> & { key?: string } = {},
): Promise<ContractRun> {
  mock = await startAnthropicMock({ key: KEY, replies });
  run = await runContract({
    agent: 'claude',
    model: 'claude-sonnet-4-5',
    ...options,
    jobEnv: {
      ANTHROPIC_API_KEY: options.key ?? KEY,
      ANTHROPIC_BASE_URL: mock.baseUrl,
      ...QUIET,
      ...options.jobEnv,
    },
  });
  return run;
}

/** The text of the user's first message in a Messages API request. */
function firstUserText(body: Record<string, unknown> | null): string {
  const messages = (body?.messages ?? []) as {
    role: string;
    content: string | { type: string; text?: string }[];
  }[];
  const content = messages[0]?.content ?? '';
  return typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');
}

describe('claude (real CLI) against a local Anthropic API', () => {
  test('success: the key authenticates, a tool runs in the workspace, turns/tokens/cost are read', async () => {
    const { result, workspace } = await runClaude([
      {
        kind: 'tool',
        name: 'Bash',
        input: { command: 'echo contract > done.txt', description: 'write a file' },
      },
      { kind: 'text', text: 'Wrote done.txt.', inputTokens: 300, outputTokens: 40 },
    ]);
    expect(result.failure).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(workspace, 'done.txt'), 'utf8')).toBe('contract\n');
    const requests = mock!.modelRequests();
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((request) => request.headers['x-api-key'] === KEY)).toBe(true);
    expect(firstUserText(requests[0]!.body)).toContain('Say done.');
    expect(result.usage).toMatchObject({ turns: 2, summary: 'Wrote done.txt.', errorMessage: null });
    // modelUsage totals: both model calls (100 + 300 in, 20 + 40 out).
    expect(result.usage.tokens).toEqual({ input: 400, output: 60 });
    expect(result.usage.costUsd).toBeGreaterThan(0);
  });

  test('the prompt goes through standard input: 50,000 CJK characters reach the model whole', async () => {
    const prompt = hugeCjkPrompt();
    const { result } = await runClaude([{ kind: 'text', text: 'Done.' }], { prompt });
    expect(result.failure).toBeNull();
    expect(firstUserText(mock!.modelRequests()[0]!.body).includes(prompt)).toBe(true);
  });

  test('a transient 529 followed by recovery is a success', async () => {
    const { result, log } = await runClaude([
      { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
      { kind: 'text', text: 'Done after a retry.' },
    ]);
    expect(log.some((line) => line.includes('"subtype":"api_retry"'))).toBe(true);
    expect(result.failure).toBeNull();
    expect(result.usage).toMatchObject({ summary: 'Done after a retry.', errorMessage: null });
    expect(result.usage.lastWarning).toBe('API retry 1: 529 overloaded');
  });

  test('a rejected key (401) fails with a one-line reason', async () => {
    // claude retries a 401 up to 10 times with backoff (minutes); the job may lower that.
    const { result } = await runClaude([{ kind: 'text', text: 'unreachable' }], {
      key: 'sk-ant-wrong-key',
      jobEnv: { CLAUDE_CODE_MAX_RETRIES: '1' },
    });
    expect(mock!.modelRequests()).toHaveLength(0);
    expect(result.exitCode).toBe(1);
    expect(result.failure).toBe(
      'the agent exited with code 1 on #7: API error 401: Invalid API key · Fix external API key',
    );
  });

  test('max turns: exit 1 with error_max_turns gives the errors[] text and modelUsage totals', async () => {
    const { result } = await runClaude(
      [{ kind: 'tool', name: 'Bash', input: { command: 'echo again', description: 'loop' } }],
      { maxTurns: 2 },
    );
    expect(result.exitCode).toBe(1);
    expect(result.failure).toBe(
      'the agent exited with code 1 on #7: error_max_turns: Reached maximum number of turns (2)',
    );
    expect(result.usage.turns).toBe(3);
    expect(result.usage.tokens).toEqual({ input: 200, output: 40 });
    expect(result.usage.costUsd).toBeGreaterThan(0);
  });

  test('the timeout kills the whole process tree, a background process the agent started included', async () => {
    // The tool starts a background sleep and returns; the next model request hangs, so only
    // the deadline ends the run. The pid file exists before the hang: no race with the deadline.
    const tool = { command: 'sleep 300 >/dev/null 2>&1 & echo $! > tool.pid', description: 'start a server' };
    const { result, workspace } = await runClaude(
      [{ kind: 'tool', name: 'Bash', input: tool }, { kind: 'hang' }],
      {
        timeoutMs: 10_000,
      },
    );
    expect(mock!.modelRequests()).toHaveLength(2);
    expect(result.timedOut).toBe(true);
    expect(result.failure).toBe('the agent timed out on #7');
    const toolPid = Number(readFileSync(join(workspace, 'tool.pid'), 'utf8'));
    expect(toolPid).toBeGreaterThan(0);
    expect(await survivors([toolPid])).toEqual([]);
    expect(await survivors(processesUnder(run!.dir))).toEqual([]);
  });

  const asRoot = process.getuid?.() === 0 ? test : test.skip;
  asRoot(
    'as root on a long-lived machine, claude refuses to skip permissions and the reason says so',
    async () => {
      const { result, warnings } = await runClaude([{ kind: 'text', text: 'unreachable' }], {
        host: { isRoot: true, isDisposable: false },
      });
      expect(warnings.join('\n')).toContain('set IS_SANDBOX=1 in the job env');
      expect(mock!.modelRequests()).toHaveLength(0);
      expect(result.failure).toBe(
        'the agent exited with code 1 on #7: --dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
      );
    },
  );

  asRoot('as root in a container (or on a GitHub-hosted runner), IS_SANDBOX=1 lets it run', async () => {
    const { result } = await runClaude([{ kind: 'text', text: 'Done.' }], {
      host: { isRoot: true, isDisposable: true },
    });
    expect(result.failure).toBeNull();
    expect(existsSync(join(run!.dir, 'workspace'))).toBe(true);
  });
});
