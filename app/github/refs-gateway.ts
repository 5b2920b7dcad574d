/**
 * RefsGateway over Octokit (Git Data API refs and the Repository Activity API). GitHub's answers
 * that carry meaning: 422 "Reference already exists" on create, 422 "Update is not a fast
 * forward" on an update without force.
 */
import type { Octokit } from '@octokit/core';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { RefsGateway } from '../../core/gateway/refs.js';

/** `refs/heads/x` → `heads/x`: the refs API's path parameter omits the `refs/` prefix. */
function shortRef(ref: string): string {
  if (!ref.startsWith('refs/')) throw new Error(`"${ref}" is not a fully qualified ref (refs/...)`);
  return ref.slice('refs/'.length);
}

export function refsGateway(octokit: Octokit, base: { owner: string; repo: string }): RefsGateway {
  return {
    async create(ref, sha) {
      try {
        await octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...base, ref, sha });
        return 'created';
      } catch (error) {
        if (isGitHubError(error, 'unprocessable') && /already exists/i.test(error.detail)) return 'exists';
        throw error;
      }
    },

    async get(ref) {
      try {
        const found = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
          ...base,
          ref: shortRef(ref),
        });
        return found.data.object.sha;
      } catch (error) {
        if (isGitHubError(error, 'not-found')) return null;
        throw error;
      }
    },

    async update(ref, sha, { force }) {
      try {
        await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
          ...base,
          ref: shortRef(ref),
          sha,
          force,
        });
        return 'updated';
      } catch (error) {
        if (isGitHubError(error, 'unprocessable') && /fast.forward/i.test(error.detail))
          return 'not-fast-forward';
        throw error;
      }
    },

    async delete(ref) {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...base, ref: shortRef(ref) });
      } catch (error) {
        // Gone already (404), or GitHub's 422 "Reference does not exist".
        if (isGitHubError(error, 'not-found') || isGitHubError(error, 'unprocessable')) return;
        throw error;
      }
    },

    async matching(prefix) {
      const found = await octokit.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
        ...base,
        ref: prefix,
      });
      return (found.data as Array<{ ref: string; object: { sha: string } }>).map((entry) => ({
        ref: entry.ref,
        sha: entry.object.sha,
      }));
    },

    async createdAt(ref) {
      const found = await octokit.request('GET /repos/{owner}/{repo}/activity', {
        ...base,
        ref,
        activity_type: 'branch_creation',
        per_page: 1,
      });
      const activity = (found.data as Array<{ timestamp?: string }>)[0];
      return activity?.timestamp ?? null;
    },
  };
}
