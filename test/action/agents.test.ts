import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { AgentCall, AgentHost, UsageParser } from '../../action/agents/agent-adapter.js';
import { ROOT_REFUSAL_WARNING } from '../../action/agents/claude.js';
import { MAX_PROMPT_VAR_BYTES } from '../../action/agents/command.js';
import { AGENT_NAMES, findAgentAdapter } from '../../action/agents/registry.js';

/** One scratch directory for every call this file builds, removed at the end. */
const scratchDir = mkdtempSync(join(tmpdir(), 'drover-agent-test-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** Streams recorded from the real CLIs by `npm run capture:agents`. */
const recorded = (name: string) =>
  readFileSync(new URL(`../contract/fixtures/${name}`, import.meta.url), 'utf8');

const KEYS = {
  ANTHROPIC_API_KEY: 'sk-ant-1',
  OPENAI_API_KEY: 'sk-openai-1',
  AMP_API_KEY: 'sgamp-1',
  GITHUB_TOKEN: 'ghs-never',
};

function host(overrides: Partial<AgentHost> = {}): AgentHost {
  return { env: KEYS, isRoot: false, isDisposable: true, ...overrides };
}

function call(overrides: Partial<AgentCall> = {}): AgentCall {
  return {
    prompt: 'Implement #7',
    promptFile: '/tmp/prompt.md',
    workspace: '/work/repo',
    model: null,
    maxTurns: null,
    extraArgs: [],
    command: null,
    scratchDir,
    host: host(),
    ...overrides,
  };
}

function feed(parser: UsageParser, text: string): UsageParser {
  for (const line of text.split('\n')) parser.pushLine(line);
  return parser;
}

describe('agent registry', () => {
  test('knows the five agents and refuses others by name', () => {
    expect([...AGENT_NAMES].sort()).toEqual(['amp', 'claude', 'codex', 'command', 'opencode']);
    expect(() => findAgentAdapter('cursor')).toThrow('unknown agent "cursor": use one of');
  });
});

/** 50,000 CJK characters: 150,000 UTF-8 bytes, over the 128 KiB one argv string may hold. */
const HUGE_PROMPT = '漢字仮名交じり文'.repeat(6_250);

describe.each(['claude', 'codex', 'amp', 'opencode'])(
  '%s: the prompt never goes on the command line',
  (name) => {
    test('it goes on standard input, whatever its size', () => {
      const invocation = findAgentAdapter(name).buildInvocation(call({ prompt: HUGE_PROMPT }));
      expect(invocation.stdin).toBe(HUGE_PROMPT);
      expect(invocation.args.some((arg) => arg.includes('漢字'))).toBe(false);
      expect(Object.values(invocation.env).some((value) => value.includes('漢字'))).toBe(false);
    });

    test('it never hands over the runner token', () => {
      const invocation = findAgentAdapter(name).buildInvocation(call());
      expect(Object.values(invocation.env)).not.toContain(KEYS.GITHUB_TOKEN);
    });
  },
);

describe('claude', () => {
  const claude = findAgentAdapter('claude');

  test('print mode with stream-json (which needs --verbose), no permission prompts, model and turn limit', () => {
    const invocation = claude.buildInvocation(
      call({ model: 'claude-sonnet-4-5', maxTurns: 30, extraArgs: ['--max-budget-usd', '2'] }),
    );
    expect(invocation.command).toBe('claude');
    expect(invocation.args).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--no-session-persistence',
      '--model',
      'claude-sonnet-4-5',
      '--max-turns',
      '30',
      '--max-budget-usd',
      '2',
    ]);
    expect(invocation.stdin).toBe('Implement #7');
    expect(invocation.warnings).toEqual([]);
    expect(invocation.env).toEqual({ ANTHROPIC_API_KEY: 'sk-ant-1', DISABLE_AUTOUPDATER: '1' });
  });

  test('caps its spend at what is left of the run budget', () => {
    const invocation = claude.buildInvocation(call({ maxBudgetUsd: 2.5 }));
    expect(invocation.args.slice(-2)).toEqual(['--max-budget-usd', '2.50']);
    expect(claude.buildInvocation(call({ maxBudgetUsd: null })).args).not.toContain('--max-budget-usd');
  });

  test('passes its own credentials and switches, and nothing of other agents', () => {
    const env = {
      ...KEYS,
      CLAUDE_CODE_OAUTH_TOKEN: 'oauth-1',
      ANTHROPIC_BASE_URL: 'https://gateway.example',
      CLAUDE_CODE_MAX_RETRIES: '3',
    };
    expect(claude.buildInvocation(call({ host: host({ env }) })).env).toEqual({
      ANTHROPIC_API_KEY: 'sk-ant-1',
      CLAUDE_CODE_OAUTH_TOKEN: 'oauth-1',
      ANTHROPIC_BASE_URL: 'https://gateway.example',
      CLAUDE_CODE_MAX_RETRIES: '3',
      DISABLE_AUTOUPDATER: '1',
    });
  });

  test('as root on a disposable machine (container, GitHub-hosted runner) it runs with IS_SANDBOX=1', () => {
    const invocation = claude.buildInvocation(call({ host: host({ isRoot: true, isDisposable: true }) }));
    expect(invocation.env.IS_SANDBOX).toBe('1');
    expect(invocation.warnings).toEqual([]);
  });

  test('as root on a long-lived self-hosted machine it does not set IS_SANDBOX, and says how to fix it', () => {
    const invocation = claude.buildInvocation(call({ host: host({ isRoot: true, isDisposable: false }) }));
    expect(invocation.env.IS_SANDBOX).toBeUndefined();
    expect(invocation.warnings).toEqual([ROOT_REFUSAL_WARNING]);
  });

  test("as root, the runner owner's own IS_SANDBOX=1 is honoured; not as root, nothing is set", () => {
    const owned = host({ env: { ...KEYS, IS_SANDBOX: '1' }, isRoot: true, isDisposable: false });
    expect(claude.buildInvocation(call({ host: owned }))).toMatchObject({
      warnings: [],
      env: { IS_SANDBOX: '1' },
    });
    const user = claude.buildInvocation(call({ host: host({ isRoot: false, isDisposable: false }) }));
    expect(user.env.IS_SANDBOX).toBeUndefined();
    expect(user.warnings).toEqual([]);
  });

  test('reads turns, tokens, cost and the final message from the result event', () => {
    expect(feed(claude.createUsageParser(), fixture('claude-stream.jsonl')).result()).toEqual({
      turns: 5,
      tokens: { input: 16 + 5480 + 10450, output: 192 },
      costUsd: 0.0431275,
      summary: 'Trimmed whitespace around parsed fields.',
      errorMessage: null,
      lastWarning: null,
    });
  });

  test('a recorded success (claude 2.1.197): tokens from modelUsage', () => {
    expect(feed(claude.createUsageParser(), recorded('claude-success.jsonl')).result()).toMatchObject({
      turns: 2,
      tokens: { input: 200, output: 40 },
      summary: 'Done.',
      errorMessage: null,
    });
  });

  test('recorded max turns (exit 1): the reason is errors[], in one line', () => {
    const usage = feed(claude.createUsageParser(), recorded('claude-max-turns.jsonl')).result();
    expect(usage).toMatchObject({
      turns: 3,
      tokens: { input: 200, output: 40 },
      summary: null,
      errorMessage: 'error_max_turns: Reached maximum number of turns (2)',
    });
    expect(usage.costUsd).toBeGreaterThan(0);
  });

  test('recorded 401: the reason is the API error and its text', () => {
    expect(feed(claude.createUsageParser(), recorded('claude-401.jsonl')).result()).toMatchObject({
      errorMessage: 'API error 401: Invalid API key · Fix external API key',
      lastWarning: expect.stringMatching(/^API retry \d: 401 authentication_failed$/),
    });
  });

  test('tokens are the modelUsage totals over every model, not the main loop usage alone', () => {
    const result = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      num_turns: 4,
      result: 'ok',
      total_cost_usd: 0.5,
      usage: {
        input_tokens: 10,
        cache_read_input_tokens: 5,
        cache_creation_input_tokens: 0,
        output_tokens: 7,
      },
      modelUsage: {
        'claude-sonnet-4-5': {
          inputTokens: 10,
          cacheReadInputTokens: 5,
          cacheCreationInputTokens: 0,
          outputTokens: 7,
        },
        'claude-haiku-4-5': {
          inputTokens: 300,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 20,
          outputTokens: 90,
        },
      },
    });
    expect(feed(claude.createUsageParser(), result).result().tokens).toEqual({ input: 335, output: 97 });
  });

  test('a long errors[] is cut to one line', () => {
    const result = JSON.stringify({
      type: 'result',
      subtype: 'error_during_execution',
      is_error: true,
      errors: ['first\nproblem', 'x'.repeat(800)],
    });
    const reason = feed(claude.createUsageParser(), result).result().errorMessage!;
    expect(reason.startsWith('error_during_execution: first problem; xxx')).toBe(true);
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThanOrEqual(500);
  });

  test('without a result event (killed), the assistant messages count as turns', () => {
    const stream = fixture('claude-stream.jsonl').split('\n').slice(0, 3).join('\n');
    expect(feed(claude.createUsageParser(), `${stream}\nnot json at all\n{broken`).result()).toMatchObject({
      turns: 2,
      costUsd: null,
      tokens: null,
    });
  });
});

