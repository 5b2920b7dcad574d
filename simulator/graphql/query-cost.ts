/**
 * GitHub's documented GraphQL query cost and node limit, computed from the query alone
 * (https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api):
 * - every connection must say `first` or `last`, between 1 and 100;
 * - nodeCount = the sum, over connections, of the page size times the page sizes of the
 *   connections around it; a call may not request more than 500,000 nodes;
 * - cost = the number of requests needed to fill every connection (one per page of the
 *   enclosing connections, each assumed to reach its `first`/`last`), divided by 100 and
 *   rounded, minimum 1.
 */
import {
  GraphQLInt,
  Kind,
  getNamedType,
  isCompositeType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GithubGraphqlError } from './github-error.js';

export const MAX_PAGE_SIZE = 100;
export const MAX_NODE_COUNT = 500_000;
const REQUESTS_PER_POINT = 100;

export type QueryCost =
  | { ok: true; cost: number; nodeCount: number; requests: number }
  | { ok: false; errors: GithubGraphqlError[] };

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  requests: number;
  nodes: number;
  errors: GithubGraphqlError[];
}

/** The cost of one operation of an already validated document. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): QueryCost {
  const operation = findOperation(document, operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !rootType) return { ok: true, cost: 1, nodeCount: 0, requests: 0 };
  const walk: Walk = {
    schema,
    fragments: fragmentsOf(document),
    variables,
    requests: 0,
    nodes: 0,
    errors: [],
  };
  walkSelections(walk, operation.selectionSet, rootType, 1, []);
  if (walk.errors.length > 0) return { ok: false, errors: walk.errors };
  if (walk.nodes > MAX_NODE_COUNT) return { ok: false, errors: [nodeLimitError(walk.nodes)] };
  const cost = Math.max(1, Math.round(walk.requests / REQUESTS_PER_POINT));
  return { ok: true, cost, nodeCount: walk.nodes, requests: walk.requests };
}

function findOperation(document: DocumentNode, operationName?: string): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName === undefined) return operations[0];
  return operations.find((o) => o.name?.value === operationName);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function walkSelections(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  multiplier: number,
  path: string[],
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      walkField(walk, selection, parentType, multiplier, path);
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const conditionType = fragment.typeCondition
      ? walk.schema.getType(fragment.typeCondition.name.value)
      : parentType;
    if (!conditionType || !isCompositeType(conditionType)) continue;
    walkSelections(walk, fragment.selectionSet, conditionType, multiplier, path);
  }
}

function walkField(
  walk: Walk,
  node: FieldNode,
  parentType: GraphQLCompositeType,
  multiplier: number,
  path: string[],
): void {
  const field = fieldOf(parentType, node.name.value);
  if (!field || !node.selectionSet) return;
  const type = getNamedType(field.type);
  if (!isCompositeType(type)) return;
  const fieldPath = [...path, node.alias?.value ?? node.name.value];
  let inner = multiplier;
  if (isConnection(field)) {
    const pageSize = connectionPageSize(walk, node, field, fieldPath);
    if (pageSize === undefined) return;
    walk.requests += multiplier;
    walk.nodes += multiplier * pageSize;
    inner = multiplier * pageSize;
  }
  walkSelections(walk, node.selectionSet, type, inner, fieldPath);
}

function fieldOf(parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!('getFields' in parentType)) return undefined;
  return parentType.getFields()[name];
}

/** GitHub's connections are the `…Connection` types paginated by `first`/`last`. */
function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return isObjectType(type) && type.name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
}

/** The page size of a connection, or undefined (and an error recorded) when it is not allowed. */
function connectionPageSize(
  walk: Walk,
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  path: string[],
): number | undefined {
  const locations = node.loc
    ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }]
    : undefined;
  for (const argName of ['first', 'last'] as const) {
    const argument = node.arguments?.find((a) => a.name.value === argName);
    const value = argument ? valueFromAST(argument.value, GraphQLInt, walk.variables) : undefined;
    if (value === undefined || value === null) continue;
    const size = Number(value);
    if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
    walk.errors.push({
      type: 'EXCESSIVE_PAGINATION',
      path: [...path, argName],
      ...(locations ? { locations } : {}),
      message:
        size > MAX_PAGE_SIZE
          ? `Requesting ${size} records on the \`${field.name}\` connection exceeds the \`${argName}\` limit of ${MAX_PAGE_SIZE} records.`
          : `\`${argName}\` on the \`${field.name}\` connection must be between 1 and ${MAX_PAGE_SIZE}, not ${size}.`,
    });
    return undefined;
  }
  if (!selectsNodes(node)) return 0;
  walk.errors.push({
    type: 'MISSING_PAGINATION_BOUNDARIES',
    path,
    ...(locations ? { locations } : {}),
    message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${field.name}\` connection.`,
  });
  return undefined;
}

/** A connection asked only for `totalCount`/`pageInfo` needs no page size (GitHub allows it). */
function selectsNodes(node: FieldNode): boolean {
  return (node.selectionSet?.selections ?? []).some(
    (s) => s.kind !== Kind.FIELD || s.name.value === 'nodes' || s.name.value === 'edges',
  );
}

function nodeLimitError(nodes: number): GithubGraphqlError {
  return {
    type: 'MAX_NODE_LIMIT_EXCEEDED',
    message: `This query requests up to ${nodes.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${MAX_NODE_COUNT.toLocaleString('en-US')}.`,
  };
}
