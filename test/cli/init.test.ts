import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { parseConfig } from '../../core/config.js';
import { INIT_LABELS } from '../../cli/labels.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

let sim: Simulator;
let env: Record<string, string>;
let checkout: string;

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  sim.createRepo('mona', 'app');
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  checkout = mkdtempSync(join(tmpdir(), 'drover-init-test-'));
});

afterAll(async () => {
  await sim.close();
  rmSync(checkout, { recursive: true, force: true });
});

describe('drover init', () => {
  test('writes a valid config and the workflow, and creates the labels', async () => {
    const result = await runDrover(['init', '--repo', 'mona/app', '--dir', checkout], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('.github/drover.yml: created');
    expect(result.stdout).toContain('.github/workflows/drover.yml: created');
    expect(result.stdout).toContain(`mona/app: ${INIT_LABELS.length} label(s) created, 0 already there`);

    const config = parseConfig(readFileSync(join(checkout, '.github/drover.yml'), 'utf8'));
    expect(config.ok).toBe(true);
    expect(readFileSync(join(checkout, '.github/workflows/drover.yml'), 'utf8')).toBe(
      readFileSync('.github/workflows/drover.yml', 'utf8'),
    );

    const octokit = new Octokit({ auth: env.GITHUB_TOKEN, baseUrl: sim.baseUrl });
    const labels = await octokit.rest.issues.listLabelsForRepo({ owner: 'mona', repo: 'app', per_page: 100 });
    expect(labels.data.map((label) => [label.name, label.color]).sort()).toEqual(
      INIT_LABELS.map((label) => [label.name, label.color]).sort(),
    );
  });

  test('is idempotent, and keeps a config people edited unless --force', async () => {
    const configPath = join(checkout, '.github/drover.yml');
    writeFileSync(configPath, 'workers: 8\n');
    sim.counters.reset();
    const again = await runDrover(['init', '--repo', 'mona/app', '--dir', checkout], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('.github/drover.yml: kept');
    expect(again.stdout).toContain('.github/workflows/drover.yml: unchanged');
    expect(again.stdout).toContain(`0 label(s) created, ${INIT_LABELS.length} already there`);
    expect(Object.keys(sim.counters.snapshot().rest).filter((route) => !route.startsWith('GET '))).toEqual(
      [],
    );
    expect(readFileSync(configPath, 'utf8')).toBe('workers: 8\n');

    const forced = await runDrover(['init', '--repo', 'mona/app', '--dir', checkout, '--force'], env);
    expect(forced.stdout).toContain('.github/drover.yml: overwritten');
    expect(readFileSync(configPath, 'utf8')).not.toBe('workers: 8\n');
  });

  test('--controller actions also writes the controller workflow; an unknown --controller is refused', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'drover-init-actions-'));
    try {
      const result = await runDrover(
        ['init', '--repo', 'mona/app', '--dir', fresh, '--controller', 'actions'],
        env,
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('.github/workflows/drover.yml: created');
      expect(result.stdout).toContain('.github/workflows/drover-controller.yml: created');
      expect(result.stderr).toContain('DROVER_APP_ID');
      expect(readFileSync(join(fresh, '.github/workflows/drover-controller.yml'), 'utf8')).toBe(
        readFileSync('controller/drover-controller.yml', 'utf8'),
      );
      const bad = await runDrover(
        ['init', '--repo', 'mona/app', '--dir', fresh, '--controller', 'lambda'],
        env,
      );
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("'lambda' is invalid");
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  test('without a token it says how to get one, in one line, and exits non-zero', async () => {
    const result = await runDrover(['init', '--repo', 'mona/app', '--dir', checkout], {
      PATH: '/nonexistent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'drover: no GitHub token: pass --token, set GITHUB_TOKEN (or GH_TOKEN), or log in with `gh auth login`\n',
    );
  });
});
