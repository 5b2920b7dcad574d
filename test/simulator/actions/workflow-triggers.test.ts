/** `on:` filters as GitHub documents them, and the `created` date ranges of the runs list. */
import { describe, expect, test } from '@jest/globals';
import { createdFilter, DateRangeError } from '../../../simulator/actions/date-range.js';
import { matchesPatterns } from '../../../simulator/actions/filter-pattern.js';
import {
  activityRuns,
  pullRequestRuns,
  pushRuns,
  readTriggers,
} from '../../../simulator/actions/workflow-triggers.js';

describe('filter patterns (the cheat sheet, not shell globs)', () => {
  test.each([
    ['main', ['main'], true],
    ['feature/a', ['feature/*'], true],
    ['feature/a/b', ['feature/*'], false],
    ['feature/a/b', ['feature/**'], true],
    ['releases/10', ['releases/**', '!releases/**-alpha'], true],
    ['releases/10-alpha', ['releases/**', '!releases/**-alpha'], false],
    ['releases/10-alpha', ['releases/**', '!releases/**-alpha', 'releases/10-alpha'], true],
    ['v1', ['v[12]'], true],
    ['v3', ['v[12]'], false],
    ['colour', ['colou?r'], true],
    ['color', ['colou?r'], true],
    ['d1', ['d+1'], true],
    ['ddd1', ['d+1'], true],
    ['drover/7-x', ['drover/**'], true],
    ['a.b', ['a*b'], true],
    ['axb', ['a.b'], false],
  ])('%s against %j → %s', (name, patterns, expected) => {
    expect(matchesPatterns(name, patterns)).toBe(expected);
  });
});

describe('push and pull_request triggers', () => {
  test('a bare `on: push` runs for every branch and tag push', () => {
    const { push } = readTriggers('push');
    expect(push && pushRuns(push, 'refs/heads/anything')).toBe(true);
    expect(push && pushRuns(push, 'refs/tags/v1')).toBe(true);
  });

  test('branch filters only: tag pushes do not run it; tag filters only: branch pushes do not', () => {
    const branches = readTriggers({ push: { branches: ['main', 'release/**'] } }).push!;
    expect(pushRuns(branches, 'refs/heads/main')).toBe(true);
    expect(pushRuns(branches, 'refs/heads/release/1/2')).toBe(true);
    expect(pushRuns(branches, 'refs/heads/dev')).toBe(false);
    expect(pushRuns(branches, 'refs/tags/v1')).toBe(false);
    const tags = readTriggers({ push: { tags: ['v*'] } }).push!;
    expect(pushRuns(tags, 'refs/tags/v1')).toBe(true);
    expect(pushRuns(tags, 'refs/heads/main')).toBe(false);
    const ignoring = readTriggers({ push: { 'branches-ignore': ['drover/**'] } }).push!;
    expect(pushRuns(ignoring, 'refs/heads/drover/1/attempt-2')).toBe(false);
    expect(pushRuns(ignoring, 'refs/heads/main')).toBe(true);
  });

  test('pull_request: the default activity types, explicit types, and base-branch filters', () => {
    const plain = readTriggers(['pull_request', 'push']).pullRequest!;
    expect(
      ['opened', 'synchronize', 'reopened', 'labeled', 'closed'].map((a) => pullRequestRuns(plain, a, 'x')),
    ).toEqual([true, true, true, false, false]);
    const labeled = readTriggers({ pull_request: { types: ['labeled'], branches: ['main'] } }).pullRequest!;
    expect(pullRequestRuns(labeled, 'labeled', 'main')).toBe(true);
    expect(pullRequestRuns(labeled, 'labeled', 'dev')).toBe(false);
    expect(pullRequestRuns(labeled, 'opened', 'main')).toBe(false);
    expect(readTriggers('workflow_dispatch')).toEqual({
      push: null,
      pullRequest: null,
      activity: {},
      schedule: [],
    });
  });
});

describe('default-branch events and schedule', () => {
  test('activity types: all by default, else the listed ones; workflow_run follows only the named workflows', () => {
    const { activity, schedule } = readTriggers({
      issues: null,
      issue_comment: { types: ['created'] },
      workflow_run: { workflows: ['Drover'], types: ['completed'] },
      schedule: [{ cron: '*/10 * * * *' }, { cron: '0 0 * * *' }],
    });
    expect(activityRuns(activity.issues!, 'labeled', null)).toBe(true);
    expect(activityRuns(activity.issue_comment!, 'created', null)).toBe(true);
    expect(activityRuns(activity.issue_comment!, 'edited', null)).toBe(false);
    expect(activityRuns(activity.workflow_run!, 'completed', 'Drover')).toBe(true);
    expect(activityRuns(activity.workflow_run!, 'completed', 'CI')).toBe(false);
    expect(activityRuns(activity.workflow_run!, 'requested', 'Drover')).toBe(false);
    expect(activity.check_suite).toBeUndefined();
    expect(schedule).toEqual(['*/10 * * * *', '0 0 * * *']);
  });
});

describe('created date ranges', () => {
  test.each([
    ['2026-01-02', '2026-01-02T23:59:59Z', true],
    ['2026-01-02', '2026-01-03T00:00:00Z', false],
    ['>=2026-01-02', '2026-01-02T00:00:00Z', true],
    ['>2026-01-02', '2026-01-02T12:00:00Z', false],
    ['>2026-01-02', '2026-01-03T00:00:00Z', true],
    ['<2026-01-02', '2026-01-01T23:59:59Z', true],
    ['<=2026-01-02', '2026-01-02T23:00:00Z', true],
    ['2026-01-01..2026-01-02', '2026-01-02T10:00:00Z', true],
    ['2026-01-01..2026-01-02', '2026-01-03T00:00:00Z', false],
    ['*..2026-01-02', '2020-01-01T00:00:00Z', true],
    ['2026-01-02T10:00:00Z..*', '2026-01-02T09:59:59Z', false],
  ])('%s holds %s: %s', (range, time, expected) => {
    expect(createdFilter(range)(time)).toBe(expected);
  });

  test('a malformed range is an error, not an empty list', () => {
    expect(() => createdFilter('yesterday')).toThrow(DateRangeError);
    expect(() => createdFilter('>=soon')).toThrow(DateRangeError);
  });
});
