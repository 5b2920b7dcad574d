/**
 * Pull request reviews and their inline comments: submitted at once (`event` APPROVE,
 * REQUEST_CHANGES or COMMENT), with GitHub's refusals (no review of your own pull request that
 * approves or requests changes, a body required to request changes or comment), and the
 * `pull_request_review` webhook (`submitted`).
 * https://docs.github.com/rest/pulls/reviews, https://docs.github.com/rest/pulls/comments
 */
import { Buffer } from 'node:buffer';
import { emitRepoEvent } from './events.js';
import type { Actor } from './issues.js';
import { SimError, validationFailed } from './sim-error.js';
import type { SimStore } from './store.js';
import type { PullRecord } from './types.js';
import { presentPullRequest } from '../payloads/pull-request.js';
import { presentSimpleUser } from '../payloads/user.js';

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';

export interface ReviewCommentRecord {
  id: number;
  nodeId: string;
  reviewId: number;
  path: string;
  line: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface ReviewRecord {
  id: number;
  nodeId: string;
  repo: string;
  pullNumber: number;
  user: string;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string;
  comments: ReviewCommentRecord[];
}

export interface ReviewInput {
  event?: string;
  body?: string;
  comments?: Array<{ path?: unknown; line?: unknown; body?: unknown }>;
}

const EVENTS: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

export class ReviewStore {
  private readonly byPull = new Map<string, ReviewRecord[]>();

  constructor(private readonly store: SimStore) {}

  private key(repo: string, pull: number): string {
    return `${repo.toLowerCase()}#${pull}`;
  }

  list(repo: string, pull: number): ReviewRecord[] {
    return this.byPull.get(this.key(repo, pull)) ?? [];
  }

  require(repo: string, pull: number, id: number): ReviewRecord {
    const review = this.list(repo, pull).find((candidate) => candidate.id === id);
    if (review === undefined) throw new SimError(404, 'Not Found');
    return review;
  }

  /** A review submitted at once (GitHub's pending reviews are not modelled). */
  submit(pull: PullRecord, actor: Actor, input: ReviewInput): ReviewRecord {
    const state = EVENTS[String(input.event ?? '')];
    if (state === undefined)
      throw validationFailed([{ resource: 'PullRequestReview', field: 'event', code: 'invalid' }]);
    const author = this.store.issues.require(pull.repo, pull.number).user;
    if (state !== 'COMMENTED' && author.toLowerCase() === actor.login.toLowerCase())
      throw new SimError(
        422,
        `Unprocessable Entity: Can not ${state === 'APPROVED' ? 'approve' : 'request changes on'} your own pull request`,
      );
    const body = typeof input.body === 'string' ? input.body : '';
    if (state !== 'APPROVED' && body === '' && (input.comments ?? []).length === 0)
      throw new SimError(
        422,
        `Unprocessable Entity: Review Can not ${state === 'CHANGES_REQUESTED' ? 'request changes' : 'comment'} without a body`,
      );
    const id = this.store.env.nextId();
    const now = this.store.now();
    const comments = (input.comments ?? []).map((comment) => {
      if (
        typeof comment.path !== 'string' ||
        typeof comment.body !== 'string' ||
        typeof comment.line !== 'number'
      )
        throw validationFailed([
          { resource: 'PullRequestReviewComment', field: 'comments', code: 'invalid' },
        ]);
      const commentId = this.store.env.nextId();
      return {
        id: commentId,
        nodeId: nodeId('PRRC', commentId),
        reviewId: id,
        path: comment.path,
        line: comment.line,
        body: comment.body,
        user: actor.login,
        createdAt: now,
      };
    });
    const review: ReviewRecord = {
      id,
      nodeId: nodeId('PRR', id),
      repo: pull.repo,
      pullNumber: pull.number,
      user: actor.login,
      state,
      body,
      commitId: pull.headSha,
      submittedAt: now,
      comments,
    };
    this.byPull.set(this.key(pull.repo, pull.number), [...this.list(pull.repo, pull.number), review]);
    emitRepoEvent(this.store, 'pull_request_review', pull.repo, actor.login, {
      action: 'submitted',
      review: presentReview(this.store, review),
      pull_request: presentPullRequest(this.store, pull),
    });
    return review;
  }
}

export function presentReview(store: SimStore, review: ReviewRecord): Record<string, unknown> {
  const user = store.users.require(review.user);
  const html = `${store.urls.web}/${review.repo}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: presentSimpleUser(store.urls, user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${store.urls.api}/repos/${review.repo}/pulls/${review.pullNumber}`,
    author_association: 'COLLABORATOR',
    _links: {
      html: { href: html },
      pull_request: { href: `${store.urls.api}/repos/${review.repo}/pulls/${review.pullNumber}` },
    },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
  };
}

export function presentReviewComment(
  store: SimStore,
  review: ReviewRecord,
  comment: ReviewCommentRecord,
): Record<string, unknown> {
  const user = store.users.require(comment.user);
  const html = `${store.urls.web}/${review.repo}/pull/${review.pullNumber}#discussion_r${comment.id}`;
  return {
    id: comment.id,
    node_id: comment.nodeId,
    pull_request_review_id: review.id,
    url: `${store.urls.api}/repos/${review.repo}/pulls/comments/${comment.id}`,
    diff_hunk: '',
    path: comment.path,
    position: comment.line,
    original_position: comment.line,
    line: comment.line,
    original_line: comment.line,
    side: 'RIGHT',
    commit_id: review.commitId,
    original_commit_id: review.commitId,
    user: presentSimpleUser(store.urls, user),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: `${store.urls.api}/repos/${review.repo}/pulls/${review.pullNumber}`,
    author_association: 'COLLABORATOR',
    _links: {
      self: { href: `${store.urls.api}/repos/${review.repo}/pulls/comments/${comment.id}` },
      html: { href: html },
      pull_request: { href: `${store.urls.api}/repos/${review.repo}/pulls/${review.pullNumber}` },
    },
  };
}
