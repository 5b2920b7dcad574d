import { describe, expect, test } from '@jest/globals';
import {
  readPermissions,
  readWorkflow,
  WorkflowFileError,
} from '../../../simulator/actions/workflow-definition.js';

describe('workflow files', () => {
  test('reads run-name, dispatch inputs, permissions and timeout', () => {
    const workflow = readWorkflow(
      '.github/workflows/w.yml',
      `name: W
run-name: "task \${{ inputs.task }}"
on:
  workflow_dispatch:
    inputs:
      task: { required: true }
permissions: { contents: read, pull-requests: write, issues: none }
jobs:
  one:
    runs-on: ubuntu-latest
    timeout-minutes: 3
    steps:
      - run: echo hi
`,
    );
    expect(workflow).toMatchObject({
      name: 'W',
      runName: 'task ${{ inputs.task }}',
      dispatchInputs: { task: { required: true } },
    });
    expect(workflow.permissions).toEqual({ metadata: 'read', contents: 'read', pull_requests: 'write' });
    expect(workflow.jobs[0]).toMatchObject({ id: 'one', timeoutMinutes: 3, permissions: null });
  });

  test("GitHub's parser rejects an invalid file with its message", () => {
    const bad = 'on: workflow_dispatch\njobs:\n  one:\n    timout-minutes: 3\n    steps: []\n';
    expect(() => readWorkflow('w.yml', bad)).toThrow(WorkflowFileError);
    expect(() => readWorkflow('w.yml', bad)).toThrow(/timout-minutes/);
  });

  test('read-all and write-all expand to every scope', () => {
    expect(readPermissions('read-all')).toMatchObject({
      contents: 'read',
      actions: 'read',
      metadata: 'read',
    });
    expect(readPermissions('write-all')).toMatchObject({ contents: 'write', pull_requests: 'write' });
    expect(readPermissions(undefined)).toBeNull();
    expect(() => readPermissions({ contents: 'admin' })).toThrow('Invalid permission contents: admin');
  });
});
