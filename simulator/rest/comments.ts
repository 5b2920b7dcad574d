/** REST handlers: issue comments and reactions on them. */
import type { SimHandler } from '../host.js';
import { presentComment } from '../payloads/comment.js';
import { presentSimpleUser } from '../payloads/user.js';
import type { SimStore } from '../state/store.js';
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
      const fresh = store.comments.react(repoKeyOf(req), intParam(req, 'comment_id'), actor.login, content);
      const user = store.users.require(actor.login);
      const { id, nodeId } = store.newIdentity('IssueComment');
      return ok(
        { id, node_id: nodeId, user: presentSimpleUser(store.urls, user), content, created_at: store.now() },
        fresh ? 201 : 200,
      );
    },
  };
}
