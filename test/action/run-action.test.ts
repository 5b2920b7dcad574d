import { describe, expect, test } from '@jest/globals';
import type { SummaryWriter } from '../../action/job-summary.js';
import { runAction, type RunnerToolkit } from '../../action/run-action.js';

function fakeToolkit(inputs: Record<string, string>) {
  const calls = {
    secrets: [] as string[],
    failed: [] as string[],
    info: [] as string[],
    outputs: {} as Record<string, string>,
  };
  const summary = {} as SummaryWriter;
  const toolkit: RunnerToolkit = {
    getInput: (name) => inputs[name] ?? '',
    setSecret: (secret) => calls.secrets.push(secret),
    setOutput: (name, value) => (calls.outputs[name] = value),
    setFailed: (message) => calls.failed.push(message),
    info: (message) => calls.info.push(message),
    warning: (message) => calls.info.push(message),
    group: (_title, body) => body(),
    summary,
  };
  return { toolkit, calls };
}

const unused = async () => {
  throw new Error('not expected in this test');
};

describe('runAction', () => {
  test('masks the token and every model key first, and fails with a one-line, redacted reason', async () => {
    const { toolkit, calls } = fakeToolkit({ task: '3', 'github-token': 'ghs_token_value_123' });
    await runAction({
      toolkit,
      // No GITHUB_REPOSITORY: the attempt cannot start. The message quotes the environment's repository value.
      env: {
        ANTHROPIC_API_KEY: 'sk-ant-secret-value',
        OPENAI_API_KEY: 'sk-openai-secret',
        GITHUB_REPOSITORY: 'sk-ant-secret-value',
      },
      runProcess: unused,
      upload: unused,
      now: () => 0,
    });
    expect(calls.secrets).toEqual(
      expect.arrayContaining(['sk-ant-secret-value', 'sk-openai-secret', 'ghs_token_value_123']),
    );
    expect(calls.failed).toEqual(['GITHUB_REPOSITORY must be owner/name, got "***"']);
  });

  test('bad inputs are reported before anything runs', async () => {
    const { toolkit } = fakeToolkit({ task: 'x', 'github-token': 't' });
    await expect(
      runAction({ toolkit, env: {}, runProcess: unused, upload: unused, now: () => 0 }),
    ).rejects.toThrow('bad input: task must be a positive integer');
  });
});
