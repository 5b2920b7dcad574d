import { beforeEach, describe, expect, it } from '@jest/globals';
import { projectView, PROJECT_PROBLEM_KEY } from '../../../app/projects/project-view.js';
import type { ProjectSyncState } from '../../../app/projects/sync-project.js';
import type { ReconcileView } from '../../../app/reconcile/reconcile.js';
import { aConfig, anIssue, aPlan, aSnapshot } from '../fakes/drover-fixtures.js';
import { InMemoryGateway } from '../fakes/in-memory-gateway.js';

const project = {
  owner: 'octo-org',
  number: 3,
  field: 'Status',
  statuses: {
    todo: 'Todo',
    ready: 'Ready',
    in_progress: 'In progress',
    in_review: 'In review',
    done: 'Done',
    blocked: 'Blocked',
    failed: 'Failed',
  },
};

let gateway: InMemoryGateway;
let states: Map<string, ProjectSyncState>;

beforeEach(() => {
  gateway = new InMemoryGateway();
  gateway.projectField = {
    projectId: 'P',
    fieldId: 'F',
    options: Object.fromEntries(Object.values(project.statuses).map((name) => [name, `id-${name}`])),
  };
  states = new Map();
});

function view(overrides: Partial<ReconcileView> = {}): ReconcileView {
  return {
    gateway,
    snapshot: aSnapshot({
      issues: [anIssue(1, { labels: ['drover', 'drover:review'] }), anIssue(2, { labels: ['drover'] })],
    }),
    plan: aPlan({ readyOrder: [2] }),
    config: aConfig({ project }),
    configProblems: [],
    now: new Date('2026-11-25T12:00:00Z'),
    report: {
      repo: 'octo/repo',
      configProblems: [],
      dispatched: [],
      settled: [],
      pullRequests: [],
      merged: [],
      failed: [],
      cancelledRuns: [],
      changed: false,
      nextWakeAt: null,
    },
    ...overrides,
  };
}

function statusWrites() {
  return gateway.writes.flatMap((write) =>
    write.op === 'setProjectStatus' ? [[write.issueNodeId, write.option]] : [],
  );
}

describe('projectView', () => {
  it('syncs the board after a reconcile and keeps the state per repository', async () => {
    await projectView({ dashboardIssue: async () => 10, states })(view());
    expect(statusWrites()).toEqual([
      ['I_1', 'In review'],
      ['I_2', 'Ready'],
    ]);
    expect(states.get('octo/repo')?.written).toEqual({ I_1: 'In review', I_2: 'Ready' });
  });

  it('moves a task merged by this reconcile to Done', async () => {
    const base = view();
    await projectView({ dashboardIssue: async () => 10, states })(
      view({ report: { ...base.report, merged: [1] } }),
    );
    expect(statusWrites()).toContainEqual(['I_1', 'Done']);
  });

  it('reports a missing project in one dashboard comment, once', async () => {
    gateway.projectField = null;
    const sync = projectView({ dashboardIssue: async () => 10, states });
    await sync(view());
    await sync(view());
    const reports = gateway.writes.filter((write) => write.op === 'upsertComment');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ issue: 10, key: PROJECT_PROBLEM_KEY });
    expect(gateway.projectLookups).toBe(1);
  });

  it('does nothing before the first run (no dashboard), with an invalid config or without a project', async () => {
    await projectView({ dashboardIssue: async () => null, states })(view());
    await projectView({ dashboardIssue: async () => 10, states })(view({ plan: null }));
    await projectView({ dashboardIssue: async () => 10, states })(view({ config: aConfig() }));
    expect(gateway.projectLookups).toBe(0);
    expect(gateway.writes).toEqual([]);
  });
});
