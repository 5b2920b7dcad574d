/**
 * Who may give `/drover` commands. Bots never trigger anything (our own app included, known by
 * its app id, never by a `[bot]` login pattern a look-alike app could copy). People need the
 * configured repository permission, read from the permissions API: `author_association` says
 * how someone relates to the organisation, not what they may do in this repository.
 */
import type { DroverConfig } from '../../core/config.js';
import type { RepoPermission } from '../../core/gateway/repository.js';

export interface CommentAuthor {
  author: string;
  authorType: 'User' | 'Bot' | 'Organization';
  /** `performed_via_github_app.id`: the app that posted the comment for its author, if any. */
  viaAppId?: number | null;
}

export function isIgnoredAuthor(comment: CommentAuthor, ownAppId: number): boolean {
  return comment.authorType === 'Bot' || comment.viaAppId === ownAppId;
}

/** Highest first: a permission passes when it ranks at or above the minimum. */
const PERMISSION_RANK: Record<RepoPermission, number> = {
  admin: 5,
  maintain: 4,
  write: 3,
  triage: 2,
  read: 1,
  none: 0,
};

export function meetsPermission(
  permission: RepoPermission,
  minimum: DroverConfig['trust']['min_permission'],
): boolean {
  return PERMISSION_RANK[permission] >= PERMISSION_RANK[minimum];
}

export function refusalText(permission: RepoPermission, minimum: string): string {
  return (
    `thanks for the nudge! Drover takes commands only from people with ` +
    `**${minimum}** permission on this repository or higher (yours is **${permission}**), ` +
    `so nothing was changed. A maintainer can give the command for you.`
  );
}
