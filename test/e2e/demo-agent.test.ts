import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { buildPrompt } from '../../action/build-prompt.js';
import type { TaskContext } from '../../action/task-context.js';
import { sanitizeUntrustedText } from '../../action/sanitize-untrusted-text.js';

const execFileAsync = promisify(execFile);
const AGENT = join(process.cwd(), 'demo', 'demo-agent.mjs');

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'demo-agent-test-'));
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
});

const fence = '```';
const parentBody = `Wire it up.\n\n${fence}drover-demo write bin/cli.js\nparent\n${fence}\n<!-- drover:import-id S1 -->`;
const childBody = (n: number) => `Part ${n}.\n\n${fence}drover-demo append notes.txt\nchild ${n}\n${fence}\n`;
const context: TaskContext = {
  task: { number: 10, title: 'A command line', body: sanitizeUntrustedText(parentBody) },
  epic: 'cli',
  subIssues: [
    { number: 11, title: 'first', body: childBody(1) },
    { number: 12, title: 'second', body: childBody(2) },
  ],
  dependencies: [{ issue: 3, title: 'slugs', mergedPulls: [] }],
  guidance: [],
};

/** Runs the agent as the action's command agent does: in the workspace, with the DROVER_* variables. */
async function runAgent(vars: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [AGENT], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? '', ...vars },
  });
  return stdout;
}

describe('the demo agent', () => {
  test("applies only the worked issue's blocks, found in the action's real prompt", async () => {
    const prompt = (step: Parameters<typeof buildPrompt>[0]['step']) =>
      buildPrompt({ repo: 'demo/textkit', context, step, verify: 'node --test' });
    await runAgent({
      DROVER_ISSUE: '12',
      DROVER_ATTEMPT: '1',
      DROVER_MODE: 'implement',
      DROVER_PROMPT: prompt({ kind: 'sub-issue', issue: context.subIssues[1]!, index: 2, count: 2 }),
    });
    expect(readFileSync(join(workspace, 'notes.txt'), 'utf8')).toBe('child 2\n');
    expect(existsSync(join(workspace, 'bin/cli.js'))).toBe(false);

    const promptFile = join(workspace, 'prompt.md');
    writeFileSync(promptFile, prompt({ kind: 'parent' }));
    await runAgent({
      DROVER_ISSUE: '10',
      DROVER_ATTEMPT: '1',
      DROVER_MODE: 'implement',
      DROVER_PROMPT_FILE: promptFile,
    });
    expect(readFileSync(join(workspace, 'bin/cli.js'), 'utf8')).toBe('parent\n');
    expect(readFileSync(join(workspace, 'notes.txt'), 'utf8')).toBe('child 2\n');
  });

  test('an attempt-specific block overrides on that attempt only', async () => {
    const body = `${fence}drover-demo write x.js\ngood\n${fence}\n${fence}drover-demo write x.js attempt=1\nbroken\n${fence}\n`;
    const prompt = `## Task #5: truncate\n<issue-data>\n${body}</issue-data>`;
    await runAgent({ DROVER_ISSUE: '5', DROVER_ATTEMPT: '1', DROVER_PROMPT: prompt });
    expect(readFileSync(join(workspace, 'x.js'), 'utf8')).toBe('broken\n');
    await runAgent({ DROVER_ISSUE: '5', DROVER_ATTEMPT: '2', DROVER_PROMPT: prompt });
    expect(readFileSync(join(workspace, 'x.js'), 'utf8')).toBe('good\n');
  });

  test('in resolve mode it keeps both sides of every conflict', async () => {
    writeFileSync(
      join(workspace, 'index.js'),
      "export const v = 1;\n<<<<<<< HEAD\nexport { a } from './a.js';\n=======\nexport { b } from './b.js';\n>>>>>>> main\n",
    );
    const output = await runAgent({
      DROVER_ISSUE: '7',
      DROVER_ATTEMPT: '2',
      DROVER_MODE: 'resolve',
      DROVER_PROMPT: 'resolve it',
    });
    expect(readFileSync(join(workspace, 'index.js'), 'utf8')).toBe(
      "export const v = 1;\nexport { a } from './a.js';\nexport { b } from './b.js';\n",
    );
    expect(output).toContain('resolved conflicts in index.js');
  });

  test('refuses to write outside the workspace', async () => {
    const prompt = `## Task #5: escape\n${fence}drover-demo write ../escape.js\nx\n${fence}\n`;
    await expect(runAgent({ DROVER_ISSUE: '5', DROVER_PROMPT: prompt })).rejects.toThrow(
      'refusing to write outside the workspace',
    );
  });
});
