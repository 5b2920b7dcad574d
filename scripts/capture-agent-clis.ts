/**
 * Re-captures what the agent adapters depend on, from the CLIs installed in node_modules/.cache/agent-clis (the
 * versions the adapters pin), into test/contract/fixtures/:
 *   - <agent>.help.txt: the help text of the (sub)command the adapter calls;
 *   - <agent>-<case>.jsonl: the stdout of a recorded run through the adapter against the local
 *     mock model APIs of the contract tests (ids, timestamps and paths vary from run to run);
 *   - versions.json: the CLI version each file was captured from.
 *
 * Upgrading a CLI: change the adapter's `cli.npmPackage` (the one pin: the action installs it
 * on runners, and scripts/install-agent-clis.ts installs it for the tests), run
 * `npm run capture:agents`, then `npm run test:contract`. The flag test
 * fails if a flag an adapter passes is gone from the new help; the contract tests fail if the
 * new version behaves differently; `git diff test/contract/fixtures` shows what changed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_CLIS, readHelp } from '../test/contract/agent-clis.js';
import { installedCliVersion } from '../test/contract/agent-cli-dir.js';
import { REPO_ROOT, runContract } from '../test/contract/cli-harness.js';
import { startAnthropicMock, type AnthropicReply } from '../test/contract/mock-anthropic.js';
import { startOpenAiMock, type OpenAiReply } from '../test/contract/mock-openai.js';

const FIXTURES = join(REPO_ROOT, 'test', 'contract', 'fixtures');
const ANTHROPIC_KEY = 'sk-ant-capture';
const OPENAI_KEY = 'sk-proj-capture';

function captureHelp(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const cli of AGENT_CLIS) {
    writeFileSync(join(FIXTURES, `${cli.agent}.help.txt`), readHelp(cli));
    versions[cli.agent] = `${cli.npmPackage}@${installedCliVersion(cli.agent, cli.npmPackage) ?? 'none'}`;
  }
  return versions;
}

async function recordClaude(
  name: string,
  replies: AnthropicReply[],
  extra: { maxTurns?: number; key?: string } = {},
) {
  const mock = await startAnthropicMock({ key: ANTHROPIC_KEY, replies });
  const run = await runContract({
    agent: 'claude',
    model: 'claude-sonnet-4-5',
    maxTurns: extra.maxTurns ?? null,
    jobEnv: {
      ANTHROPIC_API_KEY: extra.key ?? ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: mock.baseUrl,
      CLAUDE_CODE_MAX_RETRIES: '2',
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  });
  writeFileSync(join(FIXTURES, `claude-${name}.jsonl`), run.result.outputTail);
  run.cleanup();
  await mock.close();
}

async function recordCodex(name: string, replies: OpenAiReply[], key = OPENAI_KEY) {
  const mock = await startOpenAiMock({ key: OPENAI_KEY, replies });
  const run = await runContract({
    agent: 'codex',
    jobEnv: { OPENAI_API_KEY: key, OPENAI_BASE_URL: mock.baseUrl },
  });
  // Only the JSONL events (stdout); codex's own log lines go to stderr.
  const events = run.result.outputTail.split('\n').filter((line) => line.startsWith('{"type"'));
  writeFileSync(join(FIXTURES, `codex-${name}.jsonl`), `${events.join('\n')}\n`);
  run.cleanup();
  await mock.close();
}

async function recordOpencode(name: string, replies: AnthropicReply[], key = ANTHROPIC_KEY) {
  const mock = await startAnthropicMock({
    key: ANTHROPIC_KEY,
    replies,
    isSideRequest: (body) => JSON.stringify(body.messages ?? '').includes('Generate a title'),
  });
  const run = await runContract({
    agent: 'opencode',
    model: 'anthropic/claude-sonnet-4-5',
    jobEnv: {
      ANTHROPIC_API_KEY: key,
      ANTHROPIC_BASE_URL: `${mock.baseUrl}/v1`,
      OPENCODE_DISABLE_MODELS_FETCH: '1',
    },
  });
  const events = run.result.outputTail.split('\n').filter((line) => line.startsWith('{"type"'));
  writeFileSync(join(FIXTURES, `opencode-${name}.jsonl`), `${events.join('\n')}\n`);
  run.cleanup();
  await mock.close();
}

async function main(): Promise<void> {
  mkdirSync(FIXTURES, { recursive: true });
  const versions = captureHelp();
  const tool: AnthropicReply = {
    kind: 'tool',
    name: 'Bash',
    input: { command: 'echo ok', description: 'check' },
  };
  await recordClaude('success', [tool, { kind: 'text', text: 'Done.' }]);
  await recordClaude('max-turns', [tool], { maxTurns: 2 });
  await recordClaude('401', [{ kind: 'text', text: 'unreachable' }], { key: 'sk-ant-wrong' });
  await recordCodex('success', [{ kind: 'text', text: 'Done.' }]);
  await recordCodex('reconnect', [
    { kind: 'drop', status: 502, handshakes: 2 },
    { kind: 'text', text: 'Recovered.' },
  ]);
  await recordCodex('401', [{ kind: 'text', text: 'unreachable' }], 'sk-proj-wrong');
  await recordOpencode('success', [
    { kind: 'tool', name: 'bash', input: { command: 'echo ok', description: 'check' } },
    { kind: 'text', text: 'Done.' },
  ]);
  await recordOpencode('401', [{ kind: 'text', text: 'unreachable' }], 'sk-ant-wrong');
  writeFileSync(join(FIXTURES, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
  console.log(`captured into ${FIXTURES}:`, versions);
}

await main();
