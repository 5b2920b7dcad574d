import { describe, expect, it } from '@jest/globals';
import { parse, validate } from 'graphql';
import { githubSchema } from '../../../simulator/graphql/github-schema.js';
import { queryCost } from '../../../simulator/graphql/query-cost.js';
import { DROVER_SNAPSHOT_QUERY } from './fixtures/drover-snapshot-query.js';
import {
  DOCS_COMPLEX_NODES_QUERY,
  DOCS_COST_QUERY,
  DOCS_SIMPLE_NODES_QUERY,
} from './fixtures/github-docs-queries.js';

function costOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  expect(validate(githubSchema(), document)).toEqual([]);
  return queryCost(githubSchema(), document, variables);
}

describe('queryCost (GitHub docs examples)', () => {
  it('counts 550 nodes for the simple example', () => {
    expect(costOf(DOCS_SIMPLE_NODES_QUERY)).toMatchObject({ ok: true, nodeCount: 550 });
  });

  it('counts 22,060 nodes for the complex example', () => {
    expect(costOf(DOCS_COMPLEX_NODES_QUERY)).toMatchObject({ ok: true, nodeCount: 22_060 });
  });

  it('charges 51 points (5,101 requests) for the cost example', () => {
    expect(costOf(DOCS_COST_QUERY)).toMatchObject({ ok: true, cost: 51, requests: 5_101 });
  });
});

describe('queryCost (Drover snapshot query)', () => {
  it('charges 3 points for 5,800 nodes', () => {
    expect(costOf(DROVER_SNAPSHOT_QUERY, { owner: 'o', name: 'r' })).toEqual({
      ok: true,
      cost: 3,
      nodeCount: 5_800,
      requests: 251,
    });
  });

  it('charges 5 points for 11,600 nodes with pages of 100', () => {
    const query = DROVER_SNAPSHOT_QUERY.replace('issues(first: 50', 'issues(first: 100');
    expect(costOf(query, { owner: 'o', name: 'r' })).toMatchObject({ ok: true, cost: 5, nodeCount: 11_600 });
  });
});

describe('queryCost (limits)', () => {
  it('charges at least one point', () => {
    expect(costOf('{ rateLimit { remaining } }')).toEqual({ ok: true, cost: 1, nodeCount: 0, requests: 0 });
  });

  it('reads page sizes from variables', () => {
    const query = 'query($n: Int) { viewer { repositories(first: $n) { nodes { name } } } }';
    expect(costOf(query, { n: 30 })).toMatchObject({ ok: true, nodeCount: 30, requests: 1 });
  });

  it('rejects first above 100 with GitHub message and path', () => {
    const result = costOf('{ viewer { repositories(first: 101) { nodes { name } } } }');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          type: 'EXCESSIVE_PAGINATION',
          path: ['viewer', 'repositories', 'first'],
          locations: [{ line: 1, column: 12 }],
          message:
            'Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.',
        },
      ],
    });
  });

  it('rejects last below 1', () => {
    const result = costOf('{ viewer { repositories(last: 0) { nodes { name } } } }');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]?.message).toMatch(
        /`last` on the `repositories` connection must be between 1 and 100/,
      );
  });

  it('rejects a connection without first or last that asks for nodes', () => {
    const result = costOf('{ viewer { repositories { nodes { name } } } }');
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          type: 'MISSING_PAGINATION_BOUNDARIES',
          message:
            'You must provide a `first` or `last` value to properly paginate the `repositories` connection.',
        },
      ],
    });
  });

  it('accepts a connection without first or last that asks only for totalCount', () => {
    expect(costOf('{ viewer { repositories { totalCount } } }')).toMatchObject({ ok: true, nodeCount: 0 });
  });

  it('rejects more than 500,000 nodes', () => {
    const query = `{ viewer { repositories(first: 100) { nodes { issues(first: 100) { nodes {
      labels(first: 100) { nodes { name } } } } } } } }`;
    const result = costOf(query);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          type: 'MAX_NODE_LIMIT_EXCEEDED',
          message:
            'This query requests up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.',
        },
      ],
    });
  });

  it('counts connections reached through fragments on interfaces', () => {
    const query = `query { node(id: "x") { ... on Issue { ...Deps } } }
      fragment Deps on Issue { blockedBy(first: 25) { nodes { subIssues(first: 4) { nodes { id } } } } }`;
    expect(costOf(query)).toMatchObject({ ok: true, nodeCount: 125, requests: 26 });
  });
});
