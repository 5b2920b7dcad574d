import { describe, expect, it } from '@jest/globals';
import {
  MAX_COMMENT_CHARS,
  renderRunStatus,
  type RunStatusView,
} from '../../../app/status/render-run-status.js';
import {
  aConfig,
  anAttemptRecord,
  anIssue,
  aPlan,
  aRun,
  aSnapshot,
  aTask,
} from '../../support/repo-state.js';

const MIN = 60_000;
const now = new Date('2026-11-25T12:00:00.000Z');

function view(overrides: Partial<RunStatusView> = {}): RunStatusView {
  const tasks = [
    aTask(1, { title: 'Schema', status: 'done', epic: 'auth' }),
    aTask(2, { title: 'API', status: 'running', dependsOn: [1], epic: 'auth', priority: 7 }),
    aTask(3, { title: 'UI', dependsOn: [2], epic: 'auth' }),
    aTask(4, { title: 'Login page', status: 'review', epic: 'auth' }),
    aTask(5, { title: 'Emails', status: 'failed', epic: 'auth' }),
    aTask(6, { title: 'Unrelated', epic: 'billing' }),
  ];
  const snapshot = aSnapshot({
    issues: [
      anIssue(4, {
        closingPullRequests: [
          {
            number: 40,
            state: 'open',
            headRefName: 'drover/4-login',
            url: 'https://github.com/acme/widgets/pull/40',
          },
        ],
      }),
    ],
    attempts: {
      1: anAttemptRecord({ attempt: 1, durationsMs: [20 * MIN], costUsd: 1.25 }),
      2: anAttemptRecord({
        attempt: 2,
        dispatchedAt: '2026-11-25T11:50:00.000Z',
        durationsMs: [20 * MIN],
        costUsd: 2,
      }),
      5: anAttemptRecord({
        attempt: 3,
        lastOutcome: 'failed',
        reason: 'verify failed: 3 tests',
        costUsd: 0.5,
      }),
    },
  });
  return {
    repo: 'acme/widgets',
    run: aRun({ epic: 'auth', workers: 2, budgetUsd: 10 }),
    snapshot,
    plan: aPlan({
      waiting: [{ task: 3, why: 'blocker-open', on: [2] }],
      criticalPath: [2, 3],
      // 20 min per unit; #2 has 10 min left, then #3 takes 20: 30 min (3 units of 10 min).
      forecast: {
        makespan: 3,
        criticalLength: 3,
        workers: 2,
        runnable: 2,
        stuck: [5],
        msPerUnit: 20 * MIN,
        samples: 2,
      },
    }),
    tasks,
    config: aConfig(),
    now,
    problems: [
      {
        kind: 'missing-dependency',
        issues: [3],
        message: '#3 is blocked by #99, which does not exist: remove the label.',
      },
    ],
    ...overrides,
  };
}

