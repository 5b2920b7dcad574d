/**
 * Projects (v2) mutations: `addProjectV2ItemById` and `updateProjectV2ItemFieldValue`
 * ("Currently only single-select, text, number, date, and iteration fields are supported";
 * the simulator keeps single-select and text fields).
 */
import type { FieldValue } from '../../state/projects.js';
import type { GraphqlContext } from '../context.js';
import { forbidden, unprocessable } from '../github-error.js';
import { ProjectV2ItemObject } from '../objects/project-v2.js';
import { actorOf, projectInput, projectItemInput, unresolvable } from './input-nodes.js';

interface ProjectFieldValueInput {
  text?: string | null;
  singleSelectOptionId?: string | null;
  number?: number | null;
  date?: string | null;
  iterationId?: string | null;
}

export function addProjectV2ItemById(
  args: { input: { clientMutationId?: string | null; projectId: string; contentId: string } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const project = projectInput(ctx, input.projectId);
  assertCanWriteProjects(ctx);
  const content = ctx.store.byNodeId(input.contentId);
  if (content?.kind !== 'Issue' && content?.kind !== 'PullRequest') throw unresolvable(input.contentId);
  const item = ctx.store.addProjectItem(project, input.contentId, actorOf(ctx));
  return {
    clientMutationId: input.clientMutationId ?? null,
    item: new ProjectV2ItemObject(item, project, ctx),
  };
}

export function updateProjectV2ItemFieldValue(
  args: {
    input: {
      clientMutationId?: string | null;
      projectId: string;
      itemId: string;
      fieldId: string;
      value: ProjectFieldValueInput;
    };
  },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const project = projectInput(ctx, input.projectId);
  assertCanWriteProjects(ctx);
  const item = projectItemInput(ctx, project, input.itemId);
  const updated = ctx.store.setProjectItemValue(
    project,
    item,
    input.fieldId,
    fieldValue(input.value),
    actorOf(ctx),
  );
  return {
    clientMutationId: input.clientMutationId ?? null,
    projectV2Item: new ProjectV2ItemObject(updated, project, ctx),
  };
}

/** "Only 1 value can be updated at a time" (ProjectV2FieldValue). */
function fieldValue(value: ProjectFieldValueInput): FieldValue {
  const given = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  if (given.length !== 1) throw unprocessable('Only 1 value can be updated at a time.');
  if (typeof value.singleSelectOptionId === 'string')
    return { singleSelectOptionId: value.singleSelectOptionId };
  if (typeof value.text === 'string') return { text: value.text };
  throw unprocessable(
    `The simulator supports single-select and text project fields, not ${given[0]?.[0] ?? 'this'} values.`,
  );
}

/** Apps need the projects permission; people need to be able to write the project (owners here). */
function assertCanWriteProjects(ctx: GraphqlContext): void {
  const { auth } = ctx;
  if (auth.kind === 'user') return;
  const scopes = ['organization_projects', 'repository_projects', 'projects'];
  if (scopes.some((scope) => auth.permissions[scope] === 'write')) return;
  throw forbidden('Resource not accessible by integration');
}
