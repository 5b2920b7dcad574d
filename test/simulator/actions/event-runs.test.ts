/**
 * Workflows started by events, through startSimulator and the real Octokit client: a
 * repository's CI (`node --test`) runs on `pull_request` (on the test merge commit) and on
 * `push`, reports a check run per job that gates the pull request, and a GITHUB_TOKEN's push
 * starts nothing. Also the runs list filters and both kinds of concurrency groups.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { validateWebhook, webhookKey } from '../openapi-validator.js';
import { octokitFor, writeBranch } from '../sim-helpers.js';

const CI = `name: CI
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "sha=$GITHUB_SHA ref=$GITHUB_REF head=$GITHUB_HEAD_REF base=$GITHUB_BASE_REF"
      - run: node --test
`;

const LABELED_ONLY = `name: Labels
on:
  pull_request:
    types: [labeled]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo labeled
`;

const ANY_PUSH = `name: Any push
on:
  push:
    branches-ignore: [main]
jobs:
  note:
    runs-on: ubuntu-latest
    steps:
      - run: echo pushed
`;

const BUMP = `name: Bump
on: workflow_dispatch
permissions:
  contents: write
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          git -c user.name=bot -c user.email=bot@example.com commit -q --allow-empty -m bump
          auth=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)
          git -c "http.extraheader=AUTHORIZATION: basic $auth" push -q origin HEAD:refs/heads/bumped
`;

/** Runs waiting on a gate file: one group for the whole workflow, one per worker slot for the job. */
const GROUPED = `name: Grouped
run-name: grouped \${{ inputs.label }}
on:
  workflow_dispatch:
    inputs:
      gate: { required: true }
      label: { required: true }
concurrency:
  group: task-\${{ inputs.label }}
jobs:
  work:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: until [ -e '\${{ inputs.gate }}' ]; do sleep 0.05; done
`;

const SLOTS = `name: Slots
run-name: slot \${{ inputs.slot }} \${{ inputs.label }}
on:
  workflow_dispatch:
    inputs:
      gate: { required: true }
      slot: { required: true }
      label: { required: true }
jobs:
  attempt:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    concurrency:
      group: slot-\${{ inputs.slot }}
    steps:
      - run: until [ -e '\${{ inputs.gate }}' ]; do sleep 0.05; done
`;

const ATTEMPT = `name: Drover
run-name: 'drover #\${{ inputs.task }} attempt \${{ inputs.attempt }}'
on:
  workflow_dispatch:
    inputs:
      task: { required: true }
      attempt: { required: true }
jobs:
  attempt:
    runs-on: ubuntu-latest
    steps:
      - run: echo "attempt on $GITHUB_REF_NAME"
`;

const SUM = 'exports.sum = (a, b) => a + b;\n';
const SUM_TEST = `const test = require('node:test');
const assert = require('node:assert');
const { sum } = require('../sum.js');
test('adds', () => assert.strictEqual(sum(2, 3), 5));
`;