describe('renderRunStatus', () => {
  const body = renderRunStatus(view());

  it('carries the run-status marker so it is edited in place', () => {
    expect(body.startsWith('<!-- drover:run-status -->')).toBe(true);
  });

  it('counts the in-scope tasks by state (the other epic is left out)', () => {
    expect(body).toContain('**1** done · **1** running · **1** review · **1** waiting · **1** failed');
    expect(body).not.toContain('Unrelated');
  });

  it('has one table row per task with epic, priority, state (and on what it waits), attempts and PR link', () => {
    expect(body).toContain('| # | Title | Epic | Priority | State | Attempts | PR |');
    expect(body).toContain('| #2 | API | auth | 7 | running | 2/3 · $2.00 |  |');
    expect(body).toContain('| #3 | UI | auth | 5 | waiting (on #2) | 0/3 |  |');
    expect(body).toContain(
      '| #4 | Login page | auth | 5 | review | 0/3 | [#40](https://github.com/acme/widgets/pull/40) |',
    );
  });

  it('draws the DAG, the critical path, spend against the budget and an ETA that says how it was computed', () => {
    expect(body).toContain('```mermaid\ngraph TD');
    expect(body).toContain('  t2 --> t3');
    expect(body).toContain('Critical path: #2 → #3');
    expect(body).toContain('Spend: $3.75 of $10.00.');
    expect(body).toContain('ETA: **2026-11-25 12:30 UTC** (about 30 min from now');
    expect(body).toContain(
      'list-scheduling the remaining tasks on 2 workers in the order Drover starts them, from 2 measured attempts (20 min per estimate unit)',
    );
    expect(body).toContain('Not counted (they need a person first): #5.');
  });

  it('lists the problems found with what to do', () => {
    expect(body).toContain('### Problems found');
    expect(body).toContain('- #3: #3 is blocked by #99, which does not exist: remove the label.');
  });

  it('becomes a final summary once nothing in scope can move, naming what needs a person', () => {
    const ended = view({
      tasks: [aTask(1, { status: 'done' }), aTask(5, { status: 'failed' })],
      run: aRun({ startedAt: '2026-11-25T10:00:00.000Z' }),
      plan: aPlan(),
    });
    const summary = renderRunStatus(ended);
    expect(summary).toContain('## Drover run (finished)');
    expect(summary).toContain('The run ended in 2 h: **1** done · **0** running · **1** failed.');
    expect(summary).toContain('- #5 failed: verify failed: 3 tests (fix it, then `/drover retry #5`)');
    expect(summary).not.toContain('ETA:');
  });

  it('shows closed blockers (gone from the snapshot) as done nodes, keeping the DAG’s edges', () => {
    const text = renderRunStatus(
      view({
        run: aRun(),
        tasks: [aTask(8, { title: 'Deploy', dependsOn: [7] })],
        plan: aPlan({ readyOrder: [8] }),
        snapshot: aSnapshot({
          referenced: [
            { number: 7, repo: 'acme/widgets', title: 'Build', state: 'closed', stateReason: 'completed' },
            { number: 6, repo: 'acme/widgets', title: 'Unlinked', state: 'closed', stateReason: 'completed' },
          ],
        }),
      }),
    );
    expect(text).toContain('  t7["#7 Build"]:::done');
    expect(text).toContain('  t7 --> t8');
    expect(text).toContain('| #7 | Build |  |  | done |  |  |');
    expect(text).toContain('**1** done · **0** running · **1** ready · **0** failed');
    expect(text).not.toContain('Unlinked');
  });

  it('a run whose tasks are all closed is finished', () => {
    const text = renderRunStatus(
      view({ run: aRun({ startedAt: '2026-11-25T10:00:00.000Z' }), tasks: [], plan: aPlan(), problems: [] }),
    );
    expect(text).toContain('## Drover run (finished)');
    expect(text).toContain('The run ended in 2 h:');
  });

  it('says when the spend has reached the run’s budget', () => {
    expect(renderRunStatus(view({ run: aRun({ epic: 'auth', budgetUsd: 3 }) }))).toContain(
      'Spend: $3.75 of $3.00. **Budget reached: no new attempt starts**',
    );
    expect(renderRunStatus(view({ run: aRun({ epic: 'auth' }) }))).toContain('Spend: $3.75 (no budget set).');
  });

  it('says when no run is active', () => {
    expect(renderRunStatus(view({ run: null }))).toContain('No run is active. Start one with `/drover run`.');
  });

  it('shows a paused or cancelled run as such', () => {
    expect(renderRunStatus(view({ run: aRun({ paused: true }) }))).toContain(
      '(paused: `/drover resume` to continue)',
    );
    expect(renderRunStatus(view({ run: aRun({ cancelled: true }) }))).toContain('## Drover run (cancelled)');
  });

  it('escapes a malicious title in the table', () => {
    const evil = view({ tasks: [aTask(9, { title: 'ok | <b>bold</b> @admin\n# heading' })], run: aRun() });
    const text = renderRunStatus(evil);
    expect(text).toContain('| #9 | ok \\| bold @&#8203;admin # heading |');
  });

  it('stays under GitHub’s comment size limit by dropping the graph, then rows', () => {
    const tasks = Array.from({ length: 1500 }, (_, index) => aTask(index + 1, { title: 'x'.repeat(60) }));
    const text = renderRunStatus(view({ tasks, run: aRun(), plan: aPlan() }));
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(text).not.toContain('```mermaid');
    expect(text).toContain('The dependency graph is left out');
    expect(text).toMatch(/… and \d+ more tasks/);
  });
});
