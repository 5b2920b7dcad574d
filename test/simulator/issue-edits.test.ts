/**
 * Who may change an issue's or comment's text, GitHub's length limits, and what GraphQL tells
 * about changes (editor, edit history, timeline events with their actors), through the real
 * Octokit REST and GraphQL clients.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql } from '@octokit/graphql';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor, writeBranch } from './sim-helpers.js';

const NOT_ALLOWED = { status: 403, response: { data: { message: 'Must have admin rights to Repository.' } } };

describe('simulator: editing issues and comments', () => {
  let sim: Simulator;
  let app: Octokit;
  let appGql: typeof graphql;
  const people: Record<'reporter' | 'reader' | 'triager' | 'writer', Octokit> = {} as never;
  const repo = { owner: 'acme', repo: 'tracker' };

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    sim.createRepo('acme', 'tracker');
    for (const login of ['reporter', 'reader', 'triager', 'writer'] as const) {
      people[login] = octokitFor(sim, sim.createUser(login).token);
    }
    sim.setPermission('acme/tracker', 'triager', 'triage');
    sim.setPermission('acme/tracker', 'writer', 'write');
    const token = await sim.installationToken(sim.installApp('acme'));
    app = octokitFor(sim, token);
    appGql = graphql.defaults({ baseUrl: sim.baseUrl, headers: { authorization: `token ${token}` } });
  });
  afterAll(async () => sim.close());

  it("lets the author and writers change someone's text, triagers only close it", async () => {
    const { data: issue } = await people.reporter.rest.issues.create({ ...repo, title: 'Bug', body: 'v1' });
    const number = issue.number;
    await people.reporter.rest.issues.update({ ...repo, issue_number: number, body: 'v2 by the author' });
    await expect(
      people.triager.rest.issues.update({ ...repo, issue_number: number, body: 'steered' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    await expect(
      people.triager.rest.issues.update({ ...repo, issue_number: number, title: 'Renamed' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    await expect(
      people.reader.rest.issues.update({ ...repo, issue_number: number, state: 'closed' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    // A refused edit changes nothing, not even the parts it would have been allowed.
    await expect(
      people.triager.rest.issues.update({ ...repo, issue_number: number, state: 'closed', body: 'x' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    const { data: unchanged } = await app.rest.issues.get({ ...repo, issue_number: number });
    expect(unchanged).toMatchObject({ state: 'open', body: 'v2 by the author', title: 'Bug' });

    await people.writer.rest.issues.update({ ...repo, issue_number: number, body: 'v3 by a writer' });
    await people.triager.rest.issues.update({ ...repo, issue_number: number, state: 'closed' });
    await people.triager.rest.issues.update({ ...repo, issue_number: number, state: 'open' });
    await app.rest.issues.update({ ...repo, issue_number: number, title: 'Bug (triaged)' });
    const { data: after } = await app.rest.issues.get({ ...repo, issue_number: number });
    expect(after).toMatchObject({ state: 'open', body: 'v3 by a writer', title: 'Bug (triaged)' });

    // The same rule holds for a pull request's title and body.
    await writeBranch(app, repo, 'pr-text', { 'p.txt': 'p\n' });
    const { data: pr } = await app.rest.pulls.create({ ...repo, title: 'PR', head: 'pr-text', base: 'main' });
    await expect(
      people.triager.rest.pulls.update({ ...repo, pull_number: pr.number, body: 'Closes #1' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
  });

  it("lets the author and writers edit or delete someone's comment, no one else", async () => {
    const { data: issue } = await people.reporter.rest.issues.create({ ...repo, title: 'Discussion' });
    const comment = async (who: Octokit, body: string) =>
      (await who.rest.issues.createComment({ ...repo, issue_number: issue.number, body })).data;
    const mine = await comment(people.reporter, 'mine');
    await people.reporter.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: 'mine, edited' });
    await expect(
      people.triager.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: 'theirs now' }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    await expect(
      people.reader.rest.issues.deleteComment({ ...repo, comment_id: mine.id }),
    ).rejects.toMatchObject(NOT_ALLOWED);
    await people.writer.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: 'moderated' });
    await app.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: 'by the app' });
    const { data: got } = await app.rest.issues.getComment({ ...repo, comment_id: mine.id });
    expect(got.body).toBe('by the app');
    const other = await comment(people.reader, 'to remove');
    await people.reader.rest.issues.deleteComment({ ...repo, comment_id: other.id });
  });

  it("refuses titles and bodies over GitHub's limits, counting characters", async () => {
    const long = (n: number) => 'x'.repeat(n);
    await expect(people.reporter.rest.issues.create({ ...repo, title: long(257) })).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'Issue',
              code: 'custom',
              field: 'title',
              message: 'title is too long (maximum is 256 characters)',
            },
          ],
        },
      },
    });
    // 256 characters of four UTF-8 bytes (two UTF-16 units) each still fit.
    const { data: wide } = await people.reporter.rest.issues.create({ ...repo, title: '🙂'.repeat(256) });
    await expect(
      people.reporter.rest.issues.update({ ...repo, issue_number: wide.number, body: long(65537) }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            {
              resource: 'Issue',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
        },
      },
    });
    await people.reporter.rest.issues.update({ ...repo, issue_number: wide.number, body: long(65536) });
    await writeBranch(app, repo, 'long-title', { 'l.txt': 'l\n' });
    await expect(
      app.rest.pulls.create({ ...repo, title: long(300), head: 'long-title', base: 'main' }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: [{ field: 'title' }] } } });
    await expect(
      people.reporter.rest.issues.createComment({ ...repo, issue_number: wide.number, body: long(65537) }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            {
              resource: 'IssueComment',
              code: 'unprocessable',
              field: 'data',
              message: 'Body is too long (maximum is 65536 characters)',
            },
          ],
        },
      },
    });
  });

  it('shows who changed what in GraphQL: editor, edit history and timeline events', async () => {
    const { data: task } = await people.reporter.rest.issues.create({
      ...repo,
      title: 'Task',
      body: 'first',
    });
    const { data: child } = await app.rest.issues.create({ ...repo, title: 'Child' });
    const { data: blocker } = await app.rest.issues.create({ ...repo, title: 'Blocker' });
    await people.triager.rest.issues.addLabels({ ...repo, issue_number: task.number, labels: ['drover'] });
    await people.reporter.rest.issues.update({ ...repo, issue_number: task.number, body: 'second' });
    await people.reporter.rest.issues.update({ ...repo, issue_number: task.number, title: 'Task, renamed' });
    await people.writer.rest.issues.removeLabel({ ...repo, issue_number: task.number, name: 'drover' });
    await app.rest.issues.addSubIssue({ ...repo, issue_number: task.number, sub_issue_id: child.id });
    await people.writer.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: task.number,
      issue_id: blocker.id,
    });
    await people.writer.rest.issues.createComment({ ...repo, issue_number: task.number, body: 'noted' });

    const result = await appGql<{ repository: { issue: Record<string, unknown> } }>(
      `query($n: Int!) { repository(owner: "acme", name: "tracker") { issue(number: $n) {
        lastEditedAt includesCreatedEdit editor { login }
        userContentEdits(first: 10) { totalCount nodes { editor { login } diff } }
        timelineItems(first: 20, itemTypes: [LABELED_EVENT, UNLABELED_EVENT, RENAMED_TITLE_EVENT, SUB_ISSUE_ADDED_EVENT, BLOCKED_BY_ADDED_EVENT, ISSUE_COMMENT]) {
          totalCount
          nodes {
            __typename
            ... on LabeledEvent { actor { login } createdAt label { name } }
            ... on UnlabeledEvent { actor { login } label { name } }
            ... on RenamedTitleEvent { actor { login } previousTitle currentTitle }
            ... on SubIssueAddedEvent { actor { login } subIssue { number } }
            ... on BlockedByAddedEvent { actor { login } blockingIssue { number } }
            ... on IssueComment { author { login } body }
          }
        } } } }`,
      { n: task.number },
    );
    const issue = result.repository.issue;
    expect(issue).toMatchObject({
      lastEditedAt: expect.any(String),
      includesCreatedEdit: true,
      editor: { login: 'reporter' },
      userContentEdits: {
        totalCount: 2,
        nodes: [
          { editor: { login: 'reporter' }, diff: 'second' },
          { editor: { login: 'reporter' }, diff: 'first' },
        ],
      },
    });
    expect((issue.timelineItems as { nodes: unknown[] }).nodes).toEqual([
      {
        __typename: 'LabeledEvent',
        actor: { login: 'triager' },
        createdAt: expect.any(String),
        label: { name: 'drover' },
      },
      {
        __typename: 'RenamedTitleEvent',
        actor: { login: 'reporter' },
        previousTitle: 'Task',
        currentTitle: 'Task, renamed',
      },
      { __typename: 'UnlabeledEvent', actor: { login: 'writer' }, label: { name: 'drover' } },
      {
        __typename: 'SubIssueAddedEvent',
        actor: { login: 'drover-sim' },
        subIssue: { number: child.number },
      },
      {
        __typename: 'BlockedByAddedEvent',
        actor: { login: 'writer' },
        blockingIssue: { number: blocker.number },
      },
      { __typename: 'IssueComment', author: { login: 'writer' }, body: 'noted' },
    ]);
  });

  it('filters repository issues by since, labels and states as instants and any-of labels', async () => {
    const { data: old } = await app.rest.issues.create({ ...repo, title: 'old', labels: ['a'] });
    sim.advanceClock(60_000);
    const since = new Date(Date.parse(old.updated_at) + 30_000).toISOString();
    const { data: fresh } = await app.rest.issues.create({ ...repo, title: 'fresh', labels: ['b'] });
    const { data: closed } = await app.rest.issues.create({ ...repo, title: 'closed', labels: ['a'] });
    await app.rest.issues.update({ ...repo, issue_number: closed.number, state: 'closed' });
    const numbers = async (filterBy: Record<string, unknown>) => {
      const data = await appGql<{ repository: { issues: { nodes: Array<{ number: number }> } } }>(
        `query($filterBy: IssueFilters) { repository(owner: "acme", name: "tracker") {
          issues(first: 100, filterBy: $filterBy) { nodes { number } } } }`,
        { filterBy },
      );
      return data.repository.issues.nodes.map((node) => node.number);
    };
    expect(await numbers({ since, labels: ['a', 'b'], states: ['OPEN'] })).toEqual([fresh.number]);
    expect(await numbers({ since, labels: ['a', 'b'] })).toEqual([fresh.number, closed.number]);
    expect(await numbers({ labels: ['a'], states: ['OPEN'] })).toEqual([old.number]);
  });
});
