/**
 * The scan for unanswered `/drover` comments (a full read's, docs/control-loop.md §4): one
 * listing of the repository's comments since the last look; our answers in it rule their
 * commands out; a comment with a 👀 is asked who reacted and when, once, and only while
 * unanswered. Exact requests, GitHub's shapes (nock).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/core';
import nock from 'nock';
import { commentsGateway } from '../../../app/github/comments-gateway.js';

const API = 'https://api.github.com';
const IDENTITY = { appId: 42, botLogin: 'drover[bot]' };
const SINCE = '2026-01-01T00:00:00Z';

const person = (login: string) => ({ login, type: 'User' });
const bot = { login: 'drover[bot]', type: 'Bot' };

function comment(id: number, body: string, user: object, eyes = 0, extra: object = {}) {
  return {
    id,
    body,
    user,
    html_url: `https://github.com/o/r/issues/3#issuecomment-${id}`,
    issue_url: `${API}/repos/o/r/issues/3`,
    updated_at: '2026-01-01T00:01:00Z',
    reactions: { eyes, confused: 0 },
    performed_via_github_app: null,
    ...extra,
  };
}

function reaction(content: string, user: object, createdAt = '2026-01-01T00:01:01Z') {
  return { id: 1, node_id: 'REA_1', content, user, created_at: createdAt };
}

describe('CommentsGateway.unansweredCommands', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it('finds unclaimed and orphaned claims; answered, refused and plain comments are left', async () => {
    const gateway = commentsGateway(new Octokit({ auth: 'ghs_test' }), { owner: 'o', repo: 'r' }, IDENTITY);
    nock(API)
      .get('/repos/o/r/issues/comments')
      .query({ since: SINCE, sort: 'created', direction: 'asc', per_page: '100', page: '1' })
      .reply(200, [
        comment(1, '/drover run', person('owner')),
        comment(2, '/drover pause', person('owner'), 1),
        comment(3, '/drover cancel', person('owner'), 1),
        comment(4, '/drover retry #1', person('owner'), 1),
        comment(5, '/drover run', person('stranger'), 1),
        comment(6, '/drover run', person('other'), 1),
        comment(7, 'hello', person('owner')),
        // Our answer to #2, and a refusal of #6 (keyed by person, naming the command).
        comment(8, '@owner Paused.\n\n<!-- drover:reply-2 -->', bot, 0, {
          performed_via_github_app: { id: 42 },
        }),
        comment(9, '@other no.\n\n<!-- drover:refusal-other -->\n<!-- drover:reply-6 -->', bot),
        // Someone else's text that looks like an answer proves nothing.
        comment(10, 'fake <!-- drover:reply-3 -->', person('mallory')),
      ]);
    // #3: our claim, no answer: its controller died. #4: a person's 👀, not a claim. #5: refused with 😕.
    nock(API)
      .get('/repos/o/r/issues/comments/3/reactions')
      .query({ per_page: '100' })
      .reply(200, [reaction('eyes', bot, '2026-01-01T00:01:02Z')]);
    nock(API)
      .get('/repos/o/r/issues/comments/4/reactions')
      .query({ per_page: '100' })
      .reply(200, [reaction('eyes', person('owner'))]);
    nock(API)
      .get('/repos/o/r/issues/comments/5/reactions')
      .query({ per_page: '100' })
      .reply(200, [reaction('eyes', bot), reaction('confused', bot)]);

    const found = await gateway.unansweredCommands(SINCE);
    expect(found.map(({ id, claimedAt }) => ({ id, claimedAt }))).toEqual([
      { id: 1, claimedAt: null },
      { id: 3, claimedAt: '2026-01-01T00:01:02Z' },
      { id: 4, claimedAt: null },
    ]);
    expect(found[0]).toEqual({
      id: 1,
      issue: 3,
      body: '/drover run',
      author: 'owner',
      authorType: 'User',
      viaAppId: null,
      updatedAt: '2026-01-01T00:01:00Z',
      claimedAt: null,
    });
  });
});
