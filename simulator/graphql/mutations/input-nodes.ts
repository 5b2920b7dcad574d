/**
 * Mutation inputs name objects by global node id. These look them up and answer as GitHub does
 * when an id names nothing the caller can see, or the wrong kind of object.
 */
import type { IssueRecord, ProjectItemRecord, ProjectRecord, PullRecord } from '../../state/types.js';
import type { Actor } from '../../state/issues.js';
import type { GraphqlContext } from '../context.js';
import { notFound } from '../github-error.js';
import { canRead } from '../objects/access.js';

export function unresolvable(nodeId: string): Error {
  return notFound(`Could not resolve to a node with the global id of '${nodeId}'`);
}

export function issueInput(ctx: GraphqlContext, nodeId: string): IssueRecord {
  const found = ctx.store.byNodeId(nodeId);
  if (found?.kind !== 'Issue' || !canRead(ctx, ctx.store.repoOf(found.record))) throw unresolvable(nodeId);
  return found.record;
}

export function pullRequestInput(ctx: GraphqlContext, nodeId: string): PullRecord {
  const found = ctx.store.byNodeId(nodeId);
  if (found?.kind !== 'PullRequest' || !canRead(ctx, ctx.store.repoOf(found.record)))
    throw unresolvable(nodeId);
  return found.record;
}

/** An issue, or a pull request's issue side (both are `Labelable`). */
export function labelableInput(ctx: GraphqlContext, nodeId: string): IssueRecord {
  const found = ctx.store.byNodeId(nodeId);
  if (found?.kind === 'Issue') return issueInput(ctx, nodeId);
  if (found?.kind !== 'PullRequest') throw unresolvable(nodeId);
  const issue = ctx.store.issueById(pullRequestInput(ctx, nodeId).issueId);
  if (!issue) throw unresolvable(nodeId);
  return issue;
}

export function projectInput(ctx: GraphqlContext, nodeId: string): ProjectRecord {
  const found = ctx.store.byNodeId(nodeId);
  if (found?.kind !== 'ProjectV2') throw unresolvable(nodeId);
  return found.record;
}

export function projectItemInput(
  ctx: GraphqlContext,
  project: ProjectRecord,
  nodeId: string,
): ProjectItemRecord {
  const found = ctx.store.byNodeId(nodeId);
  if (found?.kind !== 'ProjectV2Item' || found.project.id !== project.id) throw unresolvable(nodeId);
  return found.record;
}

/** The store records writes under the acting login, and whether an app made them. */
export function actorOf(ctx: GraphqlContext): Actor {
  return {
    login: ctx.auth.login ?? 'ghost',
    viaApp: ctx.auth.kind === 'installation',
    tokenKind: ctx.auth.kind,
  };
}
