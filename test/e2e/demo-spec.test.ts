/**
 * `drover spec --dry-run` on the demo's design documents (demo/project/docs/design), with the
 * demo agent as the `command` agent: a valid plan, the same every time, and the backlog the
 * documents carry is the demo's own (examples/demo-backlog.jsonl).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runDrover } from '../cli/run-drover.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'drover-demo-spec-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('drover spec on the demo', () => {
  it('prints the tree, the plan, the critical path and the ETA of the demo backlog, creating nothing', async () => {
    // A copy: the demo copies demo/project into its repository, and the agent writes in its checkout.
    const project = join(scratch, 'project');
    cpSync(join(ROOT, 'demo', 'project'), project, { recursive: true });
    const agent = `node ${JSON.stringify(join(ROOT, 'demo', 'demo-agent.mjs'))}`;
    const result = await runDrover(
      ['spec', 'docs/design', '--dry-run', '--agent', 'command', '--agent-command', agent],
      { PATH: process.env.PATH ?? '' },
      project,
    );
    expect(result.stderr).toContain(
      'asking command for a backlog from docs/design/backlog.md, docs/design/textkit.md',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^project: 15 task\(s\)/);
    expect(result.stdout).toContain('epic:text');
    expect(result.stdout).toContain('Plan for project, all tasks, 4 workers');
    expect(result.stdout).toContain('Critical path: T1 → T3 → S1 → D2');
    expect(result.stdout).toMatch(/ETA: .*4 workers/);
    expect(result.stdout).toContain('Dry run: nothing was created.');
    expect(existsSync(join(project, '.drover'))).toBe(false);
  });

  it("carries exactly the demo's backlog", () => {
    const doc = readFileSync(join(ROOT, 'demo', 'project', 'docs', 'design', 'backlog.md'), 'utf8');
    const block = /^```drover-backlog\n([\s\S]*?)^```$/m.exec(doc)?.[1];
    expect(block).toBe(readFileSync(join(ROOT, 'examples', 'demo-backlog.jsonl'), 'utf8'));
  });
});
