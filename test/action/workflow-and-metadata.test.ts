import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { interpolate } from '../../simulator/actions/expressions.js';

const root = new URL('../../', import.meta.url);
const workflowText = readFileSync(new URL('.github/workflows/drover.yml', root), 'utf8');
const workflow = parseYaml(workflowText) as {
  'run-name': string;
  on: Record<string, { inputs: Record<string, { default?: string; required?: boolean }> }>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<
    string,
    {
      'timeout-minutes': number;
      steps: Array<{ uses?: string; with?: Record<string, string | boolean>; env?: Record<string, string> }>;
    }
  >;
};
const action = parseYaml(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
};
const steps = Object.values(workflow.jobs)[0]!.steps;
const droverStep = steps.find((step) => step.uses?.startsWith('drover-dev/drover@'))!;

describe('.github/workflows/drover.yml', () => {
  test("GitHub's workflow parser accepts it", () => {
    const parsed = parseWorkflow({ name: 'drover.yml', content: workflowText }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((error) => error.message)).toEqual([]);
  });

  test('is dispatched only, with the inputs the app sends, and names its run as the app looks it up', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    const inputs = workflow.on.workflow_dispatch!.inputs;
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['task', 'attempt', 'run', 'mode', 'slot', 'base-sha', 'pull-request']),
    );
    expect(inputs.task!.required).toBe(true);
    // GitHub allows at most 25 workflow_dispatch inputs.
    expect(Object.keys(inputs).length).toBeLessThanOrEqual(25);
    const runName = interpolate(workflow['run-name'], {
      inputs: { task: '12', attempt: '3', mode: 'implement', slot: '2' },
    });
    expect(runName).toBe('drover #12 attempt 3 · implement · slot 2');
  });

  test('holds no write permission of any kind', () => {
    expect(workflow.permissions.contents).toBe('read');
    expect(Object.values(workflow.permissions).every((level) => level === 'read')).toBe(true);
    for (const job of Object.values(workflow.jobs)) expect(job).not.toHaveProperty('permissions');
  });

  test('one attempt per task at a time, a job timeout, and a checkout that keeps no credentials', () => {
    expect(interpolate(workflow.concurrency.group, { inputs: { task: '12' } })).toBe('drover-task-12');
    // One job per worker slot at a time: GitHub itself keeps attempts within `workers`.
    const job = Object.values(workflow.jobs)[0]! as { concurrency?: { group: string } };
    expect(interpolate(job.concurrency!.group, { inputs: { slot: '3' } })).toBe('drover-slot-3');
    expect(Object.values(workflow.jobs)[0]!['timeout-minutes']).toBeGreaterThan(0);
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['persist-credentials']).toBe(false);
  });

  test('passes every dispatch input to the action under the same name, and model keys only as env', () => {
    // `slot` is the job's (its concurrency group), not the action's.
    const forTheAction = Object.keys(workflow.on.workflow_dispatch!.inputs).filter((name) => name !== 'slot');
    for (const name of forTheAction) {
      expect(droverStep.with?.[name]).toBe(`\${{ inputs.${name} }}`);
      expect(action.inputs).toHaveProperty(name);
    }
    expect(droverStep.env).toHaveProperty('ANTHROPIC_API_KEY', '${{ secrets.ANTHROPIC_API_KEY }}');
    expect(Object.keys(droverStep.env ?? {})).not.toContain('GITHUB_TOKEN');
  });
});

describe('action.yml', () => {
  test('documents every input and output, runs the committed bundle on node, has branding', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect({ name, described: input.description.length > 10 }).toEqual({ name, described: true });
    for (const output of Object.values(action.outputs)) expect(output.description.length).toBeGreaterThan(5);
    expect(['node20', 'node24']).toContain(action.runs.using);
    expect(existsSync(new URL(action.runs.main, root))).toBe(true);
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
  });
});