describe('codex', () => {
  const codex = findAgentAdapter('codex');

  test('exec with --json, no approvals, the workspace as root, the prompt on stdin ("-")', () => {
    const invocation = codex.buildInvocation(call({ model: 'gpt-5-codex', maxTurns: 10 }));
    expect(invocation.command).toBe('codex');
    expect(invocation.args).toEqual([
      'exec',
      '--json',
      '--dangerously-bypass-approvals-and-sandbox',
      '--skip-git-repo-check',
      '--ephemeral',
      '-C',
      '/work/repo',
      '-m',
      'gpt-5-codex',
      '-',
    ]);
    expect(invocation.args).not.toContain('--full-auto');
    expect(invocation.stdin).toBe('Implement #7');
    expect(invocation.warnings).toEqual([
      'codex has no turn limit: max-turns is ignored (timeout-minutes still applies)',
    ]);
  });

  test("codex reads CODEX_API_KEY, not OPENAI_API_KEY: the job's OPENAI_API_KEY is handed over under that name", () => {
    expect(codex.buildInvocation(call()).env).toEqual({ CODEX_API_KEY: 'sk-openai-1' });
    const both = host({ env: { ...KEYS, CODEX_API_KEY: 'sk-codex-1' } });
    expect(codex.buildInvocation(call({ host: both })).env).toEqual({ CODEX_API_KEY: 'sk-codex-1' });
  });

  test('without any key it says so (and runs: codex may be logged in on a self-hosted runner)', () => {
    const invocation = codex.buildInvocation(call({ host: host({ env: {} }) }));
    expect(invocation.env).toEqual({});
    expect(invocation.warnings).toEqual([
      'codex: neither CODEX_API_KEY nor OPENAI_API_KEY is set in the job env',
    ]);
  });

  test('OPENAI_BASE_URL (which codex ignores) becomes -c openai_base_url, before agent-args', () => {
    const env = { ...KEYS, OPENAI_BASE_URL: 'https://proxy.example/v1' };
    const invocation = codex.buildInvocation(call({ host: host({ env }), extraArgs: ['--oss'] }));
    expect(invocation.args.slice(-4)).toEqual([
      '-c',
      'openai_base_url="https://proxy.example/v1"',
      '--oss',
      '-',
    ]);
    expect(invocation.env).toEqual({ CODEX_API_KEY: 'sk-openai-1' });
  });

  test('a base URL that is not an http(s) URL is refused, without repeating it (it may hold credentials)', () => {
    const refused = (url: string) => () =>
      codex.buildInvocation(call({ host: host({ env: { ...KEYS, OPENAI_BASE_URL: url } }) }));
    expect(refused('not a url')).toThrow('codex: OPENAI_BASE_URL is not a URL');
    expect(refused('file:///etc/passwd')).toThrow('codex: OPENAI_BASE_URL must be an http(s) URL, not file:');
    expect(refused('ftp://user:secret@proxy')).toThrow(/^(?!.*secret)/);
  });

  test('sums turn usage and keeps the last agent message; no cost', () => {
    expect(feed(codex.createUsageParser(), fixture('codex-exec.jsonl')).result()).toEqual({
      turns: 1,
      tokens: { input: 24763, output: 122 },
      costUsd: null,
      summary: 'Fields are now trimmed.',
      errorMessage: null,
      lastWarning: null,
    });
  });

  test('recorded (codex 0.169): "Reconnecting..." errors then turn.completed are not a failure', () => {
    const usage = feed(codex.createUsageParser(), recorded('codex-reconnect.jsonl')).result();
    expect(usage).toMatchObject({ turns: 1, summary: 'Recovered.', errorMessage: null });
    expect(usage.lastWarning).toMatch(/^Reconnecting\.\.\. 3\/5 \(unexpected status 502/);
  });

  test('recorded 401: turn.failed is the failure, in one line', () => {
    const usage = feed(codex.createUsageParser(), recorded('codex-401.jsonl')).result();
    expect(usage.errorMessage).toMatch(/^unexpected status 401 Unauthorized: Incorrect API key provided/);
    expect(usage.turns).toBeNull();
  });

  test('a failed turn is reported', () => {
    expect(feed(codex.createUsageParser(), fixture('codex-failed.jsonl')).result().errorMessage).toBe(
      'stream disconnected before completion: Incorrect API key provided',
    );
  });
});

describe('amp', () => {
  const amp = findAgentAdapter('amp');

  test('execute mode (last: -x takes an optional value), stream-json, allow-all through a settings file', () => {
    const scratchDir = mkdtempSync(join(tmpdir(), 'drover-amp-'));
    const invocation = amp.buildInvocation(call({ scratchDir, model: 'high', extraArgs: ['--no-ide'] }));
    const settingsFile = join(scratchDir, 'amp-settings.json');
    expect(invocation.args).toEqual([
      '--stream-json',
      '--settings-file',
      settingsFile,
      '-m',
      'high',
      '--no-ide',
      '-x',
    ]);
    expect(invocation.stdin).toBe('Implement #7');
    expect(invocation.env).toEqual({ AMP_API_KEY: 'sgamp-1' });
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ 'amp.dangerouslyAllowAll': true });
    rmSync(scratchDir, { recursive: true, force: true });
  });

  test('a model that is not an amp mode is refused with the modes listed', () => {
    expect(() => amp.buildInvocation(call({ model: 'gpt-5' }))).toThrow(
      'use one of low, medium, high, ultra',
    );
  });

  test('reads the Claude-Code-compatible result event', () => {
    expect(feed(amp.createUsageParser(), fixture('claude-stream.jsonl')).result().turns).toBe(5);
  });
});

