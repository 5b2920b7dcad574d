import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

describe('simulator: sub-issues and dependencies', () => {
  let sim: Simulator;
  let app: Octokit;
  const repo = { owner: 'alice', repo: 'graph' };
  const newIssue = async (title: string) => (await app.rest.issues.create({ ...repo, title })).data;

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('alice');
    sim.createRepo('alice', 'graph');
    app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/graph')));
  });
  afterAll(async () => sim.close());

  it('keeps sub-issues in order, reprioritizes them and reports the parent and summary', async () => {
    const parent = await newIssue('epic');
    const [a, b, c] = [await newIssue('a'), await newIssue('b'), await newIssue('c')];
    for (const child of [a, b, c])
      await app.rest.issues.addSubIssue({ ...repo, issue_number: parent.number, sub_issue_id: child.id });
    await app.rest.issues.reprioritizeSubIssue({
      ...repo,
      issue_number: parent.number,
      sub_issue_id: c.id,
      after_id: a.id,
    });
    const { data: list } = await app.rest.issues.listSubIssues({ ...repo, issue_number: parent.number });
    expect(list.map((i) => i.title)).toEqual(['a', 'c', 'b']);
    expect((await app.rest.issues.getParent({ ...repo, issue_number: b.number })).data.number).toBe(
      parent.number,
    );

    await app.rest.issues.update({ ...repo, issue_number: a.number, state: 'closed' });
    const { data: fresh } = await app.rest.issues.get({ ...repo, issue_number: parent.number });
    expect(fresh.sub_issues_summary).toEqual({ total: 3, completed: 1, percent_completed: 33 });
  });

  it('refuses a second parent without replace_parent, and cycles', async () => {
    const [p1, p2, child] = [await newIssue('p1'), await newIssue('p2'), await newIssue('child')];
    await app.rest.issues.addSubIssue({ ...repo, issue_number: p1.number, sub_issue_id: child.id });
    await expect(
      app.rest.issues.addSubIssue({ ...repo, issue_number: p2.number, sub_issue_id: child.id }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      app.rest.issues.addSubIssue({ ...repo, issue_number: child.number, sub_issue_id: p1.id }),
    ).rejects.toMatchObject({ status: 422 });
    await app.rest.issues.addSubIssue({
      ...repo,
      issue_number: p2.number,
      sub_issue_id: child.id,
      replace_parent: true,
    });
    expect((await app.rest.issues.getParent({ ...repo, issue_number: child.number })).data.number).toBe(
      p2.number,
    );
    await app.rest.issues.removeSubIssue({ ...repo, issue_number: p2.number, sub_issue_id: child.id });
    await expect(app.rest.issues.getParent({ ...repo, issue_number: child.number })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('links blocked-by dependencies both ways, with summaries', async () => {
    const [blocker, blocked] = [await newIssue('blocker'), await newIssue('blocked')];
    await app.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: blocked.number,
      issue_id: blocker.id,
    });
    await expect(
      app.rest.issues.addBlockedByDependency({ ...repo, issue_number: blocked.number, issue_id: blocker.id }),
    ).rejects.toMatchObject({ status: 422 });
    const { data: blocking } = await app.rest.issues.listDependenciesBlocking({
      ...repo,
      issue_number: blocker.number,
    });
    expect(blocking.map((i) => i.number)).toEqual([blocked.number]);
    const { data: summary } = await app.rest.issues.get({ ...repo, issue_number: blocked.number });
    expect(summary.issue_dependencies_summary).toEqual({
      blocked_by: 1,
      blocking: 0,
      total_blocked_by: 1,
      total_blocking: 0,
    });
    await app.rest.issues.removeDependencyBlockedBy({
      ...repo,
      issue_number: blocked.number,
      issue_id: blocker.id,
    });
    expect(
      (await app.rest.issues.listDependenciesBlockedBy({ ...repo, issue_number: blocked.number })).data,
    ).toEqual([]);
  });
});
