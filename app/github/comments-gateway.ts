/** CommentsGateway over Octokit: Drover's own comments and its reactions. */
import type { Octokit } from '@octokit/core';
import type { CommentRef, CommentsGateway, ScannedCommand } from '../../core/gateway/comments.js';
import { isGitHubError } from '../../core/gateway/github-error.js';
import { isOurs, type AppIdentity, type AuthoredObject } from './app-identity.js';
import { listAllPages } from './list-pages.js';
import { answeredCommands, readKey } from './markers.js';

interface RestComment extends AuthoredObject {
  id: number;
  body?: string | null;
  html_url: string;
  updated_at: string;
  issue_url?: string;
  reactions?: { eyes?: number };
  performed_via_github_app?: { id?: number } | null;
}

function toRef(comment: RestComment): CommentRef {
  return { id: comment.id, body: comment.body ?? '', url: comment.html_url, updatedAt: comment.updated_at };
}

interface RestReaction {
  content: string;
  created_at: string;
  user?: { login?: string; type?: string } | null;
}

export function commentsGateway(
  octokit: Octokit,
  base: { owner: string; repo: string },
  identity: AppIdentity,
): CommentsGateway {
  /** Reactions of ours: by our bot's login, or (login unknown) by a bot account. */
  const byUs = (reaction: RestReaction) =>
    identity.botLogin !== null ? reaction.user?.login === identity.botLogin : reaction.user?.type === 'Bot';

  /**
   * When our 👀 claim on a comment was made (null: someone else's 👀, not a claim), and whether
   * we refused it with 😕 (a repeated refusal is a reaction, not a comment). One read: a comment
   * holds one reaction per person and content, a few at most.
   */
  async function ourClaim(commentId: number): Promise<{ at: string | null; refused: boolean }> {
    const response = await octokit.request(
      'GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
      {
        ...base,
        comment_id: commentId,
        per_page: 100,
      },
    );
    const ours = (response.data as RestReaction[]).filter(byUs);
    return {
      at: ours.find((reaction) => reaction.content === 'eyes')?.created_at ?? null,
      refused: ours.some((reaction) => reaction.content === 'confused'),
    };
  }

  return {
    async create(issue, body) {
      const created = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...base,
        issue_number: issue,
        body,
      });
      return toRef(created.data as RestComment);
    },

    async update(commentId, body) {
      const updated = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...base,
        comment_id: commentId,
        body,
      });
      return toRef(updated.data as RestComment);
    },

    async delete(commentId) {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...base,
          comment_id: commentId,
        });
      } catch (error) {
        if (!isGitHubError(error, 'not-found')) throw error;
      }
    },

    async get(commentId) {
      try {
        const found = await octokit.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...base,
          comment_id: commentId,
        });
        return toRef(found.data as RestComment);
      } catch (error) {
        if (isGitHubError(error, 'not-found')) return null;
        throw error;
      }
    },

    async findOwn(issue, key) {
      const comments = await listAllPages(async (page, perPage) => {
        const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...base,
          issue_number: issue,
          per_page: perPage,
          page,
        });
        return response.data as RestComment[];
      });
      return comments
        .filter((comment) => isOurs(identity, comment) && readKey(comment.body) === key)
        .map(toRef);
    },

    async unansweredCommands(since) {
      const comments = await listAllPages(async (page, perPage) => {
        const response = await octokit.request('GET /repos/{owner}/{repo}/issues/comments', {
          ...base,
          since,
          sort: 'created',
          direction: 'asc',
          per_page: perPage,
          page,
        });
        return response.data as RestComment[];
      });
      // Our answers come after the commands they answer, so they are in the same listing.
      const answered = new Set(
        comments.filter((comment) => isOurs(identity, comment)).flatMap((c) => answeredCommands(c.body)),
      );
      const found: ScannedCommand[] = [];
      for (const comment of comments) {
        const issue = Number(/\/issues\/(\d+)$/.exec(comment.issue_url ?? '')?.[1]);
        const body = comment.body ?? '';
        if (!/\/drover\b/i.test(body) || !Number.isInteger(issue)) continue;
        // Our own comments (answers quote commands) are never commands; answered ones are done.
        if (isOurs(identity, comment) || answered.has(comment.id)) continue;
        const claim =
          (comment.reactions?.eyes ?? 0) > 0 ? await ourClaim(comment.id) : { at: null, refused: false };
        if (claim.refused) continue;
        const user = (comment as { user?: { login?: string; type?: string } | null }).user;
        found.push({
          id: comment.id,
          issue,
          body,
          author: user?.login ?? 'ghost',
          authorType: (user?.type ?? 'User') as ScannedCommand['authorType'],
          viaAppId: comment.performed_via_github_app?.id ?? null,
          updatedAt: comment.updated_at,
          claimedAt: claim.at,
        });
      }
      return found;
    },

    async react(commentId, content) {
      const answer = await octokit.request(
        'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
        {
          ...base,
          comment_id: commentId,
          content,
        },
      );
      // 201 Created the first time; 200 when this reaction was already there.
      return answer.status === 201 ? 'created' : 'exists';
    },
  };
}
