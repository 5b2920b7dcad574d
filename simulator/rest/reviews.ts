/** REST handlers: pull request reviews and a review's inline comments. https://docs.github.com/rest/pulls/reviews */
import type { SimHandler, SimRequest } from '../host.js';
import { presentReview, presentReviewComment, type ReviewInput } from '../state/reviews.js';
import type { SimStore } from '../state/store.js';
import { paginate } from './paginate.js';
import { actorOf, bodyObject, intParam, ok, repoKeyOf } from './request-helpers.js';

export function reviewHandlers(store: SimStore): Record<string, SimHandler> {
  const pullOf = (req: SimRequest) => store.pulls.require(repoKeyOf(req), intParam(req, 'pull_number'));
  const reviewOf = (req: SimRequest) => {
    const pull = pullOf(req);
    return store.reviews.require(pull.repo, pull.number, intParam(req, 'review_id'));
  };
  return {
    list: (req) => {
      const pull = pullOf(req);
      return paginate(req, store.urls.api, store.reviews.list(pull.repo, pull.number), (review) =>
        presentReview(store, review),
      );
    },
    create: (req) => {
      const review = store.reviews.submit(pullOf(req), actorOf(store, req), bodyObject(req) as ReviewInput);
      return ok(presentReview(store, review));
    },
    get: (req) => ok(presentReview(store, reviewOf(req))),
    listComments: (req) => {
      const review = reviewOf(req);
      return paginate(req, store.urls.api, review.comments, (comment) =>
        presentReviewComment(store, review, comment),
      );
    },
  };
}
