/**
 * One `pull_request_review.submitted`: a "changes requested" review of a Drover pull request, by
 * a person at the configured trust level (`trust.min_permission`), asks for a revision
 * (request-revision.ts). Every other review, and any review by someone below the trust level or
 * by a bot, is ignored without a word: a review is not a command, and an outsider's must not
 * start work. A redelivered webhook finds the request already recorded, or already answered
 * (the answer carries the review's marker), and does nothing.
 */
import type { RepoGateway } from '../../core/gateway/index.js';
import type { ReconcilePlan } from '../../core/plan/plan-reconcile.js';
import type { RepoState } from '../../core/repo-state.js';
import type { RepoSession } from '../reconcile/repo-session.js';
import { isIgnoredAuthor, meetsPermission, type CommentAuthor } from './authorize-commenter.js';
import { requestRevision } from './request-revision.js';

export interface HandleReviewInput {
  gateway: RepoGateway;
  session: RepoSession;
  pullRequest: number;
  headRef: string;
  review: { id: number; state: string } & CommentAuthor;
  ownAppId: number;
  now: Date;
  look: () => Promise<{ state: RepoState; plan: ReconcilePlan }>;
}

/** true when a revision was recorded (the caller reconciles). */
export async function handleReview(input: HandleReviewInput): Promise<boolean> {
  const { review, gateway } = input;
  if (review.state.toLowerCase() !== 'changes_requested') return false;
  if (!input.headRef.startsWith('drover/') || isIgnoredAuthor(review, input.ownAppId)) return false;
  const key = `review:${review.id}`;
  if ((await gateway.comments.findOwn(input.pullRequest, `revision-review-${review.id}`)).length > 0)
    return false;
  const { state, plan } = await input.look();
  if (state.configProblems.length > 0 || state.control.revisions?.[key] !== undefined) return false;
  const permission = await gateway.repository.permission(review.author);
  if (!meetsPermission(permission, state.config.trust.min_permission)) return false;
  const outcome = await requestRevision(
    { kind: 'review', id: review.id },
    {
      gateway,
      session: input.session,
      state,
      plan,
      author: review.author,
      now: input.now,
      issue: input.pullRequest,
    },
  );
  return outcome.reconcile;
}
