import { beforeEach, describe, expect, it } from '@jest/globals';
import type { DroverConfig } from '../../../core/config.js';
import type { ProjectStatusField } from '../../../core/gateway.js';
import { syncProject, type ProjectSyncState } from '../../../app/projects/sync-project.js';
import { aConfig, anIssue, aPlan, aSnapshot, aTask } from '../fakes/drover-fixtures.js';
import { InMemoryGateway } from '../fakes/in-memory-gateway.js';

const statuses = {
  todo: 'Todo',
  ready: 'Ready',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
  blocked: 'Blocked',
  failed: 'Failed',
};
const project = { owner: 'octo-org', number: 3, field: 'Status', statuses };
const field: ProjectStatusField = {
  projectId: 'PVT_1',
  fieldId: 'PVTSSF_1',
  options: Object.fromEntries(Object.values(statuses).map((name, index) => [name, `opt${index}`])),
};
const tasks = [
  aTask(1, { status: 'done' }),
  aTask(2, { status: 'running' }),
  aTask(3, { status: 'review' }),
  aTask(4, { status: 'blocked' }),
  aTask(5, { status: 'failed' }),
  aTask(6),
  aTask(7),
  aTask(8, { status: 'not_planned' }),
];
const snapshot = aSnapshot({ issues: tasks.map((task) => anIssue(task.number)) });
const plan = aPlan({ readyOrder: [6] });

let gateway: InMemoryGateway;
let reports: string[];

beforeEach(() => {
  gateway = new InMemoryGateway();
  gateway.projectField = field;
  reports = [];
});

function sync(config: DroverConfig = aConfig({ project }), state: ProjectSyncState | null = null) {
  return syncProject({
    gateway,
    config,
    snapshot,
    tasks,
    plan,
    state,
    reportProblem: async (message) => {
      reports.push(message);
    },
  });
}

function statusWrites() {
  return gateway.writes.flatMap((write) =>
    write.op === 'setProjectStatus' ? [[write.issueNodeId, write.option]] : [],
  );
}

describe('syncProject', () => {
  it('does nothing at all without a project in the config', async () => {
    expect(await sync(aConfig())).toEqual({ project: null, problemKey: null, written: {} });
    expect(gateway.projectLookups).toBe(0);
    expect(gateway.writes).toEqual([]);
  });

  it('puts every task on the board in the column of its state (not-planned cards are left alone)', async () => {
    await sync();
    expect(statusWrites()).toEqual([
      ['I_1', 'Done'],
      ['I_2', 'In progress'],
      ['I_3', 'In review'],
      ['I_4', 'Blocked'],
      ['I_5', 'Failed'],
      ['I_6', 'Ready'],
      ['I_7', 'Todo'],
    ]);
    expect(reports).toEqual([]);
  });

  it('uses the configured option names', async () => {
    const field2 = { ...field, options: { ...field.options, Doing: 'optX' } };
    gateway.projectField = field2;
    await sync(aConfig({ project: { ...project, statuses: { ...statuses, in_progress: 'Doing' } } }));
    expect(statusWrites()).toContainEqual(['I_2', 'Doing']);
  });

  it('writes nothing for cards already in the right column', async () => {
    gateway.projectStatuses = new Map([
      ['I_1', 'Done'],
      ['I_2', 'In progress'],
      ['I_3', 'In review'],
      ['I_4', 'Blocked'],
      ['I_5', 'Failed'],
      ['I_6', 'Todo'],
    ]);
    await sync();
    expect(statusWrites()).toEqual([
      ['I_6', 'Ready'],
      ['I_7', 'Todo'],
    ]);
  });

  it('without a way to read the board, remembers what it wrote and skips unchanged cards', async () => {
    const blind = gateway as { readProjectStatuses?: unknown };
    blind.readProjectStatuses = undefined;
    const first = await sync();
    expect(statusWrites()).toHaveLength(7);
    gateway.writes = [];
    await sync(aConfig({ project }), first);
    expect(statusWrites()).toEqual([]);
  });

  it('a sync that would change nothing makes no API call at all', async () => {
    const first = await sync();
    gateway.writes = [];
    const again = await sync(aConfig({ project }), first);
    expect(again).toBe(first);
    expect(gateway.projectLookups).toBe(1);
    expect(gateway.writes).toEqual([]);
  });

  it('what was written for another project is not trusted', async () => {
    const first = await sync();
    gateway.writes = [];
    gateway.projectStatuses.clear();
    await sync(aConfig({ project: { ...project, number: 9 } }), first);
    expect(statusWrites()).toHaveLength(7);
  });

  it('moves a task that closed (and left the snapshot) to Done while it is still referenced', async () => {
    const first = await sync();
    gateway.writes = [];
    const closed = aSnapshot({
      issues: snapshot.issues.filter((issue) => issue.number !== 2),
      referenced: [
        { number: 2, repo: 'octo/repo', nodeId: 'I_2', state: 'closed', stateReason: 'completed' },
        { number: 50, repo: 'octo/repo', nodeId: 'I_50', state: 'closed', stateReason: 'completed' },
      ],
    });
    await syncProject({
      gateway,
      config: aConfig({ project }),
      snapshot: closed,
      tasks: tasks.filter((task) => task.number !== 2),
      plan,
      state: first,
      reportProblem: async () => undefined,
    });
    // #50 was never on the board (not a task): it is not added.
    expect(statusWrites()).toEqual([['I_2', 'Done']]);
  });

  it('reports a missing project once and does not look it up again until the config changes', async () => {
    gateway.projectField = null;
    const first = await sync();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('project 3 of `octo-org` was not found');
    expect(gateway.projectLookups).toBe(1);

    const second = await sync(aConfig({ project }), first);
    const third = await sync(aConfig({ project }), second);
    expect(third).toEqual(first);
    expect(reports).toHaveLength(1);
    expect(gateway.projectLookups).toBe(1);
    expect(gateway.writes).toEqual([]);

    gateway.projectField = field;
    const fixed = await sync(aConfig({ project: { ...project, number: 4 } }), third);
    expect(fixed.problemKey).toBeNull();
    expect(statusWrites()).toHaveLength(7);
  });

  it('reports missing options once, and still moves the cards it can', async () => {
    const { Blocked: _blocked, Failed: _failed, ...fewer } = field.options;
    gateway.projectField = { ...field, options: fewer };
    const first = await sync();
    expect(reports).toEqual([expect.stringContaining('has no option "Blocked", "Failed"')]);
    expect(statusWrites().map(([node]) => node)).toEqual(['I_1', 'I_2', 'I_3', 'I_6', 'I_7']);
    await sync(aConfig({ project }), first);
    expect(reports).toHaveLength(1);
  });
});
