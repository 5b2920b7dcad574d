/**
 * Values computed once per GraphQL request (indexes over the store that many objects of one
 * query consult, e.g. "which issues does each issue block"), so a page of 100 issues does not
 * rescan the repository 100 times.
 */
import type { GraphqlContext } from './context.js';

export function memo<T>(ctx: GraphqlContext, key: string, compute: () => T): T {
  if (ctx.cache.has(key)) return ctx.cache.get(key) as T;
  const value = compute();
  ctx.cache.set(key, value);
  return value;
}
