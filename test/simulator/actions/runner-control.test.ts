import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { installActions, type ActionsModule } from '../../../simulator/actions/index.js';
import { FakeHost, type RecordedWebhook } from './fake-host.js';

const workflow = (timeoutMinutes: number, script: string) => `name: Worker
on:
  workflow_dispatch:
    inputs:
      label:
        default: none
jobs:
  work:
    runs-on: ubuntu-latest
    timeout-minutes: ${timeoutMinutes}
    steps:
      - run: |
${script
  .split('\n')
  .map((line) => `          ${line}`)
  .join('\n')}
      - if: always()
        run: echo "cleanup ran"
`;

/** A local action (`uses: ./…`) that needs nothing but Node: writes its output file itself. */
const HELLO_ACTION = `name: hello
inputs:
  who:
    default: world
  greeting:
    default: Hello
runs:
  using: node24
  main: index.js
`;
const HELLO_ACTION_MAIN = `const { appendFileSync } = require('node:fs');
const message = process.env.INPUT_GREETING + ', ' + process.env.INPUT_WHO;
console.log(message);
appendFileSync(process.env.GITHUB_OUTPUT, 'message=' + message + '\\n');
`;

const STEPS_WORKFLOW = `name: Steps
on: workflow_dispatch
env:
  LEVEL: workflow
jobs:
  steps:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: hello
        uses: ./.github/actions/hello
        with:
          who: \${{ github.actor }}
      - run: |
          echo "FROM_STEP=set by a step" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool ran\\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
      - id: flaky
        continue-on-error: true
        run: exit 3
      - if: steps.flaky.outcome == 'failure'
        env:
          LEVEL: step
        run: echo "said=\${{ steps.hello.outputs.message }} env=$FROM_STEP level=$LEVEL $(mytool)"
      - if: failure()
        run: echo "must not run"
`;

/** Runs of one concurrency group; each waits for the `gate` file, so the first holds the group until the test opens it. */
const GROUPED_WORKFLOW = `name: Grouped
on:
  workflow_dispatch:
    inputs:
      gate:
        required: true
concurrency:
  group: task-x
jobs:
  work:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: until [ -e '\${{ inputs.gate }}' ]; do sleep 0.05; done
`;

/** Starts a grandchild that outlives the step unless its whole process group is killed. */
const LONG_SCRIPT = `sleep 30 &
echo "grandchild=$!"
wait`;

/** Whether a process runs; a zombie (killed, not yet reaped by its new parent) counts as gone. */
const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
};

