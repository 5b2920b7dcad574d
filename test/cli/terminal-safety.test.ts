/**
 * Text from GitHub reaches the terminal without any control sequence: hostile issue titles and
 * label names (ANSI colour and screen clearing, OSC window title, clipboard and hyperlinks,
 * 8-bit C1 CSI, bare C0 controls, carriage return and newline tricks) through every command
 * that prints them, and hostile values in a backlog file through `--check`. Export keeps the
 * exact text, escaped, so a round trip loses nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { terminalLine, terminalText } from '../../cli/terminal-text.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

const ESC = '\u001b';
const HOSTILE_TITLES = [
  `${ESC}[2J${ESC}[HScreen cleared`,
  `Red ${ESC}[31mtext${ESC}[0m and ${ESC}[?1049h alternate screen`,
  `${ESC}]0;pwned window title\u0007Window title`,
  `${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007Clipboard write`,
  `${ESC}]8;;https://evil.example/${ESC}\\Hyperlink${ESC}]8;;${ESC}\\ text`,
  '\u009b31mEight-bit CSI\u009b0m',
  '\u009d0;osc8\u009cEight-bit OSC',
  'Bell\u0007 backspace\u0008 delete\u007f null\u0000',
  'Fake\rdrover: overwritten line',
  'Two\nlines',
  `${ESC}P1;2|dcs${ESC}\\Device control`,
  `Broken escape ${ESC}[99999999999999999999999999999999;1`,
];

/** Any byte a terminal acts on: C0 except newline, DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let sim: Simulator;
let env: Record<string, string>;
let octokit: Octokit;
let scratch: string;

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  sim.createRepo('mona', 'hostile');
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  octokit = new Octokit({ auth: user.token, baseUrl: sim.baseUrl });
  scratch = mkdtempSync(join(tmpdir(), 'drover-hostile-'));
  const repo = { owner: 'mona', repo: 'hostile' };
  await octokit.rest.issues.createLabel({ ...repo, name: 'drover', color: '5319e7' });
  await octokit.rest.issues.createLabel({ ...repo, name: `epic:${ESC}[5mblink`, color: '1d76db' });
  for (const title of HOSTILE_TITLES)
    await octokit.rest.issues.create({ ...repo, title, labels: ['drover', `epic:${ESC}[5mblink`] });
  const { data: closed } = await octokit.rest.issues.create({
    ...repo,
    title: `${ESC}]0;closed one\u0007Closed hostile`,
    labels: ['drover'],
  });
  await octokit.rest.issues.update({ ...repo, issue_number: closed.number, state: 'closed' });
});

afterAll(async () => {
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('hostile text never reaches the terminal raw', () => {
  test.each([
    [['status']],
    [['status', '--tree']],
    [['plan']],
    [['export']],
    [['export', '--format', 'json']],
  ])('%j', async (command) => {
    const result = await runDrover([...command, '--repo', 'mona/hostile'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
    if (command[0] === 'export') return;
    // The readable part of each title is still there, each task on its own line.
    for (const words of ['Screen cleared', 'Window title', 'Clipboard write', 'Eight-bit CSI'])
      expect(result.stdout).toContain(words);
    // status lists closed tasks too; plan only what can still run.
    if (command[0] === 'status') expect(result.stdout).toContain('Closed hostile');
    expect(result.stdout).not.toMatch(/^drover: overwritten line/m);
  });

  test('export keeps the exact titles (escaped), so an import gives them back', async () => {
    const result = await runDrover(['export', '--repo', 'mona/hostile'], env);
    const titles = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { title: string; type: string })
      .filter((record) => record.type !== 'epic')
      .map((record) => record.title);
    expect(titles).toEqual(expect.arrayContaining(HOSTILE_TITLES.filter((title) => !title.includes('\n'))));
  });

  test('a hostile backlog file: --check and its errors print no control character', async () => {
    const file = join(scratch, 'hostile.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: 'a',
          type: 'task',
          title: `${ESC}]0;x\u0007ok`,
          blocked_by: [`${ESC}[2Jghost`],
        }),
        JSON.stringify({ id: `b${ESC}[31m`, type: 'task', title: 'bad id' }),
        `{"id": "c", "type": "task", "title": "x", "\u009b2J": 1}`,
        `\u009b2J not json`,
      ].join('\n'),
    );
    const result = await runDrover(['import-jsonl', file, '--check'], {});
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(5);
    expect(result.stderr).not.toMatch(CONTROL);
  });

  test('error messages carrying hostile text are cleaned too', async () => {
    const result = await runDrover(['status', '--repo', `${ESC}]0;x\u0007/y`], env);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});

describe('terminalText / terminalLine', () => {
  test('each hostile title loses every control character and keeps its words', () => {
    for (const title of HOSTILE_TITLES) {
      expect(terminalLine(title)).not.toMatch(CONTROL);
      expect(terminalLine(title)).not.toContain('\n');
    }
    expect(terminalLine(HOSTILE_TITLES[0] ?? '')).toBe('Screen cleared');
    expect(terminalLine(HOSTILE_TITLES[2] ?? '')).toBe('Window title');
    expect(terminalLine('Two\nlines\ttab')).toBe('Two lines tab');
    expect(terminalLine(HOSTILE_TITLES[4] ?? '')).toBe('Hyperlink text');
    expect(terminalLine(HOSTILE_TITLES[6] ?? '')).toBe('Eight-bit OSC');
    expect(terminalLine(HOSTILE_TITLES[10] ?? '')).toBe('Device control');
  });

  test('every C0, DEL and C1 code point is removed; newlines stay in multi-line text', () => {
    const all = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('');
    const cleaned = terminalText(all);
    expect(cleaned.replace(/\t/g, '')).not.toMatch(CONTROL);
    expect(cleaned).toContain('\n');
    expect(cleaned).toBe(
      `\t\n${Array.from({ length: 0x5f }, (_, code) => String.fromCharCode(0x20 + code)).join('')}`,
    );
  });
});
