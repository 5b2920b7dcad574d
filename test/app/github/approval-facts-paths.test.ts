/**
 * Approval facts reach the controller two ways: with the issue read (a task without open
 * sub-issues) and by the batched approval read (the rest). Against the simulator (GitHub's
 * schema, its cost and node limits), both give the same facts for the same task, and the issue
 * read holds back a task whose open sub-issues it cannot vouch for.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { approvalsGateway } from '../../../app/github/approvals-gateway.js';
import { issuesGateway } from '../../../app/github/issues-gateway.js';
import { emptyStats } from '../../../app/github/request-policy.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

const owner = 'alice';
const name = 'tasks';
const repo = `${owner}/${name}`;

describe('approval facts: with the issue read and by themselves', () => {
  let sim: Simulator;
  let app: Octokit;
  const tasks: Record<string, number> = {};

  beforeAll(async () => {
    sim = await startSimulator();
    const alice = sim.createUser(owner);
    sim.createRepo(owner, name, { files: { 'README.md': '# tasks\n' } });
    const rex = sim.createUser('rex');
    sim.setPermission(repo, 'rex', 'write');
    app = new Octokit({ baseUrl: sim.baseUrl, auth: await sim.installationToken(sim.installApp(repo)) });
    const as = (token: string) => new Octokit({ baseUrl: sim.baseUrl, auth: token });
    const people = { alice: as(alice.token), rex: as(rex.token) };
    const create = async (title: string, labels: string[]) =>
      (await people.alice.rest.issues.create({ owner, repo: name, title, body: `${title} body`, labels }))
        .data;

    const plain = await create('plain', ['drover']);
    await people.rex.rest.issues.update({
      owner,
      repo: name,
      issue_number: plain.number,
      body: 'edited by rex',
    });
    await people.rex.rest.issues.addLabels({
      owner,
      repo: name,
      issue_number: plain.number,
      labels: ['epic:x'],
    });
    tasks.plain = plain.number;

    const withClosed = await create('with a closed sub-issue', ['drover']);
    const closed = await create('closed child', []);
    await people.alice.rest.issues.addSubIssue({
      owner,
      repo: name,
      issue_number: withClosed.number,
      sub_issue_id: closed.id,
    });
    await people.alice.rest.issues.update({
      owner,
      repo: name,
      issue_number: closed.number,
      state: 'closed',
    });
    tasks.withClosed = withClosed.number;

    const withOpen = await create('with an open sub-issue', ['drover']);
    const open = await create('open child', []);
    await people.rex.rest.issues.addSubIssue({
      owner,
      repo: name,
      issue_number: withOpen.number,
      sub_issue_id: open.id,
    });
    await people.rex.rest.issues.update({
      owner,
      repo: name,
      issue_number: open.number,
      title: 'renamed child',
    });
    tasks.withOpen = withOpen.number;
  });

  afterAll(async () => {
    await sim.close();
  });

  it('gives the same facts both ways, and none with the read for a task with open sub-issues', async () => {
    const identity = { appId: sim.app.id, botLogin: null };
    const issues = issuesGateway(app, { owner, name, repo }, emptyStats(), identity);
    const approvals = approvalsGateway(app, { owner, name }, emptyStats(), identity);

    const snapshot = await issues.loadTasks('drover', null);
    const named = await issues.loadNamedIssues([tasks.plain as number, tasks.withOpen as number]);
    const direct = await approvals.approvalFacts(
      snapshot.issues.map((issue) => ({ task: issue.number, subIssues: issue.subIssues.length })),
    );

    expect(direct.errors).toEqual([]);
    expect([...(snapshot.approvalFacts?.keys() ?? [])].sort()).toEqual(
      [tasks.plain, tasks.withClosed].sort(),
    );
    expect([...(named.approvalFacts?.keys() ?? [])]).toEqual([tasks.plain]);
    for (const task of [tasks.plain, tasks.withClosed] as number[]) {
      expect(snapshot.approvalFacts?.get(task)).toEqual(direct.facts.get(task));
      expect(direct.facts.get(task)?.truncated).toBe(false);
    }
    expect(named.approvalFacts?.get(tasks.plain as number)).toEqual(direct.facts.get(tasks.plain as number));
    const plain = direct.facts.get(tasks.plain as number);
    expect(plain?.text).toEqual([{ number: tasks.plain, title: 'plain', body: 'edited by rex' }]);
    expect(plain?.events.map((event) => [event.kind, event.actor, event.label ?? null])).toEqual(
      expect.arrayContaining([
        ['labeled', owner, 'drover'],
        ['labeled', 'rex', 'epic:x'],
        ['edited', 'rex', null],
      ]),
    );
    // The open sub-issue's text and its rename are in the facts read by themselves.
    const withOpen = direct.facts.get(tasks.withOpen as number);
    expect(withOpen?.text.map((item) => item.title)).toEqual(['with an open sub-issue', 'renamed child']);
    expect(withOpen?.events.map((event) => [event.kind, event.actor])).toEqual(
      expect.arrayContaining([
        ['sub-issue-added', 'rex'],
        ['renamed', 'rex'],
      ]),
    );
  });

  it('costs the issue read one point more per page, and a batch of tasks without sub-issues about a point', async () => {
    const stats = emptyStats();
    const identity = { appId: sim.app.id, botLogin: null };
    await issuesGateway(app, { owner, name, repo }, stats, identity).loadTasks('drover', null);
    // 1 + 50 × (labels, sub-issues, blocked-by, closing PRs, edits, events) + 50 × 10 PR commits = 801.
    expect(stats.graphqlPoints).toBe(8);
    const batch = emptyStats();
    const requests = Array.from({ length: 100 }, (_, index) => ({ task: index + 1, subIssues: 0 }));
    await approvalsGateway(app, { owner, name }, batch, identity).approvalFacts(requests);
    // 100 × (edits, events, a sub-issue page of 1, its edits and renames) = 500 requests.
    expect(batch.graphqlPoints).toBe(5);
  });

  it('reads changed issues with a small first page (billed by its size), then full pages', async () => {
    const identity = { appId: sim.app.id, botLogin: null };
    const since = '2000-01-01T00:00:00Z';
    const light = emptyStats();
    const few = await issuesGateway(app, { owner, name, repo }, light, identity).loadTasks('drover', since);
    // Five issues: one page of 10, 1 + 10 × 16 = 161 requests (16 per issue: six connections
    // and ten closing PRs' head commits).
    expect(few.issues).toHaveLength(5);
    expect(light.graphqlPoints).toBe(2);
    for (let index = 0; index < 6; index++)
      await app.rest.issues.create({ owner, repo: name, title: `more ${index}`, labels: ['drover'] });
    const heavy = emptyStats();
    const many = await issuesGateway(app, { owner, name, repo }, heavy, identity).loadTasks('drover', since);
    expect(many.issues).toHaveLength(11);
    // The first page of 10, then one of 50 (801 requests).
    expect(heavy.graphqlPoints).toBe(2 + 8);
  });
});
