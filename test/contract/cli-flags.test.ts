/**
 * The upgrade guard: every flag an adapter passes must be in its CLI's help, both the help
 * captured in test/contract/fixtures (re-captured by `npm run capture:agents`) and the help of
 * the CLI installed now. The flags come from the adapter's own invocation with every option
 * set, so a flag added to an adapter is checked without listing it here.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { findAgentAdapter } from '../../action/agents/registry.js';
import { AGENT_CLIS, readHelp, type AgentCli } from './agent-clis.js';
import { installedCliVersion } from './agent-cli-dir.js';

const scratchDir = mkdtempSync(join(tmpdir(), 'drover-flags-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

const MODELS: Record<string, string> = {
  claude: 'claude-sonnet-4-5',
  codex: 'gpt-5-codex',
  opencode: 'anthropic/claude-sonnet-4-5',
  amp: 'high',
};

/** The flags of the adapter's argv with every option it knows set. */
function adapterFlags(agent: string): string[] {
  const invocation = findAgentAdapter(agent).buildInvocation({
    prompt: 'p',
    promptFile: join(scratchDir, 'prompt.md'),
    workspace: scratchDir,
    model: MODELS[agent] ?? null,
    maxTurns: 5,
    extraArgs: [],
    command: null,
    scratchDir,
    host: {
      env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'https://proxy.example/v1' },
      isRoot: false,
      isDisposable: true,
    },
  });
  // "-" alone is codex's "read the prompt from stdin", not a flag.
  return invocation.args.filter((arg) => arg.startsWith('-') && arg !== '-');
}

/** Whether the help lists the flag as an option (not merely inside another word). */
function helpHas(help: string, flag: string): boolean {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s,\\[|])${escaped}([\\s,=\\]<|]|$)`, 'm').test(help);
}

function missingFlags(cli: AgentCli, help: string): string[] {
  return adapterFlags(cli.agent).filter((flag) => !helpHas(help, flag) && !(flag in cli.hiddenFlags));
}

const versions = JSON.parse(
  readFileSync(new URL('./fixtures/versions.json', import.meta.url), 'utf8'),
) as Record<string, string>;

describe.each(AGENT_CLIS)('$agent: the flags the adapter passes exist', (cli) => {
  test('in the captured help', () => {
    const help = readFileSync(new URL(`./fixtures/${cli.agent}.help.txt`, import.meta.url), 'utf8');
    expect(adapterFlags(cli.agent).length).toBeGreaterThan(0);
    expect(missingFlags(cli, help)).toEqual([]);
  });

  test('in the help of the installed CLI, which is the pinned version the fixtures were captured from', () => {
    const pinned = findAgentAdapter(cli.agent).cli?.npmPackage;
    const installed = `${cli.npmPackage}@${installedCliVersion(cli.agent, cli.npmPackage) ?? 'none'}`;
    expect(installed).toBe(pinned);
    expect(versions[cli.agent]).toBe(pinned);
    expect(missingFlags(cli, readHelp(cli))).toEqual([]);
  });
});

test('the check itself: a flag that is not in the help is reported', () => {
  const claude = AGENT_CLIS.find((cli) => cli.agent === 'claude')!;
  const help = readFileSync(new URL('./fixtures/claude.help.txt', import.meta.url), 'utf8');
  expect(missingFlags(claude, help.replaceAll('--verbose', '--chatty'))).toEqual(['--verbose']);
  expect(helpHas('  -p, --print  Print response', '-p')).toBe(true);
  expect(helpHas('  --print-logs', '--print')).toBe(false);
});
