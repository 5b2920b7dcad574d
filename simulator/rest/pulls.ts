/** REST handlers: pull requests, merging and updating their branch. */
import type { SimHandler, SimRequest } from '../host.js';
import { presentPullRequest, presentPullRequestSimple } from '../payloads/pull-request.js';
import type { MergeInput, PullPatch } from '../state/pulls.js';
import type { SimStore } from '../state/store.js';
import { notFound } from '../state/sim-error.js';
import type { MergeMethod } from '../state/types.js';
import { paginate } from './paginate.js';
import {
  actorOf,
  bodyObject,
  intParam,
  ok,
  optionalString,
  repoKeyOf,
  requiredString,
} from './request-helpers.js';

export function pullHandlers(store: SimStore): Record<string, SimHandler> {
  const pullOf = (req: SimRequest) => store.pulls.require(repoKeyOf(req), intParam(req, 'pull_number'));
  return {
    list: (req) => {
      const pulls = store.pulls.list(repoKeyOf(req), {
        state: (req.query.get('state') ?? 'open') as 'open',
        ...(req.query.get('head') && { head: req.query.get('head') as string }),
        ...(req.query.get('base') && { base: req.query.get('base') as string }),
        direction: req.query.get('direction') === 'asc' ? 'asc' : 'desc',
      });
      return paginate(req, store.urls.api, pulls, (p) => presentPullRequestSimple(store, p));
    },
    create: (req) => {
      const body = bodyObject(req);
      const pull = store.pulls.create(repoKeyOf(req), actorOf(store, req), {
        title: requiredString(body, 'title', 'PullRequest'),
        head: requiredString(body, 'head', 'PullRequest'),
        base: requiredString(body, 'base', 'PullRequest'),
        body: optionalString(body, 'body', 'PullRequest') ?? null,
        draft: body.draft === true,
        maintainer_can_modify: body.maintainer_can_modify !== false,
      });
      return ok(presentPullRequest(store, pull), 201, {
        location: `${store.urls.api}/repos/${pull.repo}/pulls/${pull.number}`,
      });
    },
    get: (req) => ok(presentPullRequest(store, pullOf(req))),
    update: (req) => {
      const body = bodyObject(req);
      const patch: PullPatch = {};
      const title = optionalString(body, 'title', 'PullRequest');
      if (title !== undefined) patch.title = title;
      if (body.body !== undefined)
        patch.body = body.body === null ? null : requiredString(body, 'body', 'PullRequest');
      const state = optionalString(body, 'state', 'PullRequest');
      if (state !== undefined) patch.state = state as 'open';
      const base = optionalString(body, 'base', 'PullRequest');
      if (base !== undefined) patch.base = base;
      const pull = store.pulls.update(
        repoKeyOf(req),
        intParam(req, 'pull_number'),
        actorOf(store, req),
        patch,
      );
      return ok(presentPullRequest(store, pull));
    },
    merge: (req) => {
      const body = bodyObject(req);
      const input: MergeInput = {};
      const method = optionalString(body, 'merge_method', 'PullRequest');
      if (method !== undefined) input.merge_method = method as MergeMethod;
      const sha = optionalString(body, 'sha', 'PullRequest');
      if (sha !== undefined) input.sha = sha;
      const title = optionalString(body, 'commit_title', 'PullRequest');
      if (title !== undefined) input.commit_title = title;
      const message = optionalString(body, 'commit_message', 'PullRequest');
      if (message !== undefined) input.commit_message = message;
      return ok(store.pulls.merge(repoKeyOf(req), intParam(req, 'pull_number'), actorOf(store, req), input));
    },
    checkMerged: (req) => {
      if (!pullOf(req).merged) throw notFound();
      return { status: 204 };
    },
    updateBranch: (req) => {
      const body = bodyObject(req);
      const pull = pullOf(req);
      store.pulls.updateBranch(
        pull.repo,
        pull.number,
        actorOf(store, req),
        optionalString(body, 'expected_head_sha', 'PullRequest'),
      );
      return ok(
        {
          message: 'Updating pull request branch.',
          url: `${store.urls.web}/${pull.repo}/pull/${pull.number}`,
        },
        202,
      );
    },
  };
}
