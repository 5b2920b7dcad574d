/**
 * The RepoGateway of one repository over one Octokit: each resource's module, sharing the
 * request policy (conditional reads, rate-limit waits, no retried writes, one error type) and
 * the request counters.
 */
import type { Octokit } from '@octokit/core';
import type { RepoGateway } from '../../core/gateway/index.js';
import type { AppIdentity } from './app-identity.js';
import { approvalsGateway } from './approvals-gateway.js';
import { backlogGateway } from './backlog-gateway.js';
import { commentsGateway } from './comments-gateway.js';
import { commitsGateway } from './commits-gateway.js';
import type { ConditionalCache } from './conditional-cache.js';
import { issuesGateway } from './issues-gateway.js';
import { projectsGateway } from './projects-gateway.js';
import { pullsGateway } from './pulls-gateway.js';
import { refsGateway } from './refs-gateway.js';
import { repositoryGateway } from './repository-gateway.js';
import { applyRequestPolicy, type RequestStats } from './request-policy.js';
import { runsGateway } from './runs-gateway.js';
import type { WriteSpacing } from './write-spacing.js';

export interface RepoGatewayOptions {
  identity: AppIdentity;
  /** Conditional-read answers of this repository (kept across reconciles by its session). */
  cache: ConditionalCache;
  stats: RequestStats;
  /** Longest rate-limit wait honoured in place (default 60 s). */
  maxWaitMs?: number;
  /** Writes wait their turn here (shared by every gateway of the installation); none: not spaced. */
  spacing?: WriteSpacing;
}

export function splitRepo(repo: string): { owner: string; name: string } {
  const [owner, name, extra] = repo.split('/');
  if (!owner || !name || extra !== undefined)
    throw new Error(`"${repo}" is not a repository name of the form owner/name`);
  return { owner, name };
}

export function createRepoGateway(octokit: Octokit, repo: string, options: RepoGatewayOptions): RepoGateway {
  applyRequestPolicy(octokit, {
    cache: options.cache,
    stats: options.stats,
    maxWaitMs: options.maxWaitMs,
    spacing: options.spacing,
  });
  const { owner, name } = splitRepo(repo);
  const base = { owner, repo: name };
  return {
    repo,
    repository: repositoryGateway(octokit, base),
    issues: issuesGateway(octokit, { owner, name, repo }, options.stats, options.identity),
    approvals: approvalsGateway(octokit, { owner, name }, options.stats, options.identity),
    comments: commentsGateway(octokit, base, options.identity),
    refs: refsGateway(octokit, base),
    commits: commitsGateway(octokit, base, repo, options.stats),
    runs: runsGateway(octokit, base),
    pulls: pullsGateway(octokit, base, options.stats),
    projects: projectsGateway(octokit, options.stats),
    backlog: backlogGateway(octokit, base),
  };
}
