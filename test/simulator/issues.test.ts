import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';

describe('simulator: issues, labels, comments over REST', () => {
  let sim: Simulator;
  let app: Octokit;
  let alice: Octokit;
  const repo = { owner: 'alice', repo: 'demo' };

  beforeAll(async () => {
    sim = await startSimulator();
    const user = sim.createUser('alice');
    sim.createRepo('alice', 'demo');
    const installationId = sim.installApp('alice/demo');
    app = new Octokit({ baseUrl: sim.baseUrl, auth: await sim.installationToken(installationId) });
    alice = new Octokit({ baseUrl: sim.baseUrl, auth: user.token });
  });
  afterAll(async () => sim.close());

  it('creates an issue with labels and reads it back', async () => {
    const created = await alice.rest.issues.create({
      ...repo,
      title: 'Task A',
      body: 'do it',
      labels: ['drover'],
    });
    expect(created.status).toBe(201);
    expect(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['drover']);
    const got = await app.rest.issues.get({ ...repo, issue_number: created.data.number });
    expect(got.data).toMatchObject({ title: 'Task A', state: 'open', user: { login: 'alice' } });
  });

  it('filters by label and state and paginates with Link headers', async () => {
    for (let i = 0; i < 5; i++)
      await alice.rest.issues.create({ ...repo, title: `bulk ${i}`, labels: ['bulk'] });
    const page = await app.rest.issues.listForRepo({ ...repo, labels: 'bulk', per_page: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.headers.link).toContain('rel="next"');
    const all = await app.paginate(app.rest.issues.listForRepo, { ...repo, labels: 'bulk', per_page: 2 });
    expect(all).toHaveLength(5);
  });

  it('closes as not planned and edits with author tracking', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 'to close' });
    await app.rest.issues.update({ ...repo, issue_number: issue.number, body: 'edited by app' });
    const closed = await alice.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.data).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      body: 'edited by app',
    });
    expect(sim.state.issues.require('alice/demo', issue.number).lastEditedBy).toBe('drover-sim[bot]');
  });

  it('adds, sets and removes labels; creates and updates repo labels', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 'labels' });
    await app.rest.issues.createLabel({ ...repo, name: 'drover:running', color: 'fbca04' });
    await app.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['drover:running', 'x'] });
    await app.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'x' });
    const labels = await app.rest.issues.listLabelsOnIssue({ ...repo, issue_number: issue.number });
    expect(labels.data.map((l) => l.name)).toEqual(['drover:running']);
    await app.rest.issues.updateLabel({ ...repo, name: 'drover:running', color: '00ff00' });
    expect((await app.rest.issues.getLabel({ ...repo, name: 'drover:running' })).data.color).toBe('00ff00');
    await expect(
      app.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'nope' }),
    ).rejects.toMatchObject({ status: 404 });
    await app.rest.issues.deleteLabel({ ...repo, name: 'drover:running' });
    const after = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(after.data.labels).toEqual([]);
  });

  it('creates, edits and lists comments; app comments carry performed_via_github_app', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 'comments' });
    const { data: comment } = await app.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'status',
    });
    expect(comment.performed_via_github_app?.slug).toBe('drover-sim');
    await app.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: 'status v2' });
    const list = await alice.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(list.data.map((c) => c.body)).toEqual(['status v2']);
    expect(list.data[0]?.performed_via_github_app).toBeTruthy();
  });

  it('answers 401 for a bad token and 404 for a missing issue', async () => {
    const stranger = new Octokit({ baseUrl: sim.baseUrl, auth: 'ghp_nope' });
    await expect(stranger.rest.issues.get({ ...repo, issue_number: 1 })).rejects.toMatchObject({
      status: 401,
    });
    await expect(app.rest.issues.get({ ...repo, issue_number: 9999 })).rejects.toMatchObject({ status: 404 });
  });

  it('hides a private repository from a stranger (404) and counts requests', async () => {
    sim.createRepo('alice', 'secret', { private: true });
    const bob = sim.createUser('bob');
    const bobKit = new Octokit({ baseUrl: sim.baseUrl, auth: bob.token });
    await expect(bobKit.rest.repos.get({ owner: 'alice', repo: 'secret' })).rejects.toMatchObject({
      status: 404,
    });
    expect(sim.counters.snapshot().rest['GET /repos/{owner}/{repo}']).toBeGreaterThanOrEqual(1);
    expect(sim.counters.snapshot().byToken.bob).toBe(1);
  });
});
