import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { parseBacklog } from '../../cli/backlog/parse-backlog.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

const EXAMPLE = 'examples/demo-backlog.jsonl';

let sim: Simulator;
let env: Record<string, string>;
let octokit: Octokit;
let scratch: string;

beforeAll(async () => {
  sim = await startSimulator({});
  const user = sim.createUser('mona');
  sim.createRepo('mona', 'shop');
  sim.createRepo('mona', 'copy');
  env = { GITHUB_TOKEN: user.token, GITHUB_API_URL: sim.baseUrl };
  octokit = new Octokit({ auth: user.token, baseUrl: sim.baseUrl });
  scratch = mkdtempSync(join(tmpdir(), 'drover-cli-test-'));
});

afterAll(async () => {
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});

const writes = () =>
  Object.entries(sim.counters.snapshot().rest)
    .filter(([route]) => !route.startsWith('GET '))
    .reduce((sum, [, count]) => sum + Number(count), 0);

async function numberOf(repo: string, importId: string): Promise<number> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: 'mona',
    repo,
    state: 'all',
    per_page: 100,
  });
  const issue = issues.find((candidate) =>
    (candidate.body ?? '').includes(`<!-- drover:import-id ${importId} -->`),
  );
  if (!issue) throw new Error(`no issue for ${importId}`);
  return issue.number;
}

describe('drover import-jsonl', () => {
  test('a file with bad lines is refused whole: every line reported, nothing created', async () => {
    const bad = join(scratch, 'bad.jsonl');
    writeFileSync(
      bad,
      [
        '{"id":"a","type":"task","title":"fine"}',
        '{"id":"b","type":"task",',
        '{"id":"c","type":"chore","title":"x"}',
        '{"id":"d","type":"task","title":"x","priority":"asap"}',
        '{"id":"e","type":"task","title":"x","blocked_by":["zzz"]}',
        '{"id":"a","type":"task","title":"again"}',
      ].join('\n'),
    );
    sim.counters.reset();
    const result = await runDrover(['import-jsonl', bad, '--repo', 'mona/shop'], env);
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .map((line) => (line.startsWith(`${bad}:`) ? line.slice(bad.length + 1) : line)),
    ).toEqual([
      expect.stringMatching(/^2: not valid JSON/),
      '3: type must be one of epic, story, task',
      '4: priority must be an integer 1-10 or one of critical, high, normal, low',
      '5: warning: blocked_by "zzz" is not the id of any line: its issue gets the label "blocked-by:zzz", and Drover holds it until that label is fixed or removed',
      '6: id "a" is already used on line 1',
      `drover: ${bad}: 4 bad line(s); nothing was created`,
    ]);
    expect(writes()).toBe(0);
    const issues = await octokit.rest.issues.listForRepo({ owner: 'mona', repo: 'shop', state: 'all' });
    expect(issues.data).toHaveLength(0);
  });

  test('creates issues, labels, sub-issues in file order and native dependencies', async () => {
    const result = await runDrover(['import-jsonl', EXAMPLE, '--repo', 'mona/shop'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'mona/shop: 15 issue(s) created, 0 already there, 3 sub-issue link(s) and 8 dependency link(s) added',
    );

    const story = await numberOf('shop', 'S1');
    const children = await octokit.rest.issues.listSubIssues({
      owner: 'mona',
      repo: 'shop',
      issue_number: story,
    });
    expect(children.data.map((child) => child.title)).toEqual([
      'CLI: the command table',
      'CLI: the slug command',
      'CLI: a usage test for the command table',
    ]);
    const diamondBottom = await numberOf('shop', 'T4');
    const blockers = await octokit.rest.issues.listDependenciesBlockedBy({
      owner: 'mona',
      repo: 'shop',
      issue_number: diamondBottom,
    });
    expect(blockers.data.map((blocker) => blocker.title).sort()).toEqual([
      'Capitalise every word',
      'Make URL slugs',
    ]);

    const { data: t6 } = await octokit.rest.issues.get({
      owner: 'mona',
      repo: 'shop',
      issue_number: await numberOf('shop', 'T6'),
    });
    expect(t6.labels.map((label) => (typeof label === 'string' ? label : label.name)).sort()).toEqual([
      'drover',
      'epic:text',
      'priority:critical',
    ]);
    const { data: child } = await octokit.rest.issues.get({
      owner: 'mona',
      repo: 'shop',
      issue_number: await numberOf('shop', 'S1a'),
    });
    expect(child.labels.map((label) => (typeof label === 'string' ? label : label.name)).sort()).toEqual([
      'drover',
      'epic:cli',
    ]);
    const { data: epic } = await octokit.rest.issues.getLabel({
      owner: 'mona',
      repo: 'shop',
      name: 'epic:cli',
    });
    expect(epic.description).toBe('Command line and docs');
  });

  test('re-importing the same file creates nothing', async () => {
    sim.counters.reset();
    const result = await runDrover(['import-jsonl', EXAMPLE, '--repo', 'mona/shop'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '0 issue(s) created, 15 already there, 0 sub-issue link(s) and 0 dependency link(s) added, 0 label(s) created',
    );
    expect(writes()).toBe(0);
  });
});

describe('drover export', () => {
  test('export → import into an empty repository → export gives the same backlog', async () => {
    const first = await runDrover(['export', '--repo', 'mona/shop'], env);
    expect(first.code).toBe(0);
    const exported = join(scratch, 'exported.jsonl');
    writeFileSync(exported, first.stdout);

    const imported = await runDrover(['import-jsonl', exported, '--repo', 'mona/copy'], env);
    expect(imported.code).toBe(0);
    const second = await runDrover(['export', '--repo', 'mona/copy'], env);
    expect(second.stdout).toBe(first.stdout);

    const original = parseBacklog(readFileSync(EXAMPLE, 'utf8'));
    const again = parseBacklog(first.stdout);
    if (!original.ok || !again.ok) throw new Error('both must parse');
    const tasksOf = (backlog: typeof original.backlog) =>
      [...backlog.stories, ...backlog.tasks].map(({ item }) => ({
        ...item,
        // A task in a story inherits the story's epic; export writes only the story.
        epic_id: item.type === 'task' && item.story_id ? undefined : item.epic_id,
      }));
    expect(tasksOf(again.backlog)).toEqual(tasksOf(original.backlog));
    expect(again.backlog.epics.map(({ item }) => [item.id, item.title])).toEqual([
      ['cli', 'Command line and docs'],
      ['text', 'Text helpers'],
    ]);
  });

  test('--format json gives the same records as an array, and a closed task says so', async () => {
    const t8 = await numberOf('shop', 'T8');
    await octokit.rest.issues.update({
      owner: 'mona',
      repo: 'shop',
      issue_number: t8,
      state: 'closed',
      state_reason: 'completed',
    });
    const result = await runDrover(['export', '--format', 'json', '--repo', 'mona/shop'], env);
    const records = JSON.parse(result.stdout) as Array<{ id: string; state?: string }>;
    expect(records).toHaveLength(17);
    expect(records.filter((record) => record.state === 'closed').map((record) => record.id)).toEqual(['T8']);
  });

  test('an unknown format is one clear line and a non-zero exit', async () => {
    const result = await runDrover(['export', '--format', 'xml', '--repo', 'mona/shop'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      "drover: option '--format <format>' argument 'xml' is invalid. Allowed choices are jsonl, json. (add --help for usage)\n",
    );
  });
});
