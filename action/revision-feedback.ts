/**
 * What a revise attempt is asked to change, read with the job's read-only token
 * (`pull-requests: read`, `issues: read`): a "changes requested" review's body and its inline
 * comments (file, line, text), or the text of a `/drover revise` comment. The controller checked
 * who asked (the trust level) before it dispatched; the text itself is untrusted data.
 */
import type { Octokit } from '@octokit/rest';
import { sanitizeOneLine, sanitizeUntrustedText } from './sanitize-untrusted-text.js';
import type { RepoId } from './task-context.js';

export interface InlineComment {
  path: string;
  line: number | null;
  body: string;
}

export interface RevisionFeedback {
  source: 'review' | 'comment';
  author: string;
  body: string;
  comments: InlineComment[];
}

/** Inline comments of one review that fit a prompt. */
const MAX_INLINE_COMMENTS = 50;

export async function loadRevisionFeedback(
  octokit: Octokit,
  id: RepoId,
  pullRequest: number,
  feedback: { kind: 'review' | 'comment'; id: number },
): Promise<RevisionFeedback> {
  if (feedback.kind === 'comment') {
    const { data } = await octokit.rest.issues.getComment({ ...id, comment_id: feedback.id });
    return {
      source: 'comment',
      author: sanitizeOneLine(data.user?.login ?? 'ghost'),
      body: commandText(sanitizeUntrustedText(data.body)),
      comments: [],
    };
  }
  const { data: review } = await octokit.rest.pulls.getReview({
    ...id,
    pull_number: pullRequest,
    review_id: feedback.id,
  });
  const inline = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
    ...id,
    pull_number: pullRequest,
    review_id: feedback.id,
    per_page: 100,
  });
  return {
    source: 'review',
    author: sanitizeOneLine(review.user?.login ?? 'ghost'),
    body: sanitizeUntrustedText(review.body),
    comments: inline.slice(0, MAX_INLINE_COMMENTS).map((comment) => {
      const lines = comment as { line?: number | null; original_line?: number | null };
      return {
        path: sanitizeOneLine(comment.path),
        line: lines.line ?? lines.original_line ?? null,
        body: sanitizeUntrustedText(comment.body),
      };
    }),
  };
}

/** The text after `/drover revise` (the rest of the comment included), or the whole comment. */
export function commandText(body: string): string {
  const match = /\/drover\s+revise\b([\s\S]*)$/i.exec(body);
  return (match ? match[1] : body)?.trim() ?? '';
}