describe('opencode', () => {
  const opencode = findAgentAdapter('opencode');

  test('run with json events, auto-approval, the workspace dir, a provider/model, the message on stdin', () => {
    const invocation = opencode.buildInvocation(call({ model: 'anthropic/claude-sonnet-4-5' }));
    expect(invocation.args).toEqual([
      'run',
      '--format',
      'json',
      '--auto',
      '--dir',
      '/work/repo',
      '-m',
      'anthropic/claude-sonnet-4-5',
    ]);
    expect(invocation.stdin).toBe('Implement #7');
    expect(invocation.env).toEqual({
      ANTHROPIC_API_KEY: 'sk-ant-1',
      OPENAI_API_KEY: 'sk-openai-1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_SHARE: '1',
    });
  });

  test('a model without a provider is refused', () => {
    expect(() => opencode.buildInvocation(call({ model: 'sonnet' }))).toThrow('must be provider/model');
  });

  test('sums steps, tokens (cache and reasoning included) and cost', () => {
    const usage = feed(opencode.createUsageParser(), fixture('opencode-run.jsonl')).result();
    expect(usage.turns).toBe(2);
    expect(usage.tokens).toEqual({ input: 1200 + 3000 + 300 + 4200 + 100, output: 80 + 20 + 15 });
    expect(usage.costUsd).toBeCloseTo(0.0164, 6);
    expect(usage.summary).toBe('Trimmed the fields.');
  });

  test('recorded 401: the error event is the failure, in one line', () => {
    expect(feed(opencode.createUsageParser(), recorded('opencode-401.jsonl')).result()).toMatchObject({
      turns: null,
      errorMessage: 'APIError 401: invalid x-api-key',
    });
  });

  test('a recorded run (opencode 1.18.33) parses', () => {
    const usage = feed(opencode.createUsageParser(), recorded('opencode-success.jsonl')).result();
    expect(usage).toMatchObject({
      turns: 2,
      tokens: { input: 200, output: 40 },
      summary: 'Done.',
      errorMessage: null,
    });
    expect(usage.costUsd).toBeGreaterThan(0);
  });
});

