import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { AgentCall, UsageParser } from '../../action/agents/agent-adapter.js';
import { AGENT_NAMES, findAgentAdapter } from '../../action/agents/registry.js';

/** One scratch directory for every call this file builds, removed at the end. */
const scratchDir = mkdtempSync(join(tmpdir(), 'drover-agent-test-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

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

describe('claude', () => {
  const claude = findAgentAdapter('claude');

  test('print mode with stream-json (which needs --verbose), no permission prompts, model and turn limit', () => {
    const invocation = claude.buildInvocation(
      call({ model: 'claude-sonnet-4-5', maxTurns: 30, extraArgs: ['--max-budget-usd', '2'] }),
    );
    expect(invocation.command).toBe('claude');
    expect(invocation.args).toEqual([
      '-p',
      'Implement #7',
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
    expect(invocation.warnings).toEqual([]);
    expect(claude.keyVars).toContain('ANTHROPIC_API_KEY');
  });

  test('reads turns, tokens, cost and the final message from the result event', () => {
    expect(feed(claude.createUsageParser(), fixture('claude-stream.jsonl')).result()).toEqual({
      turns: 5,
      tokens: { input: 16 + 5480 + 10450, output: 192 },
      costUsd: 0.0431275,
      summary: 'Trimmed whitespace around parsed fields.',
      errorMessage: null,
    });
  });

  test('an error_max_turns result is an error even though claude exits 0', () => {
    const usage = feed(claude.createUsageParser(), fixture('claude-max-turns.jsonl')).result();
    expect(usage).toMatchObject({ turns: 3, costUsd: 0.012, summary: null, errorMessage: 'error_max_turns' });
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

  test('exec with --json, no approvals, the workspace as root; never the removed --full-auto', () => {
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
      'Implement #7',
    ]);
    expect(invocation.args).not.toContain('--full-auto');
    expect(invocation.warnings).toEqual([
      'codex has no turn limit: max-turns is ignored (timeout-minutes still applies)',
    ]);
  });

  test('sums turn usage and keeps the last agent message; no cost', () => {
    expect(feed(codex.createUsageParser(), fixture('codex-exec.jsonl')).result()).toEqual({
      turns: 1,
      tokens: { input: 24763, output: 122 },
      costUsd: null,
      summary: 'Fields are now trimmed.',
      errorMessage: null,
    });
  });

  test('a failed turn is reported', () => {
    expect(feed(codex.createUsageParser(), fixture('codex-failed.jsonl')).result().errorMessage).toBe(
      'stream disconnected before completion: Incorrect API key provided',
    );
  });
});

describe('amp', () => {
  const amp = findAgentAdapter('amp');

  test('execute mode with stream-json and allow-all through a settings file outside the workspace', () => {
    const scratchDir = mkdtempSync(join(tmpdir(), 'drover-amp-'));
    const invocation = amp.buildInvocation(call({ scratchDir, model: 'high' }));
    const settingsFile = join(scratchDir, 'amp-settings.json');
    expect(invocation.args).toEqual([
      '-x',
      'Implement #7',
      '--stream-json',
      '--settings-file',
      settingsFile,
      '-m',
      'high',
    ]);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ 'amp.dangerouslyAllowAll': true });
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

  test('run with json events, auto-approval, the workspace dir and a provider/model', () => {
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
      'Implement #7',
    ]);
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
});

describe('command', () => {
  const command = findAgentAdapter('command');

  test('runs the command with bash; agent-args become its positional parameters', () => {
    const invocation = command.buildInvocation(call({ command: './agent.sh "$1"', extraArgs: ['--fast'] }));
    expect(invocation).toEqual({
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', './agent.sh "$1"', 'drover', '--fast'],
      warnings: [],
    });
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
