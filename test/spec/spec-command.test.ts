/**
 * `/drover spec PATH` on the simulator, end to end: a trusted person's comment records the
 * request, the planner dispatches a spec attempt (the real, bundled action in `spec` mode, with
 * the `command` agent standing in for a model), the action reads the documents from the default
 * branch and uploads the backlog, and the app, the only writer, imports it and answers with the
 * tree and the plan. A backlog the agent cannot get right is answered with its problems, and
 * nothing is created.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseControlRecord } from '../../core/control-record.js';
import { DroverWorld, FAST_CONFIG, waitFor, type TestRepo } from '../app/integration/drover-world.js';
import { writeSpecAgents, type SpecAgents } from './spec-agents.js';

const DOCS = {
  'docs/design/parser.md': '# Parser\n\nA parser for the shop language.\n',
  'docs/design/cli.md': '# Command line\n\nA `shop` command.\n',
};

function configWith(agentCommand: string): string {
  return `${FAST_CONFIG}agent:\n  name: command\n  command: ${JSON.stringify(agentCommand)}\n`;
}

async function controlRecord(repo: TestRepo) {
  const { data: ref } = await repo.octokit.rest.git.getRef({
    owner: repo.owner,
    repo: repo.name,
    ref: 'drover/state',
  });
  const { data: commit } = await repo.octokit.rest.git.getCommit({
    owner: repo.owner,
    repo: repo.name,
    commit_sha: ref.object.sha,
  });
  return parseControlRecord(commit.message).record;
}

function reply(repo: TestRepo, issue: number, key: string): string | undefined {
  return repo.comments(issue).find((comment) => comment.body.includes(`<!-- drover:${key} -->`))?.body;
}

describe('/drover spec, answered by the app', () => {
  let world: DroverWorld;
  let scratch: string;
  let agents: SpecAgents;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'drover-spec-app-'));
    agents = writeSpecAgents(scratch);
    world = await DroverWorld.start({ realAction: true });
  });

  afterAll(async () => {
    await world?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('imports the backlog the agent wrote from the documents on the default branch, and replies with the tree and the plan', async () => {
    const repo = world.createRepo(configWith(agents.valid), DOCS);
    const plan = await repo.createIssue('Plan the shop', []);
    const command = await repo.comment(plan, '/drover spec docs/design');
    const key = `spec-${command}`;
    await waitFor(
      'the spec answered',
      () => reply(repo, plan, key) !== undefined,
      60_000,
      () => repo.describe([plan]),
    );
    await world.quiesce();

    // The attempt ran as a spec, in slot 0, on the default branch.
    const runs = repo.runs();
    expect(runs.map((run) => run.displayTitle)).toEqual([
      `drover #${plan} attempt ${command} · spec · slot 0`,
    ]);
    expect(runs[0]!.inputs).toMatchObject({ mode: 'spec', spec: 'docs/design', slot: '0' });
    // The agent was given both documents, as data.
    const prompt = readFileSync(join(agents.promptsDir, 'valid-1.md'), 'utf8');
    expect(prompt).toContain('docs/design/cli.md');
    expect(prompt).toContain('A parser for the shop language.');

    // The app imported it: five issues, labelled, with the story's tasks as its sub-issues.
    const issues = world.sim.state.issues
      .list(repo.fullName, { state: 'all' })
      .filter((issue) => issue.number !== plan);
    const byTitle = new Map(issues.map((issue) => [issue.title, issue]));
    expect([...byTitle.keys()].sort()).toEqual(
      [
        'A parser',
        'Build the tree',
        'Document the parser',
        'Set up the project',
        'Tokenize the input',
      ].sort(),
    );
    expect(byTitle.get('Set up the project')!.labels.sort()).toEqual([
      'drover',
      'epic:core',
      'priority:critical',
    ]);
    const story = byTitle.get('A parser')!;
    const { data: children } = await repo.octokit.request(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
      {
        owner: repo.owner,
        repo: repo.name,
        issue_number: story.number,
      },
    );
    expect((children as Array<{ title: string }>).map((child) => child.title)).toEqual([
      'Tokenize the input',
      'Build the tree',
    ]);

    const text = reply(repo, plan, key)!;
    expect(text).toContain(
      `@${repo.owner} the backlog from \`docs/design\` is imported (agent command, < 1 min): 5 issue(s) created, 0 already there`,
    );
    expect(text).toMatch(new RegExp(`├─ #${story.number} waiting +A parser`));
    const number = (title: string) => byTitle.get(title)!.number;
    expect(text).toContain(
      `Critical path: #${number('Set up the project')} → #${story.number} → #${number('Document the parser')}`,
    );
    expect(text).toContain('ETA');
    expect(text).toContain('`/drover run` (or `/drover run <epic>`) works them.');
    // The request is closed and its claim dropped.
    expect((await controlRecord(repo)).specs ?? {}).toEqual({});
    expect(world.sim.state.git.getRef(repo.fullName, `refs/drover/spec/${command}`)).toBeUndefined();
  }, 90_000);

  it('answers with the problems when the backlog is still bad after the agent was asked again, and creates nothing', async () => {
    const repo = world.createRepo(configWith(agents.invalid), DOCS);
    const plan = await repo.createIssue('Plan the shop', []);
    const command = await repo.comment(plan, '/drover spec docs/design/parser.md');
    const key = `spec-${command}`;
    await waitFor(
      'the spec answered',
      () => reply(repo, plan, key) !== undefined,
      60_000,
      () => repo.describe([plan]),
    );
    await world.quiesce();
    const text = reply(repo, plan, key)!;
    expect(text).toContain(
      'gave no backlog Drover could import (agent command, < 1 min): the backlog still had 2 problem(s) after the agent was asked again',
    );
    expect(text).toContain('.drover/backlog.jsonl:2: story_id "NOPE" is not the id of a story line');
    expect(text).toContain('Nothing was created.');
    expect(world.sim.state.issues.list(repo.fullName, { state: 'all' }).map((issue) => issue.number)).toEqual(
      [plan],
    );
    expect((await controlRecord(repo)).specs ?? {}).toEqual({});
  }, 90_000);

  it('refuses a backlog that carries a token, before it leaves the job', async () => {
    const repo = world.createRepo(configWith(agents.leaky), DOCS);
    const plan = await repo.createIssue('Plan the shop', []);
    const command = await repo.comment(plan, '/drover spec docs');
    const key = `spec-${command}`;
    await waitFor(
      'the spec answered',
      () => reply(repo, plan, key) !== undefined,
      60_000,
      () => repo.describe([plan]),
    );
    await world.quiesce();
    const text = reply(repo, plan, key)!;
    expect(text).toContain('the agent wrote a secret (a key or token) into the backlog');
    expect(text).not.toContain('ghp_');
    expect(world.sim.state.issues.list(repo.fullName, { state: 'all' }).map((issue) => issue.number)).toEqual(
      [plan],
    );
  }, 90_000);

  it('refuses paths that leave the repository, without starting anything', async () => {
    const repo = world.createRepo(configWith(agents.valid), DOCS);
    const plan = await repo.createIssue('Plan the shop', []);
    await repo.comment(plan, '/drover spec ../secrets docs');
    await waitFor('the refusal', () => repo.comments(plan).length > 1, 20_000);
    await world.quiesce();
    expect(repo.comments(plan).at(-1)!.body).toContain('"../secrets" leaves the repository');
    expect(repo.runs()).toEqual([]);
  }, 30_000);
});

describe('/drover spec with a run active', () => {
  // A world of its own: the run goes on (its tasks fail, are retried) after the test has seen what it needs.
  let world: DroverWorld;
  let scratch: string;
  let agents: SpecAgents;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'drover-spec-run-'));
    agents = writeSpecAgents(scratch);
    world = await DroverWorld.start({ realAction: true });
  });

  afterAll(async () => {
    await world?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has an active run over all tasks start on the imported tasks in the pass that imports them', async () => {
    // One attempt each: the tasks' agent only keeps them busy, then fails.
    const repo = world.createRepo(
      configWith(agents.validOrBusy).replace('max_attempts: 3', 'max_attempts: 1'),
      DOCS,
    );
    const plan = await repo.createIssue('Plan the shop', []);
    // A task at work keeps the run open (a run with nothing left to do ends at once).
    const busy = await repo.createIssue('Keep the run busy');
    await repo.comment(plan, '/drover run');
    await waitFor('the busy task running', () => repo.runsOf(busy).length > 0, 20_000);
    const command = await repo.comment(plan, '/drover spec docs/design');
    await waitFor('the spec answered', () => reply(repo, plan, `spec-${command}`) !== undefined, 60_000);
    const first = world.sim.state.issues
      .list(repo.fullName, { state: 'all' })
      .find((issue) => issue.title === 'Set up the project')!.number;
    await waitFor(
      'the first ready task dispatched',
      () => repo.runsOf(first).length > 0,
      20_000,
      () => repo.describe([first]),
    );
    expect(reply(repo, plan, `spec-${command}`)).toContain(
      'The tasks are labelled `drover`: the active run works them.',
    );
  }, 90_000);
});
