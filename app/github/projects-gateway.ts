/** ProjectsGateway over Octokit: the Projects (v2) board's Status field (GraphQL only). */
import type { Octokit } from '@octokit/core';
import type { ProjectsGateway } from '../../core/gateway/projects.js';
import { readProjectStatuses } from '../projects/read-project-statuses.js';
import type { RequestStats } from './request-policy.js';
import { runGraphql } from './run-graphql.js';

const PROJECT_FIELD_QUERY = `
query DroverProjectStatusField($owner: String!, $number: Int!, $field: String!) {
  repositoryOwner(login: $owner) {
    ... on Organization { projectV2(number: $number) { id field(name: $field) { ... on ProjectV2SingleSelectField { id options { id name } } } } }
    ... on User { projectV2(number: $number) { id field(name: $field) { ... on ProjectV2SingleSelectField { id options { id name } } } } }
  }
}`;

const ADD_ITEM = `mutation DroverAddProjectItem($project: ID!, $content: ID!) {
  addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } }
}`;

const SET_STATUS = `mutation DroverSetProjectStatus($project: ID!, $item: ID!, $field: ID!, $option: String!) {
  updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }) { clientMutationId }
}`;

interface ProjectFieldResult {
  repositoryOwner: {
    projectV2?: {
      id: string;
      field: { id: string; options?: Array<{ id: string; name: string }> } | null;
    } | null;
  } | null;
}

export function projectsGateway(octokit: Octokit, stats: RequestStats): ProjectsGateway {
  return {
    async findStatusField(owner, number, field) {
      const result = await runGraphql<ProjectFieldResult>(octokit, stats, PROJECT_FIELD_QUERY, {
        owner,
        number,
        field,
      });
      const project = result.repositoryOwner?.projectV2;
      const found = project?.field;
      if (!project || !found || !found.options) return null;
      return {
        projectId: project.id,
        fieldId: found.id,
        options: Object.fromEntries(found.options.map((option) => [option.name, option.id])),
      };
    },

    readStatuses: (field, issueNodeIds) =>
      readProjectStatuses(
        (query, variables) => runGraphql(octokit, stats, query, variables),
        field,
        issueNodeIds,
      ),

    async setStatus(field, issueNodeId, option) {
      const optionId = field.options[option];
      if (optionId === undefined) {
        throw new Error(
          `The project field has no option "${option}" (it has: ${Object.keys(field.options).join(', ')})`,
        );
      }
      type Added = { addProjectV2ItemById: { item: { id: string } } };
      const added = await runGraphql<Added>(octokit, stats, ADD_ITEM, {
        project: field.projectId,
        content: issueNodeId,
      });
      await runGraphql(octokit, stats, SET_STATUS, {
        project: field.projectId,
        item: added.addProjectV2ItemById.item.id,
        field: field.fieldId,
        option: optionId,
      });
    },
  };
}
