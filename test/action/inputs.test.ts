import { describe, expect, test } from '@jest/globals';
import { defaultConfig, parseConfig, type DroverConfig } from '../../core/config.js';
import { parseAgentOverrides, parseJobInputs, resolveAgentSettings } from '../../action/inputs.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function config(yaml: string): DroverConfig {
  const parsed = parseConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}

describe('job inputs', () => {
  test('defaults: attempt 1, implement', () => {
    expect(parseJobInputs(reader({ task: '7', 'github-token': 't' }))).toEqual({
      task: 7,
      attempt: 1,
      run: '',
      mode: 'implement',
      pullRequest: null,
      baseSha: null,
      specPaths: [],
      feedback: null,
      budgetUsd: null,
      textHash: null,
      githubToken: 't',
    });
  });

  test('revise mode needs the feedback that asked for it; budget-usd is an amount', () => {
    const inputs = parseJobInputs(
      reader({ task: '7', mode: 'revise', feedback: 'review:42', 'budget-usd': '3.50', 'github-token': 't' }),
    );
    expect(inputs).toMatchObject({ mode: 'revise', feedback: { kind: 'review', id: 42 }, budgetUsd: 3.5 });
    expect(parseJobInputs(reader({ task: '7', mode: 'fix', 'github-token': 't' })).mode).toBe('fix');
    expect(() => parseJobInputs(reader({ task: '7', mode: 'revise', 'github-token': 't' }))).toThrow(
      'bad input: mode revise needs the feedback input',
    );
    for (const feedback of ['review:', 'issue:3', 'comment:1 ', 'review:1;rm'])
      expect(() =>
        parseJobInputs(reader({ task: '7', mode: 'revise', feedback, 'github-token': 't' })),
      ).toThrow('feedback must be review:<id> or comment:<id>');
    expect(() => parseJobInputs(reader({ task: '7', 'budget-usd': '-1', 'github-token': 't' }))).toThrow(
      'budget-usd must be an amount in US dollars',
    );
  });

  test('text-hash: the approved text pinned at dispatch, or refused when it is not one', () => {
    const hash = `sha256:${'a'.repeat(64)}`;
    expect(parseJobInputs(reader({ task: '7', 'text-hash': hash, 'github-token': 't' })).textHash).toBe(hash);
    expect(() => parseJobInputs(reader({ task: '7', 'text-hash': 'abc', 'github-token': 't' }))).toThrow(
      'text-hash',
    );
  });

  test('spec mode reads the documents, one path per line, and needs them', () => {
    const inputs = parseJobInputs(
      reader({
        task: '7',
        attempt: '98765',
        mode: 'spec',
        spec: 'docs/design\n  docs/api.md \n\n',
        'github-token': 't',
      }),
    );
    expect(inputs).toMatchObject({
      task: 7,
      attempt: 98765,
      mode: 'spec',
      specPaths: ['docs/design', 'docs/api.md'],
    });
    expect(() => parseJobInputs(reader({ task: '7', mode: 'spec', 'github-token': 't' }))).toThrow(
      'bad input: mode spec needs the spec input: the documents to read, one path per line',
    );
  });

  test('bad inputs are named with what they accept', () => {
    expect(() => parseJobInputs(reader({ task: 'seven', 'github-token': 't' }))).toThrow(
      'bad input: task must be a positive integer',
    );
    expect(() => parseJobInputs(reader({ task: '7', mode: 'rebase', 'github-token': 't' }))).toThrow(
      'mode must be one of implement, resolve',
    );
    expect(() => parseJobInputs(reader({ task: '7' }))).toThrow('github-token is empty');
  });
});

describe('agent settings: inputs over .github/drover.yml over defaults', () => {
  test('the config applies where no input is given', () => {
    const settings = resolveAgentSettings(
      parseAgentOverrides(reader({})),
      config(
        'agent: { name: codex, model: gpt-5-codex, args: ["-c", "x=1"] }\nverify: npm test\ntimeout_minutes: 20\n',
      ),
    );
    expect(settings).toEqual({
      agent: 'codex',
      agentCommand: null,
      model: 'gpt-5-codex',
      maxTurns: null,
      agentArgs: ['-c', 'x=1'],
      verify: 'npm test',
      timeoutMinutes: 20,
    });
  });

  test('inputs override; another agent by input drops the configured agent’s model and args', () => {
    const overrides = parseAgentOverrides(
      reader({
        agent: 'command',
        'agent-command': './run.sh',
        'agent-args': 'a\n  b  \n\n',
        'timeout-minutes': '2.5',
      }),
    );
    const settings = resolveAgentSettings(
      overrides,
      config('agent: { name: codex, model: gpt-5-codex, args: ["-x"] }\n'),
    );
    expect(settings).toMatchObject({
      agent: 'command',
      agentCommand: './run.sh',
      model: null,
      agentArgs: ['a', 'b'],
      timeoutMinutes: 2.5,
    });
  });

  test('the built-in defaults: claude, 60 minutes, no verify', () => {
    expect(resolveAgentSettings({}, defaultConfig())).toMatchObject({
      agent: 'claude',
      timeoutMinutes: 60,
      verify: null,
    });
  });

  test('unknown agent, bad turn limit, command without a command: clear messages', () => {
    expect(() => parseAgentOverrides(reader({ agent: 'cursor' }))).toThrow(
      'agent must be one of claude, codex, amp, opencode, command',
    );
    expect(() => parseAgentOverrides(reader({ 'max-turns': '0' }))).toThrow(
      'max-turns must be a positive integer',
    );
    expect(() => resolveAgentSettings({ agent: 'command' }, defaultConfig())).toThrow(
      'agent "command" needs agent-command',
    );
  });
});
