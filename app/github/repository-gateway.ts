/** RepositoryGateway over Octokit (REST; every read is conditional, so an unchanged answer is a free 304). */
import type { Octokit } from '@octokit/core';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { RepoPermission, RepositoryGateway } from '../../core/gateway/repository.js';

const PERMISSIONS: readonly RepoPermission[] = ['admin', 'maintain', 'write', 'triage', 'read'];

export function repositoryGateway(
  octokit: Octokit,
  base: { owner: string; repo: string },
): RepositoryGateway {
  async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (isGitHubError(error, 'not-found')) return null;
      throw error;
    }
  }

  return {
    async settings() {
      const repo = await octokit.request('GET /repos/{owner}/{repo}', base);
      const data = repo.data as {
        default_branch: string;
        delete_branch_on_merge?: boolean;
        allow_auto_merge?: boolean;
      };
      return {
        defaultBranch: data.default_branch,
        deleteBranchOnMerge: data.delete_branch_on_merge ?? null,
        allowAutoMerge: data.allow_auto_merge ?? null,
      };
    },

    branchHead: (branch) =>
      unlessNotFound(async () => {
        const ref = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
          ...base,
          ref: `heads/${branch}`,
        });
        return ref.data.object.sha;
      }),

    readFile: (path) =>
      unlessNotFound(async () => {
        const file = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...base, path });
        const data = file.data as { type?: string; content?: string; encoding?: string };
        if (data.type !== 'file' || data.content === undefined) return null;
        return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      }),

    async permission(login) {
      const answer = await unlessNotFound(() =>
        octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
          ...base,
          username: login,
        }),
      );
      if (answer === null) return 'none';
      // `role_name` keeps maintain and triage apart; `permission` maps them to write/read.
      const role = answer.data.role_name as RepoPermission;
      if (PERMISSIONS.includes(role)) return role;
      const legacy = answer.data.permission as RepoPermission;
      return PERMISSIONS.includes(legacy) ? legacy : 'none';
    },
  };
}
