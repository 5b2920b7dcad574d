/**
 * A real backlog is messy: a dependency cycle, a blocker that is no line's id, a task blocked by
 * itself. The import creates everything, warns with the lines, and records every dependency so
 * the app's task model reports each problem on the issues; export gives all of it back, and
 * export → import → export is the identity. Against the simulator, through the CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

let sim: Simulator;
let env: Record<string, string>;
let octokit: Octokit;
let scratch: string;
let backlogFile: string;

const BACKLOG = [
  { id: 'core', type: 'epic', title: 'The core' },
  { id: 'web', type: 'epic', title: 'The web front' },
  { id: 'S1', type: 'story', epic_id: 'core', title: 'Accounts', priority: 'high' },
  { id: 'S1a', type: 'task', story_id: 'S1', title: 'Sign up' },
  { id: 'S1b', type: 'task', story_id: 'S1', title: 'Log in', blocked_by: ['S1a'] },
  { id: 'A', type: 'task', epic_id: 'core', title: 'Cycle A', blocked_by: ['C'] },
  { id: 'B', type: 'task', epic_id: 'core', title: 'Cycle B', blocked_by: ['A'] },
  { id: 'C', type: 'task', epic_id: 'core', title: 'Cycle C', blocked_by: ['B'] },
  { id: 'M', type: 'task', epic_id: 'web', title: 'Waits for a ghost', blocked_by: ['GHOST-7', 'S1'] },
  { id: 'Z', type: 'task', epic_id: 'web', title: 'Waits for itself', blocked_by: ['Z'], priority: 3 },
  { id: 'OK', type: 'task', epic_id: 'web', title: 'Fine', blocked_by: ['S1'] },
];

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  for (const name of ['messy', 'copy', 'strict']) sim.createRepo('mona', name);
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  octokit = new Octokit({ auth: user.token, baseUrl: sim.baseUrl });
  scratch = mkdtempSync(join(tmpdir(), 'drover-messy-'));
  backlogFile = join(scratch, 'messy.jsonl');
  writeFileSync(backlogFile, BACKLOG.map((line) => JSON.stringify(line)).join('\n'));
});

afterAll(async () => {
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function issuesByImportId(repo: string): Promise<Map<string, { number: number; labels: string[] }>> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: 'mona',
    repo,
    state: 'all',
    per_page: 100,
  });
  const byId = new Map<string, { number: number; labels: string[] }>();
  for (const issue of issues) {
    const id = /<!-- drover:import-id (\S+) -->/.exec(issue.body ?? '')?.[1];
    if (id)
      byId.set(id, {
        number: issue.number,
        labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).sort(),
      });
  }
  return byId;
}

async function blockerNumbers(repo: string, issue: number): Promise<number[]> {
  const { data } = await octokit.rest.issues.listDependenciesBlockedBy({
    owner: 'mona',
    repo,
    issue_number: issue,
  });
  return data.map((blocker) => blocker.number);
}

describe('importing a messy backlog', () => {
  test('--strict refuses the whole file and creates nothing', async () => {
    sim.counters.reset();
    const result = await runDrover(['import-jsonl', backlogFile, '--strict', '--repo', 'mona/strict'], env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(
      lines.map((line) => (line.startsWith(`${backlogFile}:`) ? line.slice(backlogFile.length + 1) : line)),
    ).toEqual([
      expect.stringMatching(/^6: blocked_by cycle A → C → B → A \(lines 6, 8, 7\)/),
      expect.stringMatching(/^9: blocked_by "GHOST-7" is not the id of any line/),
      expect.stringMatching(/^10: "Z" is blocked by itself/),
      `drover: ${backlogFile}: 3 bad line(s); nothing was created`,
    ]);
    const writes = Object.keys(sim.counters.snapshot().rest).filter((route) => !route.startsWith('GET '));
    expect(writes).toEqual([]);
  });

  test('--check says what can be imported and what will be reported', async () => {
    const result = await runDrover(['import-jsonl', backlogFile, '--check'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${backlogFile}: 11 line(s) can be imported, with 3 warning(s) (--strict refuses such a file)\n`,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(3);
  });

  test('creates every issue, warns naming the lines, and records every dependency', async () => {
    const result = await runDrover(['import-jsonl', backlogFile, '--repo', 'mona/messy'], env);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${backlogFile}:6: warning: blocked_by cycle A → C → B → A (lines 6, 8, 7): created with its links, and Drover runs none of these tasks until a person breaks the cycle`,
      `${backlogFile}:9: warning: blocked_by "GHOST-7" is not the id of any line: its issue gets the label "blocked-by:GHOST-7", and Drover holds it until that label is fixed or removed`,
      `${backlogFile}:10: warning: "Z" is blocked by itself: its issue gets a blocked-by label naming itself, and Drover holds it until that label is removed`,
    ]);
    expect(result.stdout).toContain(
      'mona/messy: 9 issue(s) created, 0 already there, 2 sub-issue link(s) and 6 dependency link(s) added, 2 blocked-by label(s) added',
    );
    expect(result.stdout).toContain(`issues: ${sim.serverUrl}/mona/messy/issues?q=label%3Adrover`);

    const byId = await issuesByImportId('messy');
    expect(byId.size).toBe(9);
    const number = (id: string) => byId.get(id)?.number ?? 0;
    // The cycle's links exist, as the file says.
    expect(await blockerNumbers('messy', number('A'))).toEqual([number('C')]);
    expect(await blockerNumbers('messy', number('B'))).toEqual([number('A')]);
    expect(await blockerNumbers('messy', number('C'))).toEqual([number('B')]);
    expect(await blockerNumbers('messy', number('M'))).toEqual([number('S1')]);
    expect(byId.get('M')?.labels).toEqual(['blocked-by:GHOST-7', 'drover', 'epic:web']);
    expect(byId.get('Z')?.labels).toEqual([`blocked-by:#${number('Z')}`, 'drover', 'epic:web', 'priority:3']);

    // A second import finds everything in place.
    sim.counters.reset();
    const again = await runDrover(['import-jsonl', backlogFile, '--repo', 'mona/messy'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      '0 issue(s) created, 9 already there, 0 sub-issue link(s) and 0 dependency link(s) added, 0 label(s) created',
    );
    const writes = Object.keys(sim.counters.snapshot().rest).filter((route) => !route.startsWith('GET '));
    expect(writes).toEqual([]);
  });

  test("the app's task model sees each problem on its issue; the other tasks stay runnable", async () => {
    const byId = await issuesByImportId('messy');
    const number = (id: string) => byId.get(id)?.number ?? 0;
    const result = await runDrover(['status', '--repo', 'mona/messy'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const rowOf = (id: string) =>
      result.stdout.split('\n').find((line) => line.startsWith(`#${number(id)} `)) ?? '';
    for (const id of ['A', 'B', 'C']) expect(rowOf(id)).toMatch(/waiting .*\(on a cycle with #\d+, #\d+\)$/);
    expect(rowOf('M')).toMatch(/waiting .*\(has a problem\)$/);
    expect(rowOf('Z')).toMatch(/waiting .*\(has a problem\)$/);
    expect(rowOf('S1')).toMatch(/ready/);
    expect(result.stdout).toContain(
      `problem: #${number('M')} has label "blocked-by:GHOST-7": write it as blocked-by:#12 (an issue number of this repository, after #).`,
    );
    expect(result.stdout).toContain(`problem: #${number('Z')} depends on itself`);
  });
});

describe('exporting a messy repository', () => {
  test('every dependency comes back, label ones too, and export → import → export is the identity', async () => {
    const byId = await issuesByImportId('messy');
    const number = (id: string) => byId.get(id)?.number ?? 0;
    // A person adds a dependency by label, as docs/labels.md allows.
    await octokit.rest.issues.addLabels({
      owner: 'mona',
      repo: 'messy',
      issue_number: number('OK'),
      labels: [`blocked-by:#${number('B')}`],
    });

    const first = await runDrover(['export', '--repo', 'mona/messy'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const records = first.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const record = (id: string) => records.find((entry) => entry.id === id);
    expect(record('A')?.blocked_by).toEqual(['C']);
    expect(record('C')?.blocked_by).toEqual(['B']);
    expect(record('M')?.blocked_by).toEqual(['S1', 'GHOST-7']);
    expect(record('Z')?.blocked_by).toEqual(['Z']);
    expect(record('OK')?.blocked_by).toEqual(['S1', 'B']);
    expect(record('S1b')).toMatchObject({ type: 'task', story_id: 'S1', blocked_by: ['S1a'] });
    expect(record('Z')?.priority).toBe(3);

    const exported = join(scratch, 'exported.jsonl');
    writeFileSync(exported, first.stdout);
    const imported = await runDrover(['import-jsonl', exported, '--repo', 'mona/copy'], env);
    expect(imported.code).toBe(0);
    const second = await runDrover(['export', '--repo', 'mona/copy'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  test('a link GitHub refuses is kept as a blocked-by label, with a warning', async () => {
    sim.createRepo('mona', 'refusing');
    const file = join(scratch, 'pair.jsonl');
    writeFileSync(
      file,
      [
        { id: 'P', type: 'task', title: 'first' },
        { id: 'Q', type: 'task', title: 'second', blocked_by: ['P'] },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    sim.faults.inject({ method: 'POST', path: /\/dependencies\/blocked_by$/, status: 422, times: 1 });
    const result = await runDrover(['import-jsonl', file, '--repo', 'mona/refusing'], env);
    sim.faults.clear();
    expect(result.code).toBe(0);
    const byId = await issuesByImportId('refusing');
    const [p, q] = [byId.get('P')?.number, byId.get('Q')?.number];
    expect(result.stderr).toBe(
      `warning: GitHub refused the link "#${q} blocked by #${p}" (Injected fault): recorded as the label blocked-by:#${p} instead\n`,
    );
    expect(byId.get('Q')?.labels).toContain(`blocked-by:#${p}`);
    const exported = await runDrover(['export', '--repo', 'mona/refusing'], env);
    expect(exported.stdout).toContain('"id":"Q","type":"task","title":"second","blocked_by":["P"]');
  });
});
