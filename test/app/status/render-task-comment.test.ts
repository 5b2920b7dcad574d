import { describe, expect, it } from '@jest/globals';
import { readData, readKey } from '../../../app/github/markers.js';
import { renderTaskComment } from '../../../app/status/render-task-comment.js';
import { anAttempt } from '../fakes/drover-fixtures.js';

const extras = { repo: 'octo/repo', maxAttempts: 3 };

describe('renderTaskComment', () => {
  it('embeds the attempt record as the app’s task marker, readable back unchanged', () => {
    const record = anAttempt({
      attempt: 2,
      runId: 77,
      lastOutcome: 'failed',
      reason: 'timeout',
      durationsMs: [1000],
    });
    const body = renderTaskComment({ number: 5 }, record, extras);
    expect(readKey(body)).toBe('task');
    expect(readData(body)).toEqual(record);
  });

  it('says attempt n of max, the last outcome and reason, links and the next retry time', () => {
    const body = renderTaskComment(
      { number: 5 },
      anAttempt({
        attempt: 2,
        runId: 77,
        lastOutcome: 'failed',
        reason: 'verify failed',
        nextRetryAt: '2026-11-25T12:04:00.000Z',
        wipBranch: 'drover/5-wip',
        costUsd: 1.5,
        durationsMs: [600_000, 3_900_000],
      }),
      { ...extras, pullRequest: { number: 9, url: 'https://github.com/octo/repo/pull/9' } },
    );
    expect(body).toContain('attempt 2 of 3');
    expect(body).toContain('The last attempt failed: verify failed');
    expect(body).toContain('[workflow run](https://github.com/octo/repo/actions/runs/77)');
    expect(body).toContain('(https://github.com/octo/repo/tree/drover/5-wip)');
    expect(body).toContain('[pull request #9](https://github.com/octo/repo/pull/9)');
    expect(body).toContain('Next attempt not before 2026-11-25 12:04 UTC.');
    expect(body).toContain('Finished attempts took 10 min, 1 h 5 min.');
    expect(body).toContain('Spend so far: $1.50.');
  });

  it('tells people what to do when blocked or out of attempts', () => {
    const blocked = renderTaskComment(
      { number: 5 },
      anAttempt({ attempt: 1, lastOutcome: 'blocked', reason: 'which API?' }),
      extras,
    );
    expect(blocked).toContain('is blocked: it needs a person: which API?');
    expect(blocked).toContain('`/drover retry #5`');
    const exhausted = renderTaskComment(
      { number: 5 },
      anAttempt({ attempt: 3, lastOutcome: 'failed' }),
      extras,
    );
    expect(exhausted).toContain('No attempts left');
  });

  it('shows a running attempt and links to an Enterprise server', () => {
    const body = renderTaskComment(
      { number: 5 },
      anAttempt({ attempt: 1, runId: 3, dispatchedAt: '2026-11-25T11:00:00.000Z' }),
      { ...extras, running: true, serverUrl: 'https://ghe.example.com/' },
    );
    expect(body).toContain('Attempt 1 is running since 2026-11-25 11:00 UTC.');
    expect(body).toContain('https://ghe.example.com/octo/repo/actions/runs/3');
  });

  it('escapes an untrusted reason', () => {
    const body = renderTaskComment(
      { number: 5 },
      anAttempt({ attempt: 1, lastOutcome: 'failed', reason: '<img src=x> @team' }),
      extras,
    );
    expect(body).not.toContain('<img');
    expect(body).toContain('@&#8203;team');
  });
});
