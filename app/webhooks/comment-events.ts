/** `issue_comment.created`: a possible `/drover` command (handled once), then a pass if it changed something. */
import { traceCommand } from '../telemetry/loop-spans.js';
import type { WebhookHandler } from './webhook-context.js';
import { targetOf } from './webhook-context.js';

interface CommentPayload {
  issue?: { number: number };
  comment?: {
    id: number;
    body?: string | null;
    user?: { login?: string; type?: string } | null;
    performed_via_github_app?: { id?: number } | null;
  };
}

export const onComment: WebhookHandler = async (controller, event) => {
  const target = targetOf(event.payload);
  const { issue, comment } = event.payload as CommentPayload;
  if (target === null || issue === undefined || comment === undefined) return;
  if (!/\/drover\b/i.test(comment.body ?? '')) return;
  const traced = { repo: target.repo, issue: issue.number, body: comment.body ?? '' };
  await traceCommand(controller.telemetry, traced, () =>
    controller.command(target, {
      issue: issue.number,
      comment: {
        id: comment.id,
        body: comment.body ?? '',
        author: comment.user?.login ?? 'ghost',
        authorType: (comment.user?.type ?? 'User') as 'User' | 'Bot' | 'Organization',
        viaAppId: comment.performed_via_github_app?.id ?? null,
      },
    }),
  );
};
