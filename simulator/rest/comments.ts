/** REST handlers: issue comments and reactions on them. */
import type { SimHandler } from '../host.js';
import { presentComment } from '../payloads/comment.js';
import { presentSimpleUser } from '../payloads/user.js';
import type { SimStore } from '../state/store.js';
import type { ReactionRecord } from '../state/types.js';
import { paginate } from './paginate.js';
import {
  actorOf,
  bodyObject,
  intParam,
  noContent,
  ok,
  repoKeyOf,
  requiredString,
} from './request-helpers.js';

export function commentHandlers(store: SimStore): Record<string, SimHandler> {
  return {
    list: (req) => {
      const since = req.query.get('since') ?? undefined;
      const comments = store.comments.list(repoKeyOf(req), intParam(req, 'issue_number'), since);
      return paginate(req, store.urls.api, comments, (c) => presentComment(store, c));
    },
    listForRepo: (req) => {
      const since = req.query.get('since') ?? undefined;
      const comments = store.comments.listForRepo(repoKeyOf(req), since);
      return paginate(req, store.urls.api, comments, (c) => presentComment(store, c));
    },
    create: (req) => {
      const body = requiredString(bodyObject(req), 'body', 'IssueComment');
      const comment = store.comments.create(
        repoKeyOf(req),
        intParam(req, 'issue_number'),
        actorOf(store, req),
        body,
      );
      return ok(presentComment(store, comment), 201, {
        location: `${store.urls.api}/repos/${comment.repo}/issues/comments/${comment.id}`,
      });
    },
    get: (req) =>
      ok(presentComment(store, store.comments.require(repoKeyOf(req), intParam(req, 'comment_id')))),
    update: (req) => {
      const body = requiredString(bodyObject(req), 'body', 'IssueComment');
      const comment = store.comments.update(
        repoKeyOf(req),
        intParam(req, 'comment_id'),
        actorOf(store, req),
        body,
      );
      return ok(presentComment(store, comment));
    },
    remove: (req) => {
      store.comments.delete(repoKeyOf(req), intParam(req, 'comment_id'), actorOf(store, req));
      return noContent();
    },
    react: (req) => {
      const content = requiredString(bodyObject(req), 'content', 'Reaction');
      const actor = actorOf(store, req);
      const { reaction, fresh } = store.comments.react(
        repoKeyOf(req),
        intParam(req, 'comment_id'),
        actor.login,
        content,
      );
      return ok(presentReaction(store, reaction), fresh ? 201 : 200);
    },
    listReactions: (req) => {
      const content = req.query.get('content') ?? undefined;
      const reactions = store.comments.reactions(repoKeyOf(req), intParam(req, 'comment_id'), content);
      return paginate(req, store.urls.api, reactions, (reaction) => presentReaction(store, reaction));
    },
  };
}

/** GitHub's `reaction` (the OpenAPI description's components/schemas/reaction). */
function presentReaction(store: SimStore, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: reaction.nodeId,
    user: presentSimpleUser(store.urls, store.users.require(reaction.user)),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
