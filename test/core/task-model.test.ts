import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../core/config.js';
import { ESTIMATE_UNIT_MS } from '../../core/estimate.js';
import { normaliseEpic } from '../../core/normalise-epic.js';
import { buildTaskModel } from '../../core/task-model.js';
import type { IssueInput, Problem, Snapshot } from '../../core/types.js';
import { attempt, closed, issue, ref, snapshot } from './snapshot-builder.js';

const config = defaultConfig();

function taskOf(input: Snapshot, number: number) {
  const task = buildTaskModel(input, config).tasks.get(number);
  if (task === undefined) throw new Error(`no task #${number}`);
  return task;
}

describe('task model: what labels and links say', () => {
  it.each([
    [['priority:critical'], 10],
    [['priority:high'], 7],
    [['priority:normal'], 5],
    [['priority:low'], 2],
    [['Priority:HIGH'], 7],
    [['priority:1'], 1],
    [['priority:10'], 10],
    [[], 5],
  ])('labels %j give priority %d', (labels, priority) => {
    expect(taskOf(snapshot([issue(1, { labels: ['drover', ...labels] })]), 1).priority).toBe(priority);
  });

  it.each([
    [['size:S'], [], 1],
    [['size:M'], [], 2],
    [['size:L'], [], 4],
    [['size:xl'], [], 8],
    [[], [], 1],
    [['size:XL'], [ESTIMATE_UNIT_MS, 3 * ESTIMATE_UNIT_MS], 2],
  ])('labels %j with measured durations %j give estimate %d', (labels, durationsMs, estimate) => {
    const input = snapshot([issue(1, { labels: ['drover', ...labels] })], {
      attempts: durationsMs.length > 0 ? { 1: attempt({ durationsMs }) } : {},
    });
    expect(taskOf(input, 1).estimate).toBe(estimate);
  });

  it.each([
    ['epic:auth', 'auth'],
    ['epic:epic-auth', 'auth'],
  ])('label %s puts the task in epic %s', (label, epic) => {
    expect(taskOf(snapshot([issue(1, { labels: ['drover', label] })]), 1).epic).toBe(epic);
  });

  it.each([
    ['x', 'x'],
    ['epic-x', 'x'],
    ['epic:x', 'x'],
    [' x ', 'x'],
    ['', null],
  ])('normaliseEpic(%j) is %j', (name, epic) => {
    expect(normaliseEpic(name)).toBe(epic);
  });

  it('merges native links and blocked-by labels, deduped and sorted', () => {
    const input = snapshot([
      issue(1),
      issue(2),
      issue(3),
      issue(9, { labels: ['drover', 'blocked-by:#3', 'blocked-by:#1'], blockedBy: [3, 2] }),
    ]);
    expect(taskOf(input, 9).dependsOn).toEqual([1, 2, 3]);
  });

  it('dedupes and sorts native links alone, leaving out a missing one and itself', () => {
    const input = snapshot([issue(1), issue(2), issue(9, { blockedBy: [2, 9, 1, 2, 77] })]);
    const model = buildTaskModel(input, config);
    expect(model.tasks.get(9)?.dependsOn).toEqual([1, 2]);
    expect(model.problems.map((problem) => problem.kind)).toEqual(['self-dependency', 'missing-dependency']);
  });

  it('keeps every task its own list of blockers', () => {
    const input = snapshot([issue(1), issue(2), issue(8, { blockedBy: [1] }), issue(9, { blockedBy: [1] })]);
    const { tasks } = buildTaskModel(input, config);
    expect(tasks.get(8)?.dependsOn).toEqual([1]);
    expect(tasks.get(8)?.dependsOn).not.toBe(tasks.get(9)?.dependsOn);
  });

  it('knows blockers that are only referenced (closed or not tasks)', () => {
    const input = snapshot([issue(9, { blockedBy: [4] })], {
      referenced: [ref(4, { state: 'closed', stateReason: 'completed' })],
    });
    const model = buildTaskModel(input, config);
    expect(model.problems).toEqual([]);
    expect(model.tasks.get(9)?.dependsOn).toEqual([4]);
  });

  it.each<[string, string, IssueInput]>([
    ['no label', 'todo', issue(1)],
    ['running label', 'running', issue(1, { labels: ['drover', 'drover:running'] })],
    ['review label', 'review', issue(1, { labels: ['drover', 'drover:review'] })],
    ['blocked label', 'blocked', issue(1, { labels: ['drover', 'drover:blocked'] })],
    ['failed label', 'failed', issue(1, { labels: ['drover', 'drover:failed', 'drover:running'] })],
    ['closed as completed', 'done', closed(1)],
    [
      'closed with a stale running label',
      'done',
      closed(1, 'completed', { labels: ['drover', 'drover:running'] }),
    ],
    ['closed as not planned', 'not_planned', closed(1, 'not_planned')],
  ])('%s gives status %s', (_name, status, input) => {
    expect(taskOf(snapshot([input]), 1).status).toBe(status);
  });

  it('reads state labels whatever their case, and by non-ASCII configured names', () => {
    expect(taskOf(snapshot([issue(1, { labels: ['drover', 'Drover:Running'] })]), 1).status).toBe('running');
    const custom = { ...config, labels: { ...config.labels, review: 'prüfung' } };
    const model = buildTaskModel(snapshot([issue(1, { labels: ['drover', 'PRÜFUNG'] })]), custom);
    expect(model.tasks.get(1)?.status).toBe('review');
  });

  it('reads state labels by their configured names', () => {
    const custom = { ...config, labels: { ...config.labels, task: 'bot', running: 'bot/busy' } };
    const model = buildTaskModel(snapshot([issue(1, { labels: ['bot', 'bot/busy'] })]), custom);
    expect(model.tasks.get(1)?.status).toBe('running');
  });

  it('takes issues with the task label and their sub-issues, nothing else', () => {
    const input = snapshot([
      issue(1, { subIssues: [2] }),
      issue(2, { labels: [], parent: 1 }),
      issue(3, { labels: ['bug'] }),
    ]);
    const model = buildTaskModel(input, config);
    expect([...model.tasks.keys()]).toEqual([1, 2]);
    expect(model.tasks.get(1)?.children).toEqual([2]);
    expect(model.tasks.get(2)?.parent).toBe(1);
  });
});

