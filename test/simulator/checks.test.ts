/**
 * The Checks API and required status checks through the real Octokit client: who may write
 * checks, how a required context is satisfied (a commit status or a check run of that name),
 * what `mergeable_state` and the merge endpoint say at each step, "require branches to be up to
 * date", and the `check_run` / `check_suite` / `status` webhooks against GitHub's schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { validateWebhook, webhookKey } from './openapi-validator.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

describe('simulator: checks and required status checks', () => {
  let sim: Simulator;
  let app: Octokit;
  let actionsJob: Octokit;
  let alice: Octokit;
  const repo = { owner: 'acme', repo: 'svc' };

  /** The pull request once the background mergeability computation has run. */
  const settledPull = async (number: number) => {
    await sim.mergeabilitySettled();
    return (await app.rest.pulls.get({ ...repo, pull_number: number })).data;
  };
  const openPull = async (branch: string, files: Record<string, string>) => {
    const sha = await writeBranch(app, repo, branch, files);
    const { data } = await app.rest.pulls.create({ ...repo, title: branch, head: branch, base: 'main' });
    return { number: data.number, sha };
  };

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    const person = sim.createUser('alice');
    sim.createRepo('acme', 'svc', { requiredChecks: ['ci'] });
    sim.setPermission('acme/svc', 'alice', 'admin');
    app = octokitFor(sim, await sim.installationToken(sim.installApp('acme')));
    actionsJob = octokitFor(sim, sim.host.mintJobToken('acme/svc', { checks: 'write', statuses: 'write' }));
    alice = octokitFor(sim, person.token);
  });
  afterAll(async () => sim.close());

  it('lets only GitHub Apps write checks, and each app only its own check runs', async () => {
    const sha = await writeBranch(app, repo, 'who-writes', { 'w.txt': 'w\n' });
    await expect(alice.rest.checks.create({ ...repo, name: 'ci', head_sha: sha })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'You must authenticate via a GitHub App.' } },
    });
    // The app's installation holds checks: read (app.yml), as Drover's does.
    await expect(app.rest.checks.create({ ...repo, name: 'ci', head_sha: sha })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
    const ours = sim.state.checks.createRun('acme/svc', 'app', { name: 'app-check', head_sha: sha });
    await expect(
      actionsJob.rest.checks.update({ ...repo, check_run_id: ours.id, conclusion: 'success' }),
    ).rejects.toMatchObject({
      status: 403,
      response: {
        data: {
          message:
            'Invalid app_id `15368` - check run can only be modified by the GitHub App that created it.',
        },
      },
    });
    await expect(
      actionsJob.rest.checks.create({ ...repo, name: 'ci', head_sha: '0'.repeat(40) }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      actionsJob.rest.checks.create({ ...repo, name: 'ci', head_sha: sha, status: 'completed' }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('blocks on a required context until a check run of that name passes; other failures make it unstable', async () => {
    const pr = await openPull('by-check-run', { 'a.txt': 'a\n' });
    expect(await settledPull(pr.number)).toMatchObject({ mergeable: true, mergeable_state: 'blocked' });
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Required status check "ci" is expected.' } },
    });

    const { data: run } = await actionsJob.rest.checks.create({
      ...repo,
      name: 'ci',
      head_sha: pr.sha,
      status: 'in_progress',
    });
    expect((await settledPull(pr.number)).mergeable_state).toBe('blocked');
    await actionsJob.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: 'failure' });
    expect((await settledPull(pr.number)).mergeable_state).toBe('blocked');
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Required status check "ci" is failing.' } },
    });

    // A new run of the same name supersedes the failed one (the latest run of each name counts).
    await actionsJob.rest.checks.create({ ...repo, name: 'ci', head_sha: pr.sha, conclusion: 'success' });
    expect((await settledPull(pr.number)).mergeable_state).toBe('clean');
    await actionsJob.rest.repos.createCommitStatus({
      ...repo,
      sha: pr.sha,
      state: 'failure',
      context: 'lint',
    });
    expect((await settledPull(pr.number)).mergeable_state).toBe('unstable');

    const { data: listed } = await app.rest.checks.listForRef({ ...repo, ref: pr.sha });
    expect(listed.check_runs.map((r) => [r.name, r.conclusion])).toEqual([['ci', 'success']]);
    const { data: all } = await app.rest.checks.listForRef({ ...repo, ref: pr.sha, filter: 'all' });
    expect(all.total_count).toBe(2);
    const { data: combined } = await app.rest.repos.getCombinedStatusForRef({ ...repo, ref: pr.sha });
    expect(combined).toMatchObject({ state: 'failure', total_count: 1 });

    // Non-required failures do not stop a merge.
    const { data: merged } = await app.rest.pulls.merge({ ...repo, pull_number: pr.number });
    expect(merged.merged).toBe(true);
  });

  it('accepts a commit status for a required context, and says how many are expected', async () => {
    sim.setRequiredChecks('acme/svc', { contexts: ['ci', 'e2e'] });
    const pr = await openPull('by-status', { 'b.txt': 'b\n' });
    await sim.mergeabilitySettled();
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: '2 of 2 required status checks are expected.' } },
    });
    await actionsJob.rest.repos.createCommitStatus({ ...repo, sha: pr.sha, state: 'success', context: 'ci' });
    await actionsJob.rest.checks.create({ ...repo, name: 'e2e', head_sha: pr.sha, conclusion: 'skipped' });
    expect((await settledPull(pr.number)).mergeable_state).toBe('clean');
    sim.setRequiredChecks('acme/svc', { contexts: ['ci'] });
  });

  it('holds a pull request behind its base as `behind` when branches must be up to date', async () => {
    sim.setRequiredChecks('acme/svc', { contexts: ['ci'], strict: true });
    const pr = await openPull('strict', { 'c.txt': 'c\n' });
    await actionsJob.rest.repos.createCommitStatus({ ...repo, sha: pr.sha, state: 'success', context: 'ci' });
    expect((await settledPull(pr.number)).mergeable_state).toBe('clean');
    await writeBranch(app, repo, 'elsewhere', { 'd.txt': 'd\n' });
    const { data: main } = await app.rest.git.getRef({ ...repo, ref: 'heads/elsewhere' });
    await app.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: main.object.sha });
    expect((await settledPull(pr.number)).mergeable_state).toBe('behind');
    await expect(app.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 409,
      response: { data: { message: 'Head branch is out of date. Review and try the merge again.' } },
    });
    await expect(
      app.rest.pulls.updateBranch({ ...repo, pull_number: pr.number, expected_head_sha: main.object.sha }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'expected head sha didn\u2019t match current head ref.' } },
    });
    const update = await app.rest.pulls.updateBranch({
      ...repo,
      pull_number: pr.number,
      expected_head_sha: pr.sha,
    });
    expect(update.status).toBe(202);
    const updated = await settledPull(pr.number);
    // The merge of the base is a new head: the required check must pass again.
    expect(updated.head.sha).not.toBe(pr.sha);
    expect(updated.mergeable_state).toBe('blocked');
    await actionsJob.rest.repos.createCommitStatus({
      ...repo,
      sha: updated.head.sha,
      state: 'success',
      context: 'ci',
    });
    expect((await settledPull(pr.number)).mergeable_state).toBe('clean');
    sim.setRequiredChecks('acme/svc', { contexts: ['ci'] });
  });

  it('sends check_run, check_suite and status webhooks GitHub’s schemas accept', async () => {
    await sim.webhooks.settled();
    const checkEvents = sim.webhooks.deliveries.filter((d) =>
      ['check_run', 'check_suite', 'status'].includes(d.event),
    );
    const keys = new Set(checkEvents.map((d) => webhookKey(d.event, d.action)));
    expect([...keys].sort()).toEqual([
      'check-run-completed',
      'check-run-created',
      'check-suite-completed',
      'status',
    ]);
    const problems = checkEvents.flatMap((d) =>
      validateWebhook(webhookKey(d.event, d.action), d.payload).map((p) => `${d.event}: ${p}`),
    );
    expect(problems).toEqual([]);
    const completed = checkEvents.find((d) => d.event === 'check_suite')!;
    expect(completed.payload).toMatchObject({
      check_suite: { status: 'completed', app: { slug: 'github-actions' } },
      installation: { id: expect.any(Number) },
    });
  });
});
