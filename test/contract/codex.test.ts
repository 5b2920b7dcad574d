/**
 * Contract: the codex adapter against the real Codex CLI (the version the adapter pins) and a local
 * OpenAI Responses API (WebSocket first, as codex 0.169 does, with the HTTP/SSE fallback).
 * The shipped workflow provides OPENAI_API_KEY (and CODEX_API_KEY); `codex exec` reads only
 * CODEX_API_KEY, which the adapter's environment mapping must produce.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { startOpenAiMock, type OpenAiMock, type OpenAiReply } from './mock-openai.js';
import { hugeCjkPrompt, processesUnder, runContract, survivors, type ContractRun } from './cli-harness.js';

const KEY = 'sk-proj-contract-codex-0001';

let mock: OpenAiMock | undefined;
let run: ContractRun | undefined;
afterEach(async () => {
  run?.cleanup();
  await mock?.close();
  run = undefined;
  mock = undefined;
});

async function runCodex(
  replies: OpenAiReply[],
  options: Partial<Parameters<typeof runContract>[0]> & { jobEnv?: Record<string, string> } = {},
): Promise<ContractRun> {
  mock = await startOpenAiMock({ key: KEY, replies });
  run = await runContract({
    agent: 'codex',
    ...options,
    jobEnv: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.baseUrl, ...options.jobEnv },
  });
  return run;
}

/** Every input_text of a Responses API request, joined. */
function inputText(body: Record<string, unknown> | undefined): string {
  const items = (body?.input ?? []) as { content?: { type: string; text?: string }[] }[];
  return items
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text ?? '')
    .join('\n');
}

describe('codex (real CLI) against a local OpenAI Responses API', () => {
  test('success: OPENAI_API_KEY reaches codex as CODEX_API_KEY; the base URL goes through -c', async () => {
    const { result } = await runCodex([
      { kind: 'text', text: 'All done.', inputTokens: 1200, outputTokens: 60 },
    ]);
    expect(result.failure).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(mock!.authorizations.length).toBeGreaterThan(0);
    expect(mock!.authorizations.every((header) => header === `Bearer ${KEY}`)).toBe(true);
    expect(inputText(mock!.turns[0])).toContain('Say done.');
    expect(result.usage).toEqual({
      turns: 1,
      tokens: { input: 1200, output: 60 },
      costUsd: null, // codex reports no cost
      summary: 'All done.',
      errorMessage: null,
      lastWarning: null,
    });
  });

  test('a CODEX_API_KEY of the job wins over OPENAI_API_KEY', async () => {
    const { result } = await runCodex([{ kind: 'text', text: 'ok' }], {
      jobEnv: { CODEX_API_KEY: KEY, OPENAI_API_KEY: 'sk-proj-some-other-key' },
    });
    expect(result.failure).toBeNull();
    expect(mock!.authorizations.every((header) => header === `Bearer ${KEY}`)).toBe(true);
  });

  test('the prompt goes through standard input: 50,000 CJK characters reach the model whole', async () => {
    const prompt = hugeCjkPrompt();
    const { result } = await runCodex([{ kind: 'text', text: 'ok' }], { prompt });
    expect(result.failure).toBeNull();
    expect(inputText(mock!.turns[0]).includes(prompt)).toBe(true);
  });

  test('"Reconnecting..." error events followed by turn.completed are a success', async () => {
    const { result, log } = await runCodex([
      { kind: 'drop', status: 502, handshakes: 2 },
      { kind: 'text', text: 'Recovered.' },
    ]);
    expect(log.some((line) => line.includes('"type":"error"') && line.includes('Reconnecting...'))).toBe(
      true,
    );
    expect(result.exitCode).toBe(0);
    expect(result.failure).toBeNull();
    expect(result.usage).toMatchObject({ turns: 1, summary: 'Recovered.', errorMessage: null });
    expect(result.usage.lastWarning).toMatch(/^Reconnecting\.\.\. \d\/5 \(unexpected status 502 Bad Gateway/);
  });

  test('a rejected key (401) fails with turn.failed as a one-line reason', async () => {
    const { result } = await runCodex([{ kind: 'text', text: 'unreachable' }], {
      jobEnv: { OPENAI_API_KEY: 'sk-proj-wrong-key' },
    });
    expect(mock!.turns).toHaveLength(0);
    expect(result.exitCode).toBe(1);
    expect(result.failure).toMatch(
      /^the agent exited with code 1 on #7: unexpected status 401 Unauthorized: Incorrect API key provided/,
    );
    expect(result.failure).not.toContain('\n');
  }, 60_000);

  test('the timeout kills codex and every process it started', async () => {
    const { result, dir } = await runCodex([{ kind: 'hang' }], { timeoutMs: 4_000 });
    expect(result.timedOut).toBe(true);
    expect(result.failure).toBe('the agent timed out on #7');
    expect(await survivors(processesUnder(dir))).toEqual([]);
  });
});
