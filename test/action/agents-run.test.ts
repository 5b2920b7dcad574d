/** How one agent call is judged, and what the action knows about the machine it runs on. */
import { describe, expect, test } from '@jest/globals';
import { EMPTY_USAGE } from '../../action/agents/agent-adapter.js';
import { detectAgentHost } from '../../action/agent-host.js';
import { judgeAgentRun } from '../../action/run-agent.js';

const exit = (exitCode: number | null, outputTail = '', timedOut = false) => ({
  exitCode,
  outputTail,
  timedOut,
});

describe('judgeAgentRun', () => {
  test('exit 0 without a reported error is no failure, whatever warnings came before', () => {
    expect(judgeAgentRun(exit(0), { ...EMPTY_USAGE, lastWarning: 'Reconnecting... 2/5' })).toBeNull();
  });

  test("a non-zero exit gives the agent's own reason first, then its last warning, then its last line", () => {
    const reported = { ...EMPTY_USAGE, errorMessage: 'error_max_turns: Reached maximum number of turns (2)' };
    expect(judgeAgentRun(exit(1, '{"type":"result",…}'), reported)).toBe(
      'the agent exited with code 1: error_max_turns: Reached maximum number of turns (2)',
    );
    expect(judgeAgentRun(exit(1, 'x'), { ...EMPTY_USAGE, lastWarning: 'Reconnecting... 5/5 (401)' })).toBe(
      'the agent exited with code 1: Reconnecting... 5/5 (401)',
    );
    expect(judgeAgentRun(exit(2, 'first\nerror: unexpected argument\n\n'), EMPTY_USAGE)).toBe(
      'the agent exited with code 2: error: unexpected argument',
    );
  });

  test('it names what the agent worked on', () => {
    expect(judgeAgentRun(exit(7, 'model overloaded'), EMPTY_USAGE, ' on #12')).toBe(
      'the agent exited with code 7 on #12: model overloaded',
    );
  });

  test('the reason is one line, even from a long last line of output', () => {
    const reason = judgeAgentRun(exit(1, `{"type":"result",${'"x":1,'.repeat(200)}}`), EMPTY_USAGE)!;
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThanOrEqual('the agent exited with code 1: '.length + 500);
  });

  test('an error reported with exit 0 fails; a timeout fails whatever was reported', () => {
    expect(judgeAgentRun(exit(0), { ...EMPTY_USAGE, errorMessage: 'turn failed' })).toBe(
      'the agent reported an error: turn failed',
    );
    expect(judgeAgentRun(exit(null, '', true), { ...EMPTY_USAGE, errorMessage: 'x' })).toBe(
      'the agent timed out',
    );
  });
});

describe('detectAgentHost', () => {
  const none = () => false;
  test('root is uid 0', () => {
    expect(detectAgentHost({}, 0, none).isRoot).toBe(true);
    expect(detectAgentHost({}, 1001, none).isRoot).toBe(false);
    expect(detectAgentHost({}, null, none).isRoot).toBe(false);
  });

  test('disposable: a GitHub-hosted runner, or a Docker or Podman container', () => {
    expect(detectAgentHost({ RUNNER_ENVIRONMENT: 'github-hosted' }, 0, none).isDisposable).toBe(true);
    expect(detectAgentHost({ RUNNER_ENVIRONMENT: 'self-hosted' }, 0, none).isDisposable).toBe(false);
    expect(detectAgentHost({}, 0, (path) => path === '/.dockerenv').isDisposable).toBe(true);
    expect(detectAgentHost({}, 0, (path) => path === '/run/.containerenv').isDisposable).toBe(true);
  });
});
