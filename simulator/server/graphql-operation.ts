/**
 * Whether a GraphQL request body runs a mutation (a write, and content-generating for GitHub's
 * secondary limits). graphql-js is loaded on the first GraphQL request, as the GraphQL module is.
 */
type GraphqlJs = typeof import('graphql');

let graphqlJs: Promise<GraphqlJs> | undefined;

export interface GraphqlOperation {
  mutation: boolean;
  /** The query text (empty when absent), which tells requests apart for seeded faults. */
  query: string;
}

export async function graphqlOperation(body: unknown): Promise<GraphqlOperation> {
  const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const query = typeof request.query === 'string' ? request.query : '';
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  if (!query.includes('mutation')) return { mutation: false, query };
  const { getOperationAST, parse, GraphQLError } = await (graphqlJs ??= import('graphql'));
  try {
    return { mutation: getOperationAST(parse(query), operationName)?.operation === 'mutation', query };
  } catch (error) {
    // An unparsable query is answered by the GraphQL module; it writes nothing.
    if (error instanceof GraphQLError) return { mutation: false, query };
    throw error;
  }
}
