/**
 * The controller workflow `drover init --controller actions` writes: GitHub's own parser accepts
 * it, it reacts to the events the controller needs, it writes only through its job's permissions,
 * commands are never dropped from the queue, and it runs the controller action of this package.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { evaluateCondition, interpolate } from '../../../simulator/actions/expressions.js';

const root = new URL('../../../', import.meta.url);
const text = readFileSync(new URL('controller/drover-controller.yml', root), 'utf8');
const attemptWorkflow = parseYaml(readFileSync(new URL('.github/workflows/drover.yml', root), 'utf8')) as {
  name: string;
};
const workflow = parseYaml(text) as {
  on: Record<string, { types?: string[]; workflows?: string[] } | Array<{ cron: string }> | null>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      if: string;
      permissions: Record<string, string>;
      concurrency: { group: string; 'cancel-in-progress': boolean };
      'timeout-minutes': number;
      steps: Array<{ uses?: string; with?: Record<string, string> }>;
    }
  >;
};
const action = parseYaml(readFileSync(new URL('controller/action.yml', root), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string };
};
const job = Object.values(workflow.jobs)[0]!;

describe('controller/drover-controller.yml', () => {
  test("GitHub's workflow parser accepts it", () => {
    const parsed = parseWorkflow(
      { name: 'drover-controller.yml', content: text },
      new NoOperationTraceWriter(),
    );
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
  });

  test('sub_issues and issue_dependencies are no Actions triggers: GitHub’s parser refuses them (the schedule covers them)', () => {
    for (const event of ['sub_issues', 'issue_dependencies']) {
      const content = text.replace('  workflow_dispatch:', `  ${event}:\n  workflow_dispatch:`);
      const parsed = parseWorkflow({ name: 'x.yml', content }, new NoOperationTraceWriter());
      expect(
        parsed.context.errors
          .getErrors()
          .map((error) => error.message)
          .join(),
      ).toContain(`Unexpected value '${event}'`);
    }
  });

  test('reacts to the controller’s events, the attempt workflow’s runs, a schedule and a manual run', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(
      [
        'check_suite',
        'issue_comment',
        'issues',
        'pull_request',
        'schedule',
        'workflow_dispatch',
        'workflow_run',
      ].sort(),
    );
    expect(workflow.on.workflow_run).toEqual({ workflows: [attemptWorkflow.name], types: ['completed'] });
    expect(workflow.on.issue_comment).toEqual({ types: ['created'] });
    expect((workflow.on.schedule as Array<{ cron: string }>).length).toBe(1);
  });

  test('least privilege: nothing at the workflow level; the job writes what the controller writes, no more', () => {
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({
      actions: 'write',
      contents: 'write',
      issues: 'write',
      'pull-requests': 'write',
      checks: 'read',
      statuses: 'read',
    });
    expect(job['timeout-minutes']).toBeGreaterThan(0);
  });

  test('one group for the repository, events queue; each command has its own group, so none is replaced', () => {
    expect(job.concurrency['cancel-in-progress']).toBe(false);
    const group = (event_name: string, event: object) =>
      interpolate(job.concurrency.group, { github: { event_name, event, repository: 'o/r' } });
    expect(group('workflow_run', {})).toBe(group('issues', {}));
    expect(group('schedule', {})).toBe(group('pull_request', {}));
    const command = group('issue_comment', { comment: { id: 7 } });
    expect(command).not.toBe(group('issues', {}));
    expect(command).not.toBe(group('issue_comment', { comment: { id: 8 } }));
  });

  test("the job's if: skips bots' issue changes and comments (Drover's own included), other comments, other pull requests", () => {
    const runs = (event_name: string, event: object) =>
      evaluateCondition(job.if, { github: { event_name, event, repository: 'o/r' } }, 'success');
    const comment = (body: string, type = 'User') => ({
      comment: { body, user: { type } },
      sender: { type },
    });
    expect(runs('issue_comment', comment('/drover run'))).toBe(true);
    expect(runs('issue_comment', comment('looks good'))).toBe(false);
    expect(runs('issue_comment', comment('/drover run', 'Bot'))).toBe(false);
    const pull = (ref: string, repo = 'o/r') => ({
      pull_request: { head: { ref, repo: { full_name: repo } } },
    });
    expect(runs('pull_request', pull('drover/3/attempt-1'))).toBe(true);
    expect(runs('pull_request', pull('feature'))).toBe(false);
    expect(runs('pull_request', pull('drover/3/attempt-1', 'fork/r'))).toBe(false);
    expect(runs('issues', { action: 'labeled', sender: { type: 'User' } })).toBe(true);
    expect(runs('issues', { action: 'labeled', sender: { type: 'Bot' } })).toBe(false);
    expect(runs('workflow_run', {})).toBe(true);
    expect(runs('schedule', {})).toBe(true);
  });

  test('runs the controller action of this package with the App credentials, or the GITHUB_TOKEN by default', () => {
    const step = job.steps.find((s) => s.uses?.includes('/controller@'))!;
    expect(step.with).toEqual({
      'app-id': '${{ vars.DROVER_APP_ID }}',
      'private-key': '${{ secrets.DROVER_APP_PRIVATE_KEY }}',
    });
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
