/** REST handlers: sub-issues and issue dependencies (both take issues' numeric `id`s). */
import type { SimHandler, SimRequest } from '../host.js';
import { presentIssue } from '../payloads/issue.js';
import type { SimStore } from '../state/store.js';
import { notFound } from '../state/sim-error.js';
import { paginate } from './paginate.js';
import { actorOf, bodyObject, intParam, ok, repoKeyOf, requiredInt } from './request-helpers.js';

export function issueLinkHandlers(store: SimStore): Record<string, SimHandler> {
  const issueOf = (req: SimRequest) => store.issues.require(repoKeyOf(req), intParam(req, 'issue_number'));
  const location = (req: SimRequest) => ({
    location: `${store.urls.api}/repos/${repoKeyOf(req)}/issues/${req.params.issue_number}`,
  });
  return {
    listSubIssues: (req) =>
      paginate(req, store.urls.api, store.subIssues.list(issueOf(req)), (i) => presentIssue(store, i)),
    addSubIssue: (req) => {
      const body = bodyObject(req);
      const parent = store.subIssues.add(
        issueOf(req),
        requiredInt(body, 'sub_issue_id', 'Issue'),
        actorOf(store, req),
        body.replace_parent === true,
      );
      return ok(presentIssue(store, parent), 201, location(req));
    },
    removeSubIssue: (req) => {
      const parent = store.subIssues.remove(
        issueOf(req),
        requiredInt(bodyObject(req), 'sub_issue_id', 'Issue'),
        actorOf(store, req),
      );
      return ok(presentIssue(store, parent), 200, location(req));
    },
    reprioritizeSubIssue: (req) => {
      const body = bodyObject(req);
      const position = {
        ...(body.after_id !== undefined && { afterId: requiredInt(body, 'after_id', 'Issue') }),
        ...(body.before_id !== undefined && { beforeId: requiredInt(body, 'before_id', 'Issue') }),
      };
      return ok(
        presentIssue(
          store,
          store.subIssues.reprioritize(issueOf(req), requiredInt(body, 'sub_issue_id', 'Issue'), position),
        ),
      );
    },
    parent: (req) => {
      const parent = store.subIssues.parent(issueOf(req));
      if (!parent) throw notFound();
      return ok(presentIssue(store, parent));
    },
    listBlockedBy: (req) =>
      paginate(req, store.urls.api, store.dependencies.blockedBy(issueOf(req)), (i) =>
        presentIssue(store, i),
      ),
    listBlocking: (req) =>
      paginate(req, store.urls.api, store.dependencies.blocking(issueOf(req)), (i) => presentIssue(store, i)),
    addBlockedBy: (req) => {
      const issue = store.dependencies.addBlockedBy(
        issueOf(req),
        requiredInt(bodyObject(req), 'issue_id', 'Issue'),
        actorOf(store, req),
      );
      return ok(presentIssue(store, issue), 201, location(req));
    },
    removeBlockedBy: (req) => {
      const issue = store.dependencies.removeBlockedBy(
        issueOf(req),
        intParam(req, 'issue_id'),
        actorOf(store, req),
      );
      return ok(presentIssue(store, issue));
    },
  };
}
