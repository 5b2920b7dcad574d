/**
 * Reads the current Status option of many issues on one Projects (v2) board in as few GraphQL
 * queries as possible, so the project sync writes only cards that change. The Octokit gateway
 * implements `RepoGateway.readProjectStatuses` with it:
 * `readProjectStatuses: (field, ids) => readProjectStatuses(octokit.graphql, field, ids)`.
 */
import type { ProjectStatusField } from '../../core/gateway/index.js';

export type GraphqlClient = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** `nodes(ids:)` takes at most 100 ids (GitHub GraphQL node limits: https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api). */
export const NODES_PER_QUERY = 100;

/**
 * An issue is rarely on more than a few projects, and an item has a handful of field values;
 * the small page sizes keep each query's node count (100 × 10 × 20) far below GitHub's limit.
 */
export const PROJECT_STATUSES_QUERY = `query DroverProjectStatuses($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Issue {
      id
      projectItems(first: 10, includeArchived: false) {
        nodes {
          project { id }
          fieldValues(first: 20) {
            nodes {
              ... on ProjectV2ItemFieldSingleSelectValue {
                optionId
                field { ... on ProjectV2SingleSelectField { id } }
              }
            }
          }
        }
      }
    }
  }
}`;

interface FieldValue {
  optionId?: string | null;
  field?: { id?: string } | null;
}

interface IssueNode {
  id?: string;
  projectItems?: {
    nodes: Array<{ project: { id: string }; fieldValues: { nodes: Array<FieldValue | null> } } | null>;
  };
}

export async function readProjectStatuses(
  graphql: GraphqlClient,
  field: ProjectStatusField,
  issueNodeIds: string[],
): Promise<Map<string, string | null>> {
  const optionNames = new Map(Object.entries(field.options).map(([name, id]) => [id, name]));
  const statuses = new Map<string, string | null>(issueNodeIds.map((id) => [id, null]));
  for (let start = 0; start < issueNodeIds.length; start += NODES_PER_QUERY) {
    const ids = issueNodeIds.slice(start, start + NODES_PER_QUERY);
    const result = await graphql<{ nodes: Array<IssueNode | null> }>(PROJECT_STATUSES_QUERY, { ids });
    for (const node of result.nodes) {
      if (!node?.id) continue;
      const optionId = statusOptionId(node, field);
      statuses.set(node.id, optionId === null ? null : (optionNames.get(optionId) ?? null));
    }
  }
  return statuses;
}

function statusOptionId(node: IssueNode, field: ProjectStatusField): string | null {
  const item = node.projectItems?.nodes.find((candidate) => candidate?.project.id === field.projectId);
  const value = item?.fieldValues.nodes.find((candidate) => candidate?.field?.id === field.fieldId);
  return value?.optionId ?? null;
}