describe('command', () => {
  const command = findAgentAdapter('command');

  test('runs the command with bash; agent-args become its positional parameters', () => {
    const invocation = command.buildInvocation(call({ command: './agent.sh "$1"', extraArgs: ['--fast'] }));
    expect(invocation).toEqual({
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', './agent.sh "$1"', 'drover', '--fast'],
      env: {
        ANTHROPIC_API_KEY: 'sk-ant-1',
        OPENAI_API_KEY: 'sk-openai-1',
        AMP_API_KEY: 'sgamp-1',
        DROVER_PROMPT: 'Implement #7',
      },
      warnings: [],
    });
  });

  test('a prompt too large for one environment variable is left to DROVER_PROMPT_FILE, with a warning', () => {
    const fits = 'a'.repeat(MAX_PROMPT_VAR_BYTES);
    expect(command.buildInvocation(call({ command: 'x', prompt: fits })).env.DROVER_PROMPT).toBe(fits);
    const invocation = command.buildInvocation(call({ command: 'x', prompt: HUGE_PROMPT }));
    expect(invocation.env.DROVER_PROMPT).toBeUndefined();
    expect(invocation.warnings.join()).toContain('read DROVER_PROMPT_FILE');
  });

  test('without a command it says which input is missing', () => {
    expect(() => command.buildInvocation(call())).toThrow('agent "command" needs the agent-command input');
  });

  test('gets every model key variable', () => {
    expect(command.keyVars).toEqual(
      expect.arrayContaining(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'AMP_API_KEY']),
    );
  });
});
