import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

let sim: Simulator;
let env: Record<string, string>;
let octokit: Octokit;

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  sim.createRepo('mona', 'shop', { files: { '.github/drover.yml': 'workers: 3\n' } });
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  octokit = new Octokit({ auth: user.token, baseUrl: sim.baseUrl });
  const imported = await runDrover(
    ['import-jsonl', 'examples/demo-backlog.jsonl', '--repo', 'mona/shop'],
    env,
  );
  if (imported.code !== 0) throw new Error(imported.stderr);
  // #1 (words) is done: its dependents #2, #3 and #9 become ready.
  await octokit.rest.issues.update({
    owner: 'mona',
    repo: 'shop',
    issue_number: 1,
    state: 'closed',
    state_reason: 'completed',
  });
});

afterAll(async () => {
  await sim.close();
});

describe('drover plan', () => {
  test('lists the ready tasks in start order, what starts now, what waits, the critical path and an ETA', async () => {
    const result = await runDrover(['plan', '--workers', '2', '--repo', 'mona/shop'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'Plan for mona/shop, all tasks, 2 workers (preview: as a /drover run would start it)',
    );
    const ready = lines.filter((line) => /^\s+\d+\. #/.test(line)).map((line) => line.trim());
    // Critical first (#6, #7), then the high-priority story whose blocker #3 is still open is not ready…
    expect(ready[0]).toMatch(
      /^1\. #6 Count characters, exported from the entry \(priority 10\)\s+← starts now$/,
    );
    expect(ready[1]).toMatch(
      /^2\. #7 Reverse a text, exported from the entry \(priority 10\)\s+← starts now$/,
    );
    expect(ready.filter((line) => line.includes('starts now'))).toHaveLength(2);
    expect(ready.map((line) => /#(\d+)/.exec(line)?.[1]).sort()).toEqual(['2', '3', '5', '6', '7', '8', '9']);
    expect(result.stdout).toContain('#4 Headlines: title and slug together: after #2, #3');
    expect(result.stdout).toMatch(/Critical path: #\d+( → #\d+){2}/);
    expect(result.stdout).toMatch(/ETA: .*list-scheduling the remaining tasks on 2 workers/);
  });

  test('--epic narrows the plan to one epic', async () => {
    const result = await runDrover(['plan', '--epic', 'epic:cli', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'Plan for mona/shop, epic cli, 3 workers (preview: as a /drover run would start it)',
    );
    expect(result.stdout).not.toContain('#6 Count characters');
    expect(result.stdout).toContain('#10 A textkit command line: after #3 (outside the run)');
  });

  test('an unknown --epic is an error, for plan and status alike', async () => {
    for (const command of ['plan', 'status']) {
      const result = await runDrover([command, '--epic', 'nosuch', '--repo', 'mona/shop'], env);
      expect([command, result.code, result.stdout]).toEqual([command, 1, '']);
      expect(result.stderr).toBe(
        'drover: --epic "nosuch": mona/shop has no epic of that name (epics: cli, text)\n',
      );
    }
  });

  test('--workers out of range is a clear usage error', async () => {
    const result = await runDrover(['plan', '--workers', '0', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--workers must be a whole number from 1 to 64');
  });
});

describe('drover status', () => {
  test('counts tasks by state and says no run is active', async () => {
    const result = await runDrover(['status', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    const [header, run] = result.stdout.split('\n');
    expect(header).toBe('mona/shop: 15 task(s): 1 done, 7 ready, 7 waiting');
    expect(run).toBe('No run is active (a /drover run over all tasks would use 3 workers).');
    expect(result.stdout).toContain('#1 done        Split a text into words');
    expect(result.stdout).toContain('#4 waiting     Headlines: title and slug together  (waits for #2, #3)');
  });

  test('--tree groups by epic and nests sub-issues under their parent', async () => {
    const result = await runDrover(['status', '--tree', '--epic', 'cli', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').slice(2)).toEqual([
      '',
      'epic:cli',
      '├─ #10 waiting     A textkit command line  (waits for #3, outside the run)',
      '│  ├─ #11 waiting     CLI: the command table',
      '│  ├─ #12 waiting     CLI: the slug command',
      '│  └─ #13 waiting     CLI: a usage test for the command table',
      '├─ #14 waiting     Document headlines in the README  (waits for #4, outside the run)',
      '└─ #15 waiting     Start a changelog  (waits for #10)',
      '',
      `Issues: ${sim.serverUrl}/mona/shop/issues?q=label%3Adrover`,
    ]);
  });

  test('an invalid config on the default branch is reported, not guessed around', async () => {
    sim.createRepo('mona', 'broken', { files: { '.github/drover.yml': 'merge: { mode: fast }\n' } });
    const result = await runDrover(['status', '--repo', 'mona/broken'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('merge.mode');
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'drover: .github/drover.yml on the default branch is invalid; fix it first',
    );
  });
});

describe('drover status and approval (issue #10)', () => {
  test('a task labelled by someone below the trust level shows as awaiting approval, and plan never starts it', async () => {
    sim.createRepo('mona', 'guarded', { files: { '.github/drover.yml': 'workers: 2\n' } });
    const triage = sim.createUser('tia');
    sim.setPermission('mona/guarded', 'tia', 'triage');
    const asTriage = new Octokit({ auth: triage.token, baseUrl: sim.baseUrl });
    const { data: issue } = await asTriage.rest.issues.create({
      owner: 'mona',
      repo: 'guarded',
      title: 'Sneaky task',
    });
    await asTriage.rest.issues.addLabels({
      owner: 'mona',
      repo: 'guarded',
      issue_number: issue.number,
      labels: ['drover'],
    });
    const trusted = await octokit.rest.issues.create({
      owner: 'mona',
      repo: 'guarded',
      title: 'Approved task',
      labels: ['drover'],
    });

    const status = await runDrover(['status', '--repo', 'mona/guarded'], env);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(
      new RegExp(`#${issue.number} waiting +Sneaky task +\\(awaiting approval\\)`),
    );
    expect(status.stdout).toContain(`#${trusted.data.number} ready`);
    const plan = await runDrover(['plan', '--repo', 'mona/guarded'], env);
    expect(plan.stdout).toContain(`#${issue.number} Sneaky task: never: awaiting approval`);
  });
});