describe('Actions: runs started by push and pull_request', () => {
  let sim: Simulator;
  let app: Octokit;
  const repo = { owner: 'acme', repo: 'calc' };

  const runsOf = async (params: Record<string, string | number | boolean> = {}) =>
    (await app.rest.actions.listWorkflowRunsForRepo({ ...repo, ...params })).data;

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    sim.createRepo('acme', 'calc', {
      files: {
        'sum.js': SUM,
        'test/sum.test.js': SUM_TEST,
        '.github/workflows/ci.yml': CI,
        '.github/workflows/labels.yml': LABELED_ONLY,
        '.github/workflows/any-push.yml': ANY_PUSH,
        '.github/workflows/bump.yml': BUMP,
        '.github/workflows/grouped.yml': GROUPED,
        '.github/workflows/slots.yml': SLOTS,
        '.github/workflows/drover.yml': ATTEMPT,
      },
      requiredChecks: ['test'],
    });
    app = octokitFor(sim, await sim.installationToken(sim.installApp('acme')));
  });
  afterAll(async () => sim.close());

  test('CI runs on a pull request’s test merge commit and its check run gates the merge', async () => {
    const good = await writeBranch(app, repo, 'feature', { 'sum.js': SUM, 'notes.txt': 'n\n' });
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'Add notes',
      head: 'feature',
      base: 'main',
    });
    await sim.actions.idle();
    const { workflow_runs: prRuns } = await runsOf({ event: 'pull_request', branch: 'feature' });
    expect(
      prRuns.map((run) => [run.name, run.status, run.conclusion, run.head_sha, run.display_title]),
    ).toEqual([['CI', 'completed', 'success', good, 'Add notes']]);
    expect(prRuns[0]!.pull_requests).toMatchObject([{ number: pr.number, head: { sha: good } }]);
    const log = sim.actions.runLog(prRuns[0]!.id);
    expect(log).toMatch(new RegExp(`ref=refs/pull/${pr.number}/merge head=feature base=main`));
    // GITHUB_SHA is the test merge commit, not the head.
    expect(log).not.toContain(`sha=${good}`);
    const { data: checks } = await app.rest.checks.listForRef({ ...repo, ref: good, check_name: 'test' });
    expect(checks.check_runs.map((run) => [run.name, run.conclusion, run.app?.slug])).toEqual([
      ['test', 'success', 'github-actions'],
    ]);
    await sim.mergeabilitySettled();
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe(
      'clean',
    );

    // A failing push to the head: synchronize, CI fails, the required check blocks the merge.
    const { data: head } = await app.rest.git.getCommit({ ...repo, commit_sha: good });
    const { data: tree } = await app.rest.git.createTree({
      ...repo,
      base_tree: head.tree.sha,
      tree: [{ path: 'sum.js', mode: '100644', type: 'blob', content: 'exports.sum = (a, b) => a - b;\n' }],
    });
    const { data: bad } = await app.rest.git.createCommit({
      ...repo,
      message: 'Break sum',
      tree: tree.sha,
      parents: [good],
    });
    await app.rest.git.updateRef({ ...repo, ref: 'heads/feature', sha: bad.sha });
    await sim.actions.idle();
    await sim.mergeabilitySettled();
    const { data: failed } = await app.rest.checks.listForRef({ ...repo, ref: bad.sha, check_name: 'test' });
    expect(failed.check_runs[0]).toMatchObject({ conclusion: 'failure', output: { annotations_count: 1 } });
    const { data: annotations } = await app.rest.checks.listAnnotations({
      ...repo,
      check_run_id: failed.check_runs[0]!.id,
    });
    expect(annotations.map((a) => a.message)).toEqual(['Process completed with exit code 1.']);
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe(
      'blocked',
    );
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Required status check "test" is failing.' } },
    });

    // Fixed; merged; the push to main runs CI again, as a push.
    await app.rest.git.updateRef({ ...repo, ref: 'heads/feature', sha: good, force: true });
    await sim.actions.idle();
    await sim.mergeabilitySettled();
    const { data: merged } = await app.rest.pulls.merge({ ...repo, pull_number: pr.number });
    await sim.actions.idle();
    const { workflow_runs: pushRuns } = await runsOf({ event: 'push', branch: 'main' });
    expect(pushRuns.map((run) => [run.name, run.head_sha, run.conclusion])).toEqual([
      ['CI', merged.sha, 'success'],
    ]);
    // labels.yml only runs for `labeled`, which never happened.
    expect((await runsOf()).workflow_runs.some((run) => run.name === 'Labels')).toBe(false);
  });

  test('a push by a GITHUB_TOKEN starts no run; a push by an app does', async () => {
    await app.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'bump.yml', ref: 'main' });
    await sim.actions.idle();
    expect(sim.state.repos.require('acme/calc').branches.has('bumped')).toBe(true);
    const { workflow_runs: bumped } = await runsOf({ branch: 'bumped' });
    expect(bumped).toEqual([]);
    await writeBranch(app, repo, 'by-app', { 'x.txt': 'x\n' });
    await sim.actions.idle();
    const { workflow_runs: byApp } = await runsOf({ branch: 'by-app' });
    expect(byApp.map((run) => [run.name, run.event, run.actor?.login])).toEqual([
      ['Any push', 'push', 'drover-sim[bot]'],
    ]);
  });

  test('finds an attempt dispatched on its own branch by branch and by name', async () => {
    const sha = await writeBranch(app, repo, 'drover/7/attempt-2', { 'w.txt': 'work\n' });
    await app.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'drover.yml',
      ref: 'drover/7/attempt-2',
      inputs: { task: '7', attempt: '2' },
    });
    await sim.actions.idle();
    const { workflow_runs: runs } = await runsOf({
      branch: 'drover/7/attempt-2',
      event: 'workflow_dispatch',
    });
    expect(runs.map((run) => [run.display_title, run.head_branch, run.head_sha, run.conclusion])).toEqual([
      ['drover #7 attempt 2', 'drover/7/attempt-2', sha, 'success'],
    ]);
    expect(sim.actions.runLog(runs[0]!.id)).toContain('attempt on drover/7/attempt-2');
  });

  test('filters the runs list by status, event, actor, head_sha, created, and pages it', async () => {
    const all = await runsOf();
    expect(all.total_count).toBeGreaterThanOrEqual(5);
    const failures = await runsOf({ status: 'failure' });
    expect(failures.workflow_runs.every((run) => run.conclusion === 'failure')).toBe(true);
    expect(failures.total_count).toBe(1);
    expect((await runsOf({ status: 'completed' })).total_count).toBe(all.total_count);
    expect((await runsOf({ event: 'workflow_dispatch', actor: 'drover-sim[bot]' })).total_count).toBe(2);
    const sha = all.workflow_runs[0]!.head_sha;
    expect((await runsOf({ head_sha: sha })).workflow_runs.every((run) => run.head_sha === sha)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await runsOf({ created: `>=${today}` })).total_count).toBe(all.total_count);
    expect((await runsOf({ created: `<${today}` })).total_count).toBe(0);
    expect((await runsOf({ created: `${today}..*` })).total_count).toBe(all.total_count);
    const page = await app.rest.actions.listWorkflowRunsForRepo({ ...repo, per_page: 2, page: 2 });
    expect(page.data.workflow_runs.map((run) => run.id)).toEqual(
      all.workflow_runs.slice(2, 4).map((r) => r.id),
    );
    expect(page.headers.link).toContain('rel="next"');
    const withoutPulls = await runsOf({ event: 'pull_request', exclude_pull_requests: true });
    expect(withoutPulls.workflow_runs.every((run) => run.pull_requests?.length === 0)).toBe(true);
    await expect(runsOf({ status: 'bogus' })).rejects.toMatchObject({ status: 422 });
    await expect(runsOf({ created: 'yesterday' })).rejects.toMatchObject({ status: 422 });
  });

  test('workflow and job concurrency: one running and one pending per group, the newer pending replaces the older', async () => {
    const gate = join(mkdtempSync(join(tmpdir(), 'event-runs-gate-')), 'open');
    const dispatch = async (workflow: string, inputs: Record<string, string>) => {
      const { data } = await app.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          ...repo,
          workflow_id: workflow,
          ref: 'main',
          inputs: { gate, ...inputs },
          return_run_details: true,
        } as never,
      );
      return (data as unknown as { workflow_run_id: number }).workflow_run_id;
    };
    const a = await dispatch('grouped.yml', { label: 'x' });
    const b = await dispatch('grouped.yml', { label: 'x' });
    const held = await runsOf({ status: 'pending' });
    expect(held.workflow_runs.map((run) => run.id)).toEqual([b]);
    const c = await dispatch('grouped.yml', { label: 'x' });
    const s1 = await dispatch('slots.yml', { slot: '1', label: 'first' });
    const s2 = await dispatch('slots.yml', { slot: '1', label: 'second' });
    const s3 = await dispatch('slots.yml', { slot: '1', label: 'third' });
    const s4 = await dispatch('slots.yml', { slot: '2', label: 'other slot' });
    writeFileSync(gate, '');
    await sim.actions.idle();
    rmSync(dirname(gate), { recursive: true, force: true });
    const conclusion = async (id: number) =>
      (await app.rest.actions.getWorkflowRun({ ...repo, run_id: id })).data.conclusion;
    expect(await Promise.all([a, b, c, s1, s2, s3, s4].map(conclusion))).toEqual([
      'success',
      'cancelled',
      'success',
      'success',
      'cancelled',
      'success',
      'success',
    ]);
    // The run cancelled while pending never ran its job; the jobs list still shows it, cancelled.
    const { data: jobs } = await app.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: b });
    expect(jobs.jobs.map((job) => [job.name, job.status, job.conclusion])).toEqual([
      ['work', 'completed', 'cancelled'],
    ]);
    const { data: replaced } = await app.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: s2 });
    expect(replaced.jobs.map((job) => [job.status, job.conclusion])).toEqual([['completed', 'cancelled']]);
  }, 60_000);

  test('sends workflow_run, workflow_job, check_run and check_suite webhooks GitHub’s schemas accept', async () => {
    await sim.webhooks.settled();
    const deliveries = sim.webhooks.deliveries.filter((d) =>
      ['workflow_run', 'workflow_job', 'check_run', 'check_suite'].includes(d.event),
    );
    const problems = deliveries.flatMap((d) =>
      validateWebhook(webhookKey(d.event, d.action), d.payload).map(
        (p) => `${webhookKey(d.event, d.action)} ${p}`,
      ),
    );
    expect([...new Set(problems)]).toEqual([]);
    const pullRun = deliveries.find(
      (d) =>
        d.event === 'workflow_run' && (d.payload.workflow_run as { event: string }).event === 'pull_request',
    );
    expect(pullRun?.payload.workflow_run).toMatchObject({ pull_requests: [{ number: 1 }] });
  });
});
