import { describe, expect, it } from '@jest/globals';
import { connectionOf, type ConnectionArgs } from '../../../simulator/graphql/connection.js';
import { decodeCursor, encodeCursor } from '../../../simulator/graphql/cursor.js';
import { GithubGraphqlFailure } from '../../../simulator/graphql/github-error.js';

const items = Array.from({ length: 7 }, (_, i) => ({ id: 100 + i }));
const page = (list: readonly { id: number }[], args: ConnectionArgs) =>
  connectionOf(
    list,
    args,
    (item) => item.id,
    (item) => item.id,
  );

describe('cursors', () => {
  it('round-trips and is opaque base64 like GitHub', () => {
    const cursor = encodeCursor({ id: 42, offset: 3 });
    expect(cursor).toMatch(/^Y3Vyc29yOnYyO[A-Za-z0-9+/=]+$/);
    expect(decodeCursor(cursor)).toEqual({ id: 42, offset: 3 });
  });

  it('rejects strings that are not cursors', () => {
    expect(decodeCursor('bogus')).toBeUndefined();
    expect(decodeCursor(Buffer.from('cursor:v2:{"a":1}').toString('base64'))).toBeUndefined();
  });
});

describe('connectionOf', () => {
  it('pages forward with after = endCursor until hasNextPage is false', () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const result = page(items, { first: 3, after });
      seen.push(...result.nodes);
      expect(result.totalCount).toBe(7);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(items.map((i) => i.id));
  });

  it('pages backward with last/before', () => {
    const lastPage = page(items, { last: 3 });
    expect(lastPage.nodes).toEqual([104, 105, 106]);
    expect(lastPage.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const previous = page(items, { last: 3, before: lastPage.pageInfo.startCursor });
    expect(previous.nodes).toEqual([101, 102, 103]);
    expect(previous.pageInfo.hasNextPage).toBe(true);
  });

  it('gives edges with the cursor of each node', () => {
    const result = page(items, { first: 2 });
    expect(result.edges.map((e) => e.node)).toEqual([100, 101]);
    expect(result.pageInfo.endCursor).toBe(result.edges[1]?.cursor);
  });

  it('keeps its place when the cursor item leaves the list', () => {
    const first = page(items, { first: 3 });
    const withoutBoundary = items.filter((i) => i.id !== 102);
    expect(page(withoutBoundary, { first: 3, after: first.pageInfo.endCursor }).nodes).toEqual([
      103, 104, 105,
    ]);
  });

  it('returns an empty page with null cursors past the end', () => {
    const result = page(items, { first: 3, after: encodeCursor({ id: 106, offset: 6 }) });
    expect(result.nodes).toEqual([]);
    expect(result.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: null,
      endCursor: null,
    });
  });

  it('rejects an invalid cursor', () => {
    expect(() => page(items, { first: 3, after: 'nope' })).toThrow(GithubGraphqlFailure);
  });
});
