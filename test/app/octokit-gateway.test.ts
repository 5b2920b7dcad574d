import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/core';
import nock from 'nock';
import { defaultConfig } from '../../core/config.js';
import { createGateway } from '../../app/github/octokit-gateway.js';
import { composeBody, readData } from '../../app/github/markers.js';
import { emptyAttemptRecord } from '../../app/github/record-schemas.js';

const API = 'https://api.github.com';
const identity = { appId: 42, botLogin: 'drover[bot]' };

function gateway() {
  return createGateway(new Octokit({ auth: 'token' }), 'octo/repo', {
    identity,
    labels: defaultConfig().labels,
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('createGateway over Octokit', () => {
  it('writes the attempt into our comment and never into a look-alike a person wrote', async () => {
    const record = { ...emptyAttemptRecord(), attempt: 1 };
    const forged = composeBody('hi', 'task', { ...record, attempt: 9 });
    const ours = composeBody('Drover', 'task', record);
    nock(API)
      .get('/repos/octo/repo/issues/5/comments')
      .query({ per_page: 100, page: 1 })
      .reply(200, [
        {
          id: 1,
          body: forged,
          html_url: 'u1',
          user: { login: 'mallory', type: 'User' },
          performed_via_github_app: null,
        },
        {
          id: 2,
          body: ours,
          html_url: 'u2',
          user: { login: 'drover[bot]', type: 'Bot' },
          performed_via_github_app: { id: 42 },
        },
      ])
      .patch(
        '/repos/octo/repo/issues/comments/2',
        (body: { body: string }) => (readData(body.body) as { attempt: number }).attempt === 2,
      )
      .reply(200, { id: 2, body: 'x', html_url: 'u2' });
    await gateway().writeAttempt(5, { ...record, attempt: 2 });
  });

  it('creates the task comment when only a person’s look-alike exists', async () => {
    nock(API)
      .get('/repos/octo/repo/issues/5/comments')
      .query(true)
      .reply(200, [
        {
          id: 1,
          body: composeBody('x', 'task', {}),
          html_url: 'u',
          user: { login: 'mallory' },
          performed_via_github_app: null,
        },
      ])
      .post('/repos/octo/repo/issues/5/comments')
      .reply(201, { id: 3, body: 'x', html_url: 'u3' });
    await gateway().writeAttempt(5, emptyAttemptRecord());
  });

  it('dispatches with return_run_details and falls back to the run name on a 204', async () => {
    nock(API)
      .post('/repos/octo/repo/actions/workflows/drover.yml/dispatches', {
        ref: 'main',
        inputs: { task: '5', attempt: '1', run: 'r' },
        return_run_details: true,
      })
      .reply(200, { workflow_run_id: 77, run_url: 'x', html_url: 'y' })
      .post('/repos/octo/repo/actions/workflows/drover.yml/dispatches')
      .reply(204)
      .get('/repos/octo/repo/actions/workflows/drover.yml/runs')
      .query({ event: 'workflow_dispatch', per_page: 100 })
      .reply(200, {
        total_count: 1,
        workflow_runs: [
          {
            id: 78,
            display_title: 'drover #5 attempt 1',
            status: 'queued',
            conclusion: null,
            created_at: 't',
            updated_at: 't',
            html_url: 'h',
          },
        ],
      });
    const inputs = { task: '5', attempt: '1', run: 'r' };
    expect(await gateway().dispatchWorkflow('drover.yml', 'main', inputs, 'drover #5 attempt 1')).toBe(77);
    expect(await gateway().dispatchWorkflow('drover.yml', 'main', inputs, 'drover #5 attempt 1')).toBe(78);
  });

  it('treats removing a label that is not there as done', async () => {
    nock(API)
      .post('/repos/octo/repo/issues/5/labels', { labels: ['drover:review'] })
      .reply(200, [])
      .delete('/repos/octo/repo/issues/5/labels/drover%3Arunning')
      .reply(404, { message: 'Label does not exist' });
    await gateway().setLabels(5, { add: ['drover:review'], remove: ['drover:running'] });
  });

  it('reads maintain and triage from role_name, and none for a non-collaborator', async () => {
    nock(API)
      .get('/repos/octo/repo/collaborators/bob/permission')
      .reply(200, { permission: 'write', role_name: 'maintain', user: null })
      .get('/repos/octo/repo/collaborators/eve/permission')
      .reply(404, { message: 'Not Found' });
    expect(await gateway().getPermission('bob')).toBe('maintain');
    expect(await gateway().getPermission('eve')).toBe('none');
  });

  it('opens a PR, or finds the one that already exists on a 422', async () => {
    const pr = {
      number: 9,
      html_url: 'p',
      state: 'open',
      merged: false,
      head: { ref: 'drover/5-x', sha: 's' },
      mergeable: null,
      mergeable_state: 'unknown',
      node_id: 'PR_9',
    };
    nock(API)
      .post('/repos/octo/repo/pulls')
      .reply(422, {
        message: 'Validation Failed',
        errors: [{ message: 'A pull request already exists for octo:drover/5-x.' }],
      })
      .get('/repos/octo/repo/pulls')
      .query({ head: 'octo:drover/5-x', state: 'all', per_page: 100 })
      .reply(200, [pr]);
    const opened = await gateway().openPullRequest({
      head: 'drover/5-x',
      base: 'main',
      title: 't',
      body: 'b',
    });
    expect(opened).toMatchObject({ number: 9, state: 'open', nodeId: 'PR_9' });
  });
});
