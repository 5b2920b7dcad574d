import { describe, expect, it } from '@jest/globals';
import { renderPlanPreview } from '../../../app/status/render-plan-preview.js';
import { plan } from '../../../core/plan.js';
import { buildTaskModel } from '../../../core/task-model.js';
import { aConfig, anIssue, aPlan, aRun, aSnapshot, aTask } from '../../support/repo-state.js';

const base = {
  snapshot: aSnapshot(),
  tasks: [
    aTask(1, { title: 'Schema', priority: 7 }),
    aTask(2, { title: 'API' }),
    aTask(3, { dependsOn: [9] }),
  ],
  config: aConfig(),
  now: new Date('2026-11-25T12:00:00.000Z'),
  problems: [],
};

describe('renderPlanPreview', () => {
  it('lists ready tasks in start order, marking those that start now, and what the others wait for', () => {
    const text = renderPlanPreview({
      ...base,
      run: aRun({ workers: 1 }),
      plan: aPlan({
        readyOrder: [1, 2],
        dispatch: [{ task: 1, attempt: 1, children: [] }],
        waiting: [
          { task: 2, why: 'no-worker', on: [] },
          { task: 3, why: 'out-of-scope-blocker', on: [9] },
        ],
        criticalPath: [1, 2],
        forecast: {
          makespan: 2,
          criticalLength: 2,
          workers: 1,
          runnable: 2,
          stuck: [3],
          msPerUnit: 10 * 60_000,
          samples: 0,
        },
      }),
    });
    expect(text).toContain('1. #1 Schema (priority 7): starts now\n2. #2 API (priority 5)');
    expect(text).toContain('- #3 waits for (outside this run) #9');
    expect(text).not.toContain('#2 waits for a free worker');
    expect(text).toContain('Critical path: #1 → #2');
    // The planner's forecast: #1 and #2 take 10 min each on one worker; #3 is stuck: left out.
    expect(text).toContain('about 20 min from now');
    expect(text).toContain('on 1 worker in the order Drover starts them, assuming 10 min per estimate unit');
    expect(text).toContain('Not counted (they need a person first): #3.');
  });

  it('after a run that left only stuck tasks, shows no critical path and says nothing can run', () => {
    const snapshot = aSnapshot({
      issues: [
        anIssue(1, { state: 'closed', stateReason: 'completed' }),
        anIssue(2, { labels: ['drover', 'drover:failed'] }),
        anIssue(3, { blockedBy: [{ number: 2, repo: 'acme/widgets', state: 'open', stateReason: null }] }),
      ],
      run: aRun(),
    });
    const config = aConfig();
    const planned = plan(snapshot, config, base.now);
    const text = renderPlanPreview({
      ...base,
      snapshot,
      run: snapshot.run,
      plan: planned,
      tasks: buildTaskModel(snapshot, config).tasks,
      problems: planned.problems,
    });
    expect(text).not.toContain('Critical path');
    expect(text).toContain('ETA: none, as nothing left can run until a person acts: #2, #3');
  });

  it('says nothing starts while paused or without a run, and lists the problems with what to do', () => {
    const problems = [
      { kind: 'bad-priority' as const, issues: [2], message: '#2 has label "priority:urgent": use …' },
    ];
    const paused = renderPlanPreview({ ...base, run: aRun({ paused: true }), plan: aPlan(), problems });
    expect(paused).toContain('The run is paused: nothing starts until `/drover resume`.');
    expect(paused).toContain('No task is ready to start.');
    expect(paused).toContain('### Problems found\n\n- #2: #2 has label "priority:urgent": use …');
    expect(renderPlanPreview({ ...base, run: null, plan: aPlan() })).toContain('No run is active');
  });
});
