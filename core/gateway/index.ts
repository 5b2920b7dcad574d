/**
 * The one door between Drover's logic and GitHub, split by resource. The core owns these
 * interfaces; the app implements them over Octokit (app/github/), the tests with one in-memory
 * double (test/support/memory-gateway.ts). Every method answers with a typed result or throws
 * GitHubError (github-error.ts): nothing else crosses the boundary.
 */
import type { RepoFullName } from '../types.js';
import type { ApprovalsGateway } from './approvals.js';
import type { BacklogGateway } from './backlog.js';
import type { CommentsGateway } from './comments.js';
import type { CommitsGateway } from './commits.js';
import type { IssuesGateway } from './issues.js';
import type { ProjectsGateway } from './projects.js';
import type { PullsGateway } from './pulls.js';
import type { RefsGateway } from './refs.js';
import type { RepositoryGateway } from './repository.js';
import type { RunsGateway } from './runs.js';

export interface RepoGateway {
  readonly repo: RepoFullName;
  readonly repository: RepositoryGateway;
  readonly issues: IssuesGateway;
  /** Who approved each task, and what changed since (timelines and edits). */
  readonly approvals: ApprovalsGateway;
  readonly comments: CommentsGateway;
  readonly refs: RefsGateway;
  readonly commits: CommitsGateway;
  readonly runs: RunsGateway;
  readonly pulls: PullsGateway;
  readonly projects: ProjectsGateway;
  /** Backlog imports (`/drover spec`); absent where the gateway cannot import (test doubles). */
  readonly backlog?: BacklogGateway;
}

export type * from './approvals.js';
export type * from './backlog.js';
export type * from './comments.js';
export type * from './commits.js';
export type * from './issues.js';
export type * from './projects.js';
export type * from './pulls.js';
export type * from './refs.js';
export type * from './repository.js';
export type * from './runs.js';
export { GitHubError, isGitHubError } from './github-error.js';
export type { GitHubErrorKind, GitHubErrorInit } from './github-error.js';
