/** The GraphQL object for a global node id (`node(id:)`, mutation inputs, project item content). */
import type { GraphqlContext } from '../context.js';
import { ActorObject } from './actor.js';
import { IssueObject } from './issue.js';
import { LabelObject } from './label.js';
import { ProjectV2ItemObject, ProjectV2Object } from './project-v2.js';
import { PullRequestObject } from './pull-request.js';
import { RepositoryObject } from './repository.js';
import { canRead } from './access.js';
import { parseRefNodeId } from '../../state/ref-node-id.js';
import { refObject, type RefObject } from './ref.js';

export type NodeObject =
  | ActorObject
  | IssueObject
  | LabelObject
  | ProjectV2Object
  | ProjectV2ItemObject
  | PullRequestObject
  | RefObject
  | RepositoryObject;

/** The object a node id names, or null when it names nothing the caller may see. */
export function nodeObject(ctx: GraphqlContext, nodeId: string): NodeObject | null {
  const ref = parseRefNodeId(nodeId);
  if (ref) {
    const repo = ctx.store.repoById(ref.repoId);
    return repo && canRead(ctx, repo) ? refObject(ctx, repo, ref.ref) : null;
  }
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
