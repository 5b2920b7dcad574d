import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

let sim: Simulator;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  sim.createRepo('mona', 'shop', { files: { '.github/drover.yml': 'workers: 3\n' } });
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  const imported = await runDrover(
    ['import-jsonl', 'examples/demo-backlog.jsonl', '--repo', 'mona/shop'],
    env,
  );
  if (imported.code !== 0) throw new Error(imported.stderr);
  // #1 (words) is done: #2, #3 and #9 become ready.
  const octokit = new Octokit({ auth: user.token, baseUrl: sim.baseUrl });
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

describe('drover plan --epic: the critical path and ETA of that epic only', () => {
  test('over every task, the longest chain crosses the epics', async () => {
    const result = await runDrover(['plan', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    // #10 runs its three sub-issues in its attempt: 4 units between #3 and #15.
    expect(result.stdout).toContain('Critical path: #3 → #10 → #15');
  });

  test('within an epic, the chain stays in it', async () => {
    const result = await runDrover(['plan', '--epic', 'text', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Critical path: #2 → #4');
    expect(result.stdout).toMatch(/ETA: .* from now/);
  });

  test('an epic whose every task waits on another epic has nothing that can run', async () => {
    const result = await runDrover(['plan', '--epic', 'cli', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Critical path: none (nothing left can run until a person acts).');
    expect(result.stdout).toContain('ETA: none, as nothing left can run until a person acts: #10, #14, #15');
  });

  test('an unknown epic is an error that names the known ones', async () => {
    const result = await runDrover(['plan', '--epic', 'nosuch', '--repo', 'mona/shop'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'drover: --epic "nosuch": mona/shop has no epic of that name (epics: cli, text)',
    );
  });
});