describe('task model: bad input becomes a Problem, never an exception or a default', () => {
  const cases: Array<[string, IssueInput[], Problem['kind'], number[], RegExp]> = [
    [
      'an unknown priority name',
      [issue(1, { labels: ['drover', 'priority:urgent'] })],
      'bad-priority',
      [1],
      /priority:urgent.*critical, high, normal, low or a number 1\.\.10/,
    ],
    [
      'a priority out of range',
      [issue(1, { labels: ['drover', 'priority:11'] })],
      'bad-priority',
      [1],
      /priority:11/,
    ],
    [
      'a priority of zero',
      [issue(1, { labels: ['drover', 'priority:0'] })],
      'bad-priority',
      [1],
      /priority:0/,
    ],
    [
      'a priority named like an object property',
      [issue(1, { labels: ['drover', 'priority:constructor'] })],
      'bad-priority',
      [1],
      /priority:constructor/,
    ],
    [
      'a size named like an object property',
      [issue(1, { labels: ['drover', 'size:constructor'] })],
      'bad-size',
      [1],
      /size:constructor/,
    ],
    [
      'two priorities',
      [issue(1, { labels: ['drover', 'priority:high', 'priority:low'] })],
      'multiple-priorities',
      [1],
      /2 priority labels/,
    ],
    [
      'blocked-by without #',
      [issue(1, { labels: ['drover', 'blocked-by:12'] })],
      'bad-blocked-by',
      [1],
      /write it as blocked-by:#12/,
    ],
    [
      'blocked-by #0',
      [issue(1, { labels: ['drover', 'blocked-by:#0'] })],
      'bad-blocked-by',
      [1],
      /blocked-by:#0/,
    ],
    [
      'blocked-by garbage',
      [issue(1, { labels: ['drover', 'blocked-by:soon'] })],
      'bad-blocked-by',
      [1],
      /blocked-by:soon/,
    ],
    [
      'a label dependency on itself',
      [issue(1, { labels: ['drover', 'blocked-by:#1'] })],
      'self-dependency',
      [1],
      /#1 depends on itself/,
    ],
    [
      'a native dependency on itself',
      [issue(1, { blockedBy: [1] })],
      'self-dependency',
      [1],
      /depends on itself/,
    ],
    [
      'a dependency on a missing issue',
      [issue(1, { labels: ['drover', 'blocked-by:#77'] })],
      'missing-dependency',
      [1, 77],
      /#77, which does not exist in octo\/repo/,
    ],
    [
      'a dependency in another repository',
      [issue(1, { blockedBy: [ref(5, { repo: 'other/repo' })] })],
      'cross-repo-dependency',
      [1],
      /other\/repo#5 in another repository/,
    ],
    [
      'two epics',
      [issue(1, { labels: ['drover', 'epic:a', 'epic:b'] })],
      'multiple-epics',
      [1],
      /epic:a, epic:b/,
    ],
    [
      'an unknown size',
      [issue(1, { labels: ['drover', 'size:XXL'] })],
      'bad-size',
      [1],
      /size:S, size:M, size:L, size:XL/,
    ],
    [
      'a sub-issue with sub-issues of its own',
      [issue(1, { subIssues: [2] }), issue(2, { parent: 1, subIssues: [3] }), issue(3, { parent: 2 })],
      'too-deep',
      [1, 2],
      /#2 is a sub-issue of #1 and has sub-issues of its own \(#3\)/,
    ],
  ];

  it.each(cases)('%s', (_name, issues, kind, about, message) => {
    const model = buildTaskModel(snapshot(issues), config);
    expect(model.problems).toEqual([expect.objectContaining({ kind, issues: about })]);
    expect(model.problems[0]?.message).toMatch(message);
    for (const number of about) if (model.tasks.has(number)) expect(model.invalid.has(number)).toBe(true);
  });

  it('keeps the valid links of a task that also has a bad one', () => {
    const input = snapshot([issue(2), issue(1, { labels: ['drover', 'blocked-by:#2', 'blocked-by:#99'] })]);
    expect(taskOf(input, 1).dependsOn).toEqual([2]);
  });

  it('one epic label written twice is one epic', () => {
    const model = buildTaskModel(
      snapshot([issue(1, { labels: ['drover', 'epic:a', 'epic:epic-a'] })]),
      config,
    );
    expect(model.problems).toEqual([]);
    expect(model.tasks.get(1)?.epic).toBe('a');
  });
});
