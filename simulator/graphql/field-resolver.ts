/**
 * How every field of GitHub's schema is resolved over our objects: a property is the value, a
 * method is called with `(args, context, info)`. A non-null field, or a root query or mutation
 * field, that the simulator does not model fails with a message that names it (instead of a
 * bare "Cannot return null", or a silent null from a mutation that did nothing).
 */
import { isNonNullType, type GraphQLFieldResolver } from 'graphql';
import type { GraphqlContext } from './context.js';

export const githubFieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (
  source,
  args,
  ctx,
  info,
) => {
  if (typeof source !== 'object' || source === null) return null;
  const value: unknown = (source as Record<string, unknown>)[info.fieldName];
  if (typeof value === 'function')
    return (value as (...a: unknown[]) => unknown).call(source, args, ctx, info);
  if (value !== undefined) return value;
  if (isNonNullType(info.returnType) || info.path.prev === undefined) {
    throw new Error(`The GitHub simulator does not implement ${info.parentType.name}.${info.fieldName}.`);
  }
  return null;
};
