/**
 * Contract: the opencode adapter against the real OpenCode CLI (the version the adapter pins) with its
 * Anthropic provider pointed at a local Anthropic Messages API. opencode's providers are the
 * AI SDK's: they read ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, whose value ends in /v1 for
 * the AI SDK (claude's own ANTHROPIC_BASE_URL does not).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { startAnthropicMock, type AnthropicMock, type AnthropicReply } from './mock-anthropic.js';
import { hugeCjkPrompt, processesUnder, runContract, survivors, type ContractRun } from './cli-harness.js';

const KEY = 'sk-ant-contract-opencode-0001';
const MODEL = 'anthropic/claude-sonnet-4-5';

let mock: AnthropicMock | undefined;
let run: ContractRun | undefined;
afterEach(async () => {
  run?.cleanup();
  await mock?.close();
  run = undefined;
  mock = undefined;
});

function userText(body: Record<string, unknown> | null): string {
  const messages = (body?.messages ?? []) as { content: string | { type: string; text?: string }[] }[];
  return messages
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content.map((b) => b.text ?? '').join(''),
    )
    .join('\n');
}

/** opencode asks the model for a session title besides the task: not a turn. */
const isTitleRequest = (body: Record<string, unknown>) => userText(body).startsWith('Generate a title');

async function runOpencode(
  replies: AnthropicReply[],
  options: Partial<Parameters<typeof runContract>[0]> & { key?: string } = {},
): Promise<ContractRun> {
  mock = await startAnthropicMock({ key: KEY, replies, isSideRequest: isTitleRequest });
  run = await runContract({
    agent: 'opencode',
    model: MODEL,
    ...options,
    jobEnv: {
      ANTHROPIC_API_KEY: options.key ?? KEY,
      ANTHROPIC_BASE_URL: `${mock.baseUrl}/v1`,
      // No model catalogue download (the machine reaches no models.dev): the bundled one is used.
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      ...options.jobEnv,
    },
  });
  return run;
}

describe('opencode (real CLI) against a local Anthropic API', () => {
  test('success: the key authenticates, a 50,000-CJK-character prompt arrives whole over stdin, a tool runs in the workspace, steps/tokens/cost are read', async () => {
    // One run proves all of these: each opencode start costs seconds.
    const prompt = hugeCjkPrompt();
    const { result, workspace, warnings } = await runOpencode(
      [
        {
          kind: 'tool',
          name: 'bash',
          input: { command: 'echo contract > done.txt', description: 'write a file' },
        },
        { kind: 'text', text: 'Wrote done.txt.', inputTokens: 300, outputTokens: 40 },
      ],
      { prompt, maxTurns: 3 },
    );
    expect(result.failure).toBeNull();
    // No turn limit flag exists: max-turns is a warning, and the call still runs.
    expect(warnings).toEqual([
      'opencode has no turn limit: max-turns is ignored (timeout-minutes still applies)',
    ]);
    expect(readFileSync(join(workspace, 'done.txt'), 'utf8')).toBe('contract\n');
    const requests = mock!.modelRequests();
    expect(requests.length).toBe(2);
    expect(mock!.requests.every((request) => request.headers['x-api-key'] === KEY)).toBe(true);
    expect(userText(requests[0]!.body).includes(prompt)).toBe(true);
    expect(result.usage).toMatchObject({ turns: 2, summary: 'Wrote done.txt.', errorMessage: null });
    expect(result.usage.tokens).toEqual({ input: 400, output: 60 });
    expect(result.usage.costUsd).toBeGreaterThan(0);
  });

  test('a transient 529 followed by recovery is a success', async () => {
    const { result } = await runOpencode([
      { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
      { kind: 'text', text: 'Done after a retry.' },
    ]);
    expect(result.failure).toBeNull();
    expect(result.usage).toMatchObject({ summary: 'Done after a retry.', errorMessage: null });
  });

  test('a rejected key (401) fails with a one-line reason', async () => {
    const { result } = await runOpencode([{ kind: 'text', text: 'unreachable' }], {
      key: 'sk-ant-wrong-key',
    });
    expect(mock!.modelRequests()).toHaveLength(0);
    expect(result.failure).toMatch(
      /^the agent (exited with code 1|reported an error) on #7: APIError 401: invalid x-api-key$/,
    );
  });

  test('the timeout kills opencode and every process it started', async () => {
    const { result, dir } = await runOpencode([{ kind: 'hang' }], { timeoutMs: 5_000 });
    expect(result.timedOut).toBe(true);
    expect(result.failure).toBe('the agent timed out on #7');
    expect(await survivors(processesUnder(dir))).toEqual([]);
  });
});
