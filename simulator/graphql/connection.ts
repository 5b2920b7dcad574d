/**
 * Relay connections over an in-memory list: `first`/`after`/`last`/`before` slicing with real
 * cursors, `pageInfo`, `edges`, `nodes` and `totalCount`, as GitHub's connections have.
 * Page-size limits (1..100, one of first/last) are checked for the whole query before it runs
 * (see query-cost.ts); this file only slices.
 */
import { decodeCursor, encodeCursor } from './cursor.js';
import { GithubGraphqlFailure } from './github-error.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: Edge<T>[];
  nodes: T[];
}

/**
 * One page of `items` (already filtered and ordered). `idOf` gives the database id a cursor
 * records; `present` maps an item to what the GraphQL layer returns for it.
 */
export function connectionOf<T, N>(
  items: readonly T[],
  args: ConnectionArgs,
  idOf: (item: T) => number,
  present: (item: T) => N,
): Connection<N> {
  let start = 0;
  let end = items.length;
  if (args.after != null) start = Math.min(end, indexAfter(items, args.after, 'after', idOf));
  if (args.before != null) end = Math.max(start, indexOf(items, args.before, 'before', idOf));
  let sliceStart = start;
  let sliceEnd = end;
  if (args.first != null) sliceEnd = Math.min(sliceEnd, sliceStart + args.first);
  if (args.last != null) sliceStart = Math.max(sliceStart, sliceEnd - args.last);
  const edges = items.slice(sliceStart, sliceEnd).map((item, i) => ({
    cursor: encodeCursor({ id: idOf(item), offset: sliceStart + i }),
    node: present(item),
  }));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: sliceEnd < end || (args.before != null && end < items.length),
      hasPreviousPage: sliceStart > start || (args.after != null && start > 0),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    edges,
    nodes: edges.map((e) => e.node),
  };
}

/** The index of the first item after the cursor's item. */
function indexAfter<T>(
  items: readonly T[],
  cursor: string,
  argName: string,
  idOf: (item: T) => number,
): number {
  const { index, found } = locate(items, cursor, argName, idOf);
  return found ? index + 1 : index;
}

/** The index of the cursor's item (items before it end there). */
function indexOf<T>(items: readonly T[], cursor: string, argName: string, idOf: (item: T) => number): number {
  return locate(items, cursor, argName, idOf).index;
}

/** Where the cursor's item is now; if it has left the list, where it was (its successor's index). */
function locate<T>(
  items: readonly T[],
  cursor: string,
  argName: string,
  idOf: (item: T) => number,
): { index: number; found: boolean } {
  const position = decodeCursor(cursor);
  if (!position) {
    throw new GithubGraphqlFailure(
      'UNPROCESSABLE',
      `\`${argName}\` cursor is invalid: ${JSON.stringify(cursor)}.`,
    );
  }
  const index = items.findIndex((item) => idOf(item) === position.id);
  if (index >= 0) return { index, found: true };
  return { index: Math.min(position.offset, items.length), found: false };
}
