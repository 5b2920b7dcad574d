/** The GraphQL object for a global node id (`node(id:)`, mutation inputs, project item content). */
import type { GraphqlContext } from '../context.js';
import { ActorObject } from './actor.js';
import { IssueObject } from './issue.js';
import { LabelObject } from './label.js';
import { ProjectV2ItemObject, ProjectV2Object } from './project-v2.js';
import { PullRequestObject } from './pull-request.js';
import { RepositoryObject } from './repository.js';
import { canRead } from './access.js';

export type NodeObject =
  | ActorObject
  | IssueObject
  | LabelObject
  | ProjectV2Object
  | ProjectV2ItemObject
  | PullRequestObject
  | RepositoryObject;

/** The object a node id names, or null when it names nothing the caller may see. */
export function nodeObject(ctx: GraphqlContext, nodeId: string): NodeObject | null {
  const found = ctx.store.byNodeId(nodeId);
  if (!found) return null;
  switch (found.kind) {
    case 'Repository':
      return canRead(ctx, found.record) ? new RepositoryObject(found.record, ctx) : null;
    case 'Issue':
      return canRead(ctx, ctx.store.repoOf(found.record)) ? new IssueObject(found.record, ctx) : null;
    case 'PullRequest':
      return canRead(ctx, ctx.store.repoOf(found.record)) ? new PullRequestObject(found.record, ctx) : null;
    case 'Label':
      return new LabelObject(found.record, found.repo, ctx);
    case 'ProjectV2':
      return new ProjectV2Object(found.record, ctx);
    case 'ProjectV2Item':
      return new ProjectV2ItemObject(found.record, found.project, ctx);
    default:
      return new ActorObject(found.record, ctx);
  }
}
