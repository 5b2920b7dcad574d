import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type HistoryEntry, type Simulator } from '../../simulator/index.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const WORKFLOW = `name: Attempt
run-name: "attempt \${{ inputs.task }}"
on:
  workflow_dispatch:
    inputs:
      task: { required: true }
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - run: echo "task \${{ inputs.task }}"
`;

const names = (entries: HistoryEntry[]) => entries.map((entry) => `${entry.event}.${entry.action ?? ''}`);

describe('simulator: event history', () => {
  let sim: Simulator;
  let app: Octokit;
  let alice: Octokit;
  const repo = { owner: 'alice', repo: 'history' };

  beforeAll(async () => {
    sim = await startSimulator(); // no webhook target: nothing is delivered, everything is recorded
    alice = octokitFor(sim, sim.createUser('alice').token);
    sim.createRepo('alice', 'history', {
      files: { 'README.md': '# history\n', '.github/workflows/attempt.yml': WORKFLOW },
    });
    app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/history')));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('records issue events with their actor, label and comment, even when the delivery is dropped', async () => {
    sim.webhooks.drop((delivery) => delivery.event === 'issue_comment');
    const start = sim.history().at(-1)?.seq ?? 0;
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'Task', labels: ['drover'] });
    await alice.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'drover' });
    await app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hello' });
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, state: 'closed' });
    sim.advanceClock(60_000);
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, state: 'open' });
    const entries = sim.history({ afterSeq: start });
    expect(names(entries)).toEqual([
      'issues.opened',
      'issues.labeled',
      'issues.unlabeled',
      'issue_comment.created',
      'issues.closed',
      'issues.reopened',
    ]);
    expect(entries.map((entry) => entry.actor)).toEqual([
      'drover-sim[bot]',
      'drover-sim[bot]',
      'alice',
      'drover-sim[bot]',
      'alice',
      'alice',
    ]);
    expect(entries[1]?.label).toBe('drover');
    expect(entries[2]?.label).toBe('drover');
    expect(entries[3]?.comment).toMatchObject({ issueNumber: issue.number, body: 'hello' });
    expect(entries[4]?.issue).toMatchObject({
      number: issue.number,
      state: 'closed',
      stateReason: 'completed',
    });
    expect(entries.every((entry) => entry.repo === 'alice/history')).toBe(true);
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, i) => start + i + 1));
    expect(entries[5]!.atMs - entries[4]!.atMs).toBeGreaterThanOrEqual(60_000);
    const dropped = sim.webhooks.deliveries.find((d) => d.id === entries[3]?.deliveryId);
    expect(dropped?.status).toBe('dropped');
  });

  it('records pushes, and pull requests opened and merged', async () => {
    const start = sim.history().at(-1)?.seq ?? 0;
    const sha = await writeBranch(app, repo, 'drover/task-1', { 'a.txt': 'a\n' });
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'PR',
      head: 'drover/task-1',
      base: 'main',
    });
    await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'squash' });
    const entries = sim.history({ afterSeq: start, event: ['push', 'pull_request'] });
    const push = entries.find((entry) => entry.ref?.ref === 'refs/heads/drover/task-1');
    expect(push?.ref).toMatchObject({ after: sha, created: true, deleted: false });
    const opened = entries.find((entry) => entry.event === 'pull_request' && entry.action === 'opened');
    expect(opened?.pullRequest).toMatchObject({ number: pr.number, merged: false, headRef: 'drover/task-1' });
    const closed = entries.find((entry) => entry.event === 'pull_request' && entry.action === 'closed');
    expect(closed?.pullRequest).toMatchObject({
      number: pr.number,
      state: 'closed',
      merged: true,
      baseRef: 'main',
    });
    expect(closed?.pullRequest?.mergeCommitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(entries.some((entry) => entry.ref?.ref === 'refs/heads/main')).toBe(true);
  });

  it('records a workflow run requested, in progress and completed, with its name, title and conclusion', async () => {
    await app.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'attempt.yml',
      ref: 'main',
      inputs: { task: '7' },
    });
    await sim.actions.idle();
    const runs = sim.history({ event: 'workflow_run' });
    expect(names(runs)).toEqual([
      'workflow_run.requested',
      'workflow_run.in_progress',
      'workflow_run.completed',
    ]);
    const ids = new Set(runs.map((entry) => entry.workflowRun?.id));
    expect(ids.size).toBe(1);
    expect(runs[0]?.workflowRun).toMatchObject({
      name: 'Attempt',
      displayTitle: 'attempt 7',
      conclusion: null,
    });
    expect(runs[2]?.workflowRun).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      headBranch: 'main',
    });
    expect(sim.history({ event: 'workflow_run', action: 'completed' })).toHaveLength(1);
  });
});
