/** The `Query` root: repositories, nodes by global id, users/organizations, the rate limit. */
import type { GraphqlContext } from './context.js';
import { notFound } from './github-error.js';
import { canRead } from './objects/access.js';
import { actorByLogin, type ActorObject } from './objects/actor.js';
import { nodeObject, type NodeObject } from './objects/node-object.js';
import { RepositoryObject } from './objects/repository.js';

export interface RateLimitObject {
  cost: number;
  limit: number;
  nodeCount: number;
  remaining: number;
  resetAt: string;
  used: number;
}

export const queryRoot = {
  repository(args: { owner: string; name: string }, ctx: GraphqlContext): RepositoryObject {
    const repo = ctx.store.repo(args.owner, args.name);
    if (!repo || !canRead(ctx, repo)) {
      throw notFound(`Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`);
    }
    return new RepositoryObject(repo, ctx);
  },

  node(args: { id: string }, ctx: GraphqlContext): NodeObject {
    const found = nodeObject(ctx, args.id);
    if (!found) throw notFound(`Could not resolve to a node with the global id of '${args.id}'`);
    return found;
  },

  nodes(args: { ids: string[] }, ctx: GraphqlContext): (NodeObject | null)[] {
    return args.ids.map((id) => nodeObject(ctx, id));
  },

  viewer(_args: unknown, ctx: GraphqlContext): ActorObject {
    const viewer = actorByLogin(ctx, ctx.auth.login);
    if (!viewer) throw notFound('Could not resolve the viewer.');
    return viewer;
  },

  user(args: { login: string }, ctx: GraphqlContext): ActorObject {
    return ownerByLogin(ctx, args.login, ['User', 'Bot'], 'User');
  },

  organization(args: { login: string }, ctx: GraphqlContext): ActorObject {
    return ownerByLogin(ctx, args.login, ['Organization'], 'Organization');
  },

  repositoryOwner(args: { login: string }, ctx: GraphqlContext): ActorObject | null {
    return actorByLogin(ctx, args.login);
  },

  /** The values after this query was charged (a `dryRun` charges nothing). */
  rateLimit(_args: { dryRun?: boolean | null }, ctx: GraphqlContext): RateLimitObject {
    const { cost, limit, nodeCount, remaining, resetAt, used } = ctx.rateLimit;
    return {
      cost,
      limit,
      nodeCount,
      remaining,
      resetAt: resetAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      used,
    };
  },
};

function ownerByLogin(
  ctx: GraphqlContext,
  login: string,
  types: readonly string[],
  typeName: string,
): ActorObject {
  const actor = actorByLogin(ctx, login);
  if (!actor || !types.includes(actor.__typename)) {
    throw notFound(
      `Could not resolve to a${typeName === 'Organization' ? 'n' : ''} ${typeName} with the login of '${login}'.`,
    );
  }
  return actor;
}
