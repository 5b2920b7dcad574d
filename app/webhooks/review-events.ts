/** `pull_request_review.submitted`: a "changes requested" review of a Drover PR may ask for a revision. */
import type { WebhookHandler } from './webhook-context.js';
import { targetOf } from './webhook-context.js';

interface ReviewPayload {
  action?: string;
  pull_request?: { number?: number; head?: { ref?: string } };
  review?: {
    id?: number;
    state?: string;
    user?: { login?: string; type?: string } | null;
    performed_via_github_app?: { id?: number } | null;
  };
}

export const onReview: WebhookHandler = async (controller, event) => {
  const target = targetOf(event.payload);
  const { action, pull_request: pull, review } = event.payload as ReviewPayload;
  if (target === null || action !== 'submitted' || pull?.number === undefined || review?.id === undefined)
    return;
  if (review.state?.toLowerCase() !== 'changes_requested' || !pull.head?.ref?.startsWith('drover/')) return;
  await controller.review(target, {
    pullRequest: pull.number,
    headRef: pull.head.ref,
    review: {
      id: review.id,
      state: review.state,
      author: review.user?.login ?? 'ghost',
      authorType: (review.user?.type ?? 'User') as 'User' | 'Bot' | 'Organization',
      viaAppId: review.performed_via_github_app?.id ?? null,
    },
  });
};