describe('the local runner', () => {
  let host: FakeHost;
  let actions: ActionsModule;
  let octokit: Octokit;
  let maxInProgress = 0;

  beforeAll(async () => {
    host = await FakeHost.start();
    host.createRepo('octo', 'jobs', {
      '.github/workflows/quick.yml': workflow(1, 'echo "quick ${{ inputs.label }}"'),
      // 0.1 minutes = 6 s: time enough for bash to start the grandchild on a heavily loaded machine.
      '.github/workflows/slow.yml': workflow(0.1, LONG_SCRIPT),
      '.github/workflows/steps.yml': STEPS_WORKFLOW,
      '.github/workflows/grouped.yml': GROUPED_WORKFLOW,
      '.github/actions/hello/action.yml': HELLO_ACTION,
      '.github/actions/hello/index.js': HELLO_ACTION_MAIN,
      '.github/workflows/long.yml': workflow(10, LONG_SCRIPT),
    });
    actions = installActions(host, { maxConcurrentJobs: 1 });
    host.onWebhook(() => {
      const running = actions.runs().filter((run) => run.status === 'in_progress').length;
      maxInProgress = Math.max(maxInProgress, running);
    });
    octokit = new Octokit({ auth: host.userToken, baseUrl: host.baseUrl });
  });

  afterAll(async () => {
    await actions.close();
    await host.close();
  });

  const dispatch = async (file: string, inputs: Record<string, string> = {}) => {
    const { data } = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner: 'octo',
        repo: 'jobs',
        workflow_id: file,
        ref: 'main',
        inputs,
        return_run_details: true,
      } as never,
    );
    return (data as unknown as { workflow_run_id: number }).workflow_run_id;
  };
  const completedHook = (runId: number) =>
    host.waitForWebhook(
      (h: RecordedWebhook) =>
        h.event === 'workflow_run' &&
        h.payload.action === 'completed' &&
        (h.payload.workflow_run as { id: number }).id === runId,
    );
  /** The background `sleep` the step started, once the kill reached it (bounded poll: reaping is asynchronous). */
  const expectGrandchildGone = async (runId: number) => {
    const pid = Number(/grandchild=(\d+)/.exec(actions.runLog(runId))?.[1]);
    expect(pid).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 100 && isAlive(pid); attempt += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(pid)).toBe(false);
  };

  test('runs at most maxConcurrentJobs jobs at once and queues the rest', async () => {
    const ids = [
      await dispatch('quick.yml', { label: 'a' }),
      await dispatch('quick.yml', { label: 'b' }),
      await dispatch('quick.yml', { label: 'c' }),
    ];
    await actions.idle();
    expect(maxInProgress).toBe(1);
    expect(actions.load()).toEqual({ queued: 0, running: 0 });
    const runs = ids.map((id) => actions.runs().find((run) => run.id === id)!);
    expect(runs.map((run) => run.conclusion)).toEqual(['success', 'success', 'success']);
    expect(runs.map((run) => run.runNumber)).toEqual([1, 2, 3]);
    expect(actions.runLog(ids[1]!)).toContain('quick b');
  });

  test('steps: local actions with input defaults, outputs, GITHUB_ENV/PATH, if and continue-on-error', async () => {
    const id = await dispatch('steps.yml');
    await completedHook(id);
    const run = actions.runs().find((r) => r.id === id)!;
    const log = actions.runLog(id);
    expect({ conclusion: run.conclusion, log }).toEqual({ conclusion: 'success', log });
    expect(log).toContain('said=Hello, octo env=set by a step level=step tool ran');
    expect(log).toContain('Skipped: Run echo "must not run"');
  });

  test('a concurrency group runs one at a time; a newer pending run replaces the older one', async () => {
    const gate = join(mkdtempSync(join(tmpdir(), 'actions-gate-')), 'open');
    const a = await dispatch('grouped.yml', { gate });
    const b = await dispatch('grouped.yml', { gate });
    const c = await dispatch('grouped.yml', { gate });
    writeFileSync(gate, '');
    await actions.idle();
    rmSync(dirname(gate), { recursive: true, force: true });
    const conclusion = (id: number) => actions.runs().find((r) => r.id === id)!.conclusion;
    expect([conclusion(a), conclusion(b), conclusion(c)]).toEqual(['success', 'cancelled', 'success']);
    const runEvents = host.webhooks
      .filter((h) => h.event === 'workflow_run')
      .map((h) => `${(h.payload.workflow_run as { id: number }).id}:${String(h.payload.action)}`);
    expect(runEvents).not.toContain(`${b}:in_progress`);
    expect(runEvents.indexOf(`${c}:in_progress`)).toBeGreaterThan(runEvents.indexOf(`${a}:completed`));
  });

  test('a job over its timeout-minutes is killed with its process tree: job cancelled, run failure', async () => {
    const id = await dispatch('slow.yml');
    const hook = await completedHook(id);
    expect((hook.payload.workflow_run as { conclusion: string }).conclusion).toBe('failure');
    const run = actions.runs().find((r) => r.id === id)!;
    expect(run.jobs[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    const log = actions.runLog(id);
    expect(log).toContain('has exceeded the maximum execution time of 0.1 minutes');
    expect(log).toContain('Skipped: Run echo "cleanup ran"');
    await expectGrandchildGone(id);
  });

  test('cancel kills a running job, concludes cancelled, and a second cancel is a 409', async () => {
    const id = await dispatch('long.yml');
    await host.waitForWebhook(
      (h) =>
        h.event === 'workflow_run' &&
        h.payload.action === 'in_progress' &&
        (h.payload.workflow_run as { id: number }).id === id,
    );
    const cancelled = await octokit.rest.actions.cancelWorkflowRun({
      owner: 'octo',
      repo: 'jobs',
      run_id: id,
    });
    expect(cancelled.status).toBe(202);
    const hook = await completedHook(id);
    expect((hook.payload.workflow_run as { conclusion: string }).conclusion).toBe('cancelled');
    await expect(
      octokit.rest.actions.cancelWorkflowRun({ owner: 'octo', repo: 'jobs', run_id: id }),
    ).rejects.toMatchObject({ status: 409 });
  });

  test('close() kills running jobs and leaves no process behind', async () => {
    const id = await dispatch('long.yml');
    await host.waitForWebhook(
      (h) =>
        h.event === 'workflow_run' &&
        h.payload.action === 'in_progress' &&
        (h.payload.workflow_run as { id: number }).id === id,
    );
    await actions.close();
    const run = actions.runs().find((r) => r.id === id)!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    if (/grandchild=/.test(actions.runLog(id))) await expectGrandchildGone(id);
    expect(actions.load()).toEqual({ queued: 0, running: 0 });
  });
});
