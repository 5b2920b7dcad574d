/**
 * The refusal path end to end through Octokit: a real `issue_comment.created` example payload
 * from the repository owner's org (author_association OWNER, which Drover must not trust), the
 * permissions API saying "read", and exactly one refusal comment, not repeated on redelivery.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import nock from 'nock';
import { Octokit } from '@octokit/rest';
import { defaultConfig } from '../../../core/config.js';
import { handleCommand } from '../../../app/commands/handle-command.js';
import { createGateway } from '../../../app/github/octokit-gateway.js';

interface CommentPayload {
  action: string;
  comment: {
    id: number;
    body: string;
    user: { login: string; type: 'User' | 'Bot' | 'Organization' };
    author_association: string;
    performed_via_github_app?: { id: number } | null;
  };
  issue: { number: number };
  repository: { full_name: string };
}

const OWN_APP_ID = 1001;
const API = 'https://api.github.com';

function examplePayload(): CommentPayload {
  const require = createRequire(import.meta.url);
  const events = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
    name: string;
    examples: CommentPayload[];
  }>;
  const example = events
    .find((event) => event.name === 'issue_comment')
    ?.examples.find((e) => e.action === 'created');
  if (!example) throw new Error('no issue_comment.created example');
  return { ...example, comment: { ...example.comment, body: 'Let us go.\n\n/drover run --workers 4' } };
}

function handle(payload: CommentPayload) {
  const octokit = new Octokit({
    auth: 'installation-token',
    request: { fetch: globalThis.fetch, retries: 0 },
  });
  const config = defaultConfig();
  const gateway = createGateway(octokit, payload.repository.full_name, {
    identity: { appId: OWN_APP_ID, botLogin: 'drover[bot]' },
    labels: config.labels,
  });
  return handleCommand({
    gateway,
    config,
    issue: payload.issue.number,
    comment: {
      id: payload.comment.id,
      body: payload.comment.body,
      author: payload.comment.user.login,
      authorType: payload.comment.user.type,
      viaAppId: payload.comment.performed_via_github_app?.id ?? null,
    },
    ownAppId: OWN_APP_ID,
    now: new Date('2026-11-25T12:00:00Z'),
    loadSnapshot: () => {
      throw new Error('a refused command must not load the snapshot');
    },
  });
}

describe('permission-driven refusal through Octokit', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('asks the permissions API (not author_association) and posts one refusal', async () => {
    const payload = examplePayload();
    expect(payload.comment.author_association).toBe('OWNER');
    const repo = `/repos/${payload.repository.full_name}`;
    let posted = '';
    nock(API)
      .get(`${repo}/collaborators/${payload.comment.user.login}/permission`)
      .reply(200, { permission: 'read', role_name: 'triage', user: null })
      .get(`${repo}/issues/${payload.issue.number}/comments`)
      .query({ per_page: 100, page: 1 })
      .reply(200, [])
      .post(`${repo}/issues/${payload.issue.number}/comments`, (body: { body: string }) => {
        posted = body.body;
        return true;
      })
      .reply(201, { id: 5, body: 'x', html_url: 'https://github.com/x' });

    expect(await handle(payload)).toEqual({ handled: true, reconcile: false });

    expect(posted).toContain(`@${payload.comment.user.login} thanks for the nudge!`);
    expect(posted).toContain('(yours is **triage**)');
    expect(posted).toContain(`<!-- drover:reply-${payload.comment.id} -->`);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a redelivered webhook finds the refusal it already posted and writes nothing', async () => {
    const payload = examplePayload();
    const repo = `/repos/${payload.repository.full_name}`;
    let refusal = '';
    nock(API)
      .get(`${repo}/collaborators/${payload.comment.user.login}/permission`)
      .twice()
      .reply(200, { permission: 'read', role_name: 'read', user: null })
      .get(`${repo}/issues/${payload.issue.number}/comments`)
      .query({ per_page: 100, page: 1 })
      .reply(200, [])
      .post(`${repo}/issues/${payload.issue.number}/comments`, (body: { body: string }) => {
        refusal = body.body;
        return true;
      })
      .reply(201, { id: 5, body: 'x', html_url: 'https://github.com/x' });
    await handle(payload);

    nock(API)
      .get(`${repo}/issues/${payload.issue.number}/comments`)
      .query({ per_page: 100, page: 1 })
      .reply(200, () => [
        {
          id: 5,
          body: refusal,
          html_url: 'https://github.com/x',
          user: { login: 'drover[bot]', type: 'Bot' },
          performed_via_github_app: { id: OWN_APP_ID },
        },
      ]);
    expect(await handle(payload)).toEqual({ handled: true, reconcile: false });
    expect(nock.pendingMocks()).toEqual([]);
  });
});
