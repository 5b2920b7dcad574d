import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

describe('simulator: required checks, auto-merge and Projects v2', () => {
  let sim: Simulator;
  let app: Octokit;
  const repo = { owner: 'acme', repo: 'svc' };
  const actor = { login: 'drover-sim[bot]', viaApp: true };

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    sim.createRepo('acme', 'svc', { requiredChecks: ['ci'] });
    app = octokitFor(sim, await sim.installationToken(sim.installApp('acme')));
  });
  afterAll(async () => sim.close());

  it('blocks a merge until required checks pass', async () => {
    const sha = await writeBranch(app, repo, 'checked', { 'a.txt': 'a\n' });
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'checked',
      head: 'checked',
      base: 'main',
    });
    await sim.mergeabilitySettled();
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe(
      'blocked',
    );
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Required status check "ci" is expected.' } },
    });
    await app.rest.repos.createCommitStatus({ ...repo, sha, state: 'success', context: 'ci' });
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe(
      'clean',
    );
    expect((await app.rest.pulls.merge({ ...repo, pull_number: pr.number })).data.merged).toBe(true);
  });

  it('auto-merges once the checks pass, and refuses auto-merge on a clean PR', async () => {
    const sha = await writeBranch(app, repo, 'auto', { 'b.txt': 'b\n' });
    const { data: pr } = await app.rest.pulls.create({ ...repo, title: 'auto', head: 'auto', base: 'main' });
    sim.state.pulls.enableAutoMerge('acme/svc', pr.number, actor, 'squash');
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.auto_merge).toMatchObject({
      merge_method: 'squash',
    });
    await app.rest.repos.createCommitStatus({ ...repo, sha, state: 'success', context: 'ci' });
    const { data: merged } = await app.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(merged).toMatchObject({ merged: true, state: 'closed', merged_by: { login: 'drover-sim[bot]' } });
    await sim.webhooks.settled();
    const actions = sim.webhooks.deliveries
      .filter((d) => d.event === 'pull_request' && d.payload.number === pr.number)
      .map((d) => d.action);
    expect(actions).toEqual(['opened', 'auto_merge_enabled', 'closed']);

    const sha2 = await writeBranch(app, repo, 'clean', { 'c.txt': 'c\n' });
    await app.rest.repos.createCommitStatus({ ...repo, sha: sha2, state: 'success', context: 'ci' });
    const { data: clean } = await app.rest.pulls.create({
      ...repo,
      title: 'clean',
      head: 'clean',
      base: 'main',
    });
    await sim.mergeabilitySettled();
    expect(() => sim.state.pulls.enableAutoMerge('acme/svc', clean.number, actor)).toThrow(/clean status/);
  });

  it('adds an issue to an organization project and sets its Status', async () => {
    const project = sim.state.projects.create('acme', { title: 'Drover' });
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'tracked' });
    const item = sim.state.projects.addItem(project.nodeId, issue.node_id, actor.login);
    expect(sim.state.projects.addItem(project.nodeId, issue.node_id, actor.login)).toBe(item);
    const status = project.fields.find((f) => f.name === 'Status');
    const done = status?.options.find((o) => o.name === 'Done');
    sim.state.projects.updateItemField(
      project.nodeId,
      item.nodeId,
      status?.nodeId ?? '',
      { singleSelectOptionId: done?.id ?? '' },
      actor.login,
    );
    expect(sim.state.projects.optionName(project, item, 'Status')).toBe('Done');
    expect(() =>
      sim.state.projects.updateItemField(
        project.nodeId,
        item.nodeId,
        status?.nodeId ?? '',
        { singleSelectOptionId: 'nope' },
        actor.login,
      ),
    ).toThrow(/does not belong/);
    await sim.webhooks.settled();
    const itemEvents = sim.webhooks.deliveries
      .filter((d) => d.event === 'projects_v2_item')
      .map((d) => d.action);
    expect(itemEvents).toEqual(['created', 'edited']);
  });
});
