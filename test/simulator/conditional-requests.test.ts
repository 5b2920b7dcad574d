import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

const WEAK_ETAG = /^W\/"[0-9a-f]{64}"$/;

interface OctokitRequestError {
  name: string;
  status: number;
  response?: { data: unknown; headers: Record<string, string | undefined> };
}

/** The RequestError (name `HttpError`) @octokit/request throws for a 304: it never resolves one. */
async function notModified(promise: Promise<unknown>): Promise<OctokitRequestError> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as OctokitRequestError | undefined;
  expect(error?.name).toBe('HttpError');
  return error as OctokitRequestError;
}

describe('simulator: conditional requests', () => {
  let sim: Simulator;
  let app: Octokit;
  const repo = { owner: 'alice', repo: 'cond' };

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('alice');
    sim.createRepo('alice', 'cond');
    app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/cond')));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('gives a successful GET a weak ETag from the body, and single objects a Last-Modified', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'etag' });
    const one = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(one.headers.etag).toMatch(WEAK_ETAG);
    expect(one.headers['last-modified']).toBe(new Date(issue.updated_at).toUTCString());
    const again = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(again.headers.etag).toBe(one.headers.etag);
    const list = await app.rest.issues.listForRepo(repo);
    expect(list.headers.etag).toMatch(WEAK_ETAG);
    expect(list.headers['last-modified']).toBeUndefined();
    const created = await app.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'x' });
    expect(created.headers.etag).toBeUndefined();
  });

  it('answers 304 with no body to a matching If-None-Match, which Octokit throws as status 304', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'cached' });
    const first = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    const etag = String(first.headers.etag);
    for (const header of [etag, etag.replace(/^W\//, ''), `"nope", ${etag}`, '*']) {
      const error = await notModified(
        app.rest.issues.get({ ...repo, issue_number: issue.number, headers: { 'if-none-match': header } }),
      );
      expect(error.status).toBe(304);
      expect(error.response?.data).toBe('');
      expect(error.response?.headers.etag).toBe(etag);
    }
    const changed = await app.rest.issues.get({
      ...repo,
      issue_number: issue.number,
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(changed.status).toBe(200);
  });

  it('answers 200 with a new ETag once the resource changed', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'before' });
    const first = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    await app.rest.issues.update({ ...repo, issue_number: issue.number, title: 'after' });
    const second = await app.rest.issues.get({
      ...repo,
      issue_number: issue.number,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(second.status).toBe(200);
    expect(second.data.title).toBe('after');
    expect(second.headers.etag).not.toBe(first.headers.etag);
  });

  it('honours If-Modified-Since when there is no If-None-Match', async () => {
    const { data: issue } = await app.rest.issues.create({ ...repo, title: 'dated' });
    const first = await app.rest.issues.get({ ...repo, issue_number: issue.number });
    const lastModified = String(first.headers['last-modified']);
    const error = await notModified(
      app.rest.issues.get({
        ...repo,
        issue_number: issue.number,
        headers: { 'if-modified-since': lastModified },
      }),
    );
    expect(error.status).toBe(304);
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const fresh = await app.rest.issues.get({
      ...repo,
      issue_number: issue.number,
      headers: { 'if-modified-since': older },
    });
    expect(fresh.status).toBe(200);
    // If-None-Match wins: a stale ETag gets the body even with a recent If-Modified-Since.
    const both = await app.rest.issues.get({
      ...repo,
      issue_number: issue.number,
      headers: { 'if-modified-since': lastModified, 'if-none-match': '"stale"' },
    });
    expect(both.status).toBe(200);
  });

  it('does not bill a 304: the budget and the billed count stay, the 304 is counted apart', async () => {
    const first = await app.rest.repos.get(repo);
    sim.counters.reset();
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    const error = await notModified(
      app.rest.repos.get({ ...repo, headers: { 'if-none-match': first.headers.etag } }),
    );
    expect(error.response?.headers['x-ratelimit-remaining']).toBe(String(remaining));
    const fresh = await app.rest.repos.get(repo);
    expect(fresh.headers['x-ratelimit-remaining']).toBe(String(remaining - 1));
    const { usage } = sim.counters.snapshot();
    expect(usage.byKind.installation).toMatchObject({ rest: 1, notModified: 1 });
    expect(usage.routes['GET /repos/{owner}/{repo}']).toMatchObject({ billed: 1, notModified: 1 });
  });
});
