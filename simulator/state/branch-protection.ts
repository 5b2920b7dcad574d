/**
 * Branch protection, the part pull requests feel: required status checks. A required context is
 * satisfied by a commit status of that context or a check run of that name (GitHub matches
 * both), and "Require branches to be up to date before merging" (`strict`) holds a pull request
 * whose head does not contain its base as `behind`.
 * https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-status-checks-before-merging
 */
import type { SimStore } from './store.js';
import { SimError } from './sim-error.js';

export interface RequiredStatusChecks {
  contexts: string[];
  /** Require branches to be up to date before merging. */
  strict: boolean;
}

export class BranchProtectionStore {
  /** `<repo>\0<branch>` → strictness; contexts of the default branch live on the repository record. */
  private readonly strict = new Map<string, boolean>();
  private readonly otherBranches = new Map<string, string[]>();

  constructor(private readonly store: SimStore) {}

  /** The required checks of a branch, or null when it has none. */
  requiredChecks(repoKey: string, branch: string): RequiredStatusChecks | null {
    const repo = this.store.repos.require(repoKey);
    const key = `${repo.fullName}\0${branch}`;
    const contexts =
      branch === repo.defaultBranch ? repo.requiredChecks : (this.otherBranches.get(key) ?? []);
    if (contexts.length === 0 && !this.strict.get(key)) return null;
    return { contexts: [...contexts], strict: this.strict.get(key) ?? false };
  }

  /** Sets (or, with no contexts and not strict, removes) a branch's required status checks. */
  setRequiredChecks(repoKey: string, branch: string, checks: RequiredStatusChecks): void {
    const repo = this.store.repos.require(repoKey);
    if (!repo.branches.has(branch)) throw new SimError(404, 'Branch not found');
    const contexts = [...new Set(checks.contexts)];
    const key = `${repo.fullName}\0${branch}`;
    if (branch === repo.defaultBranch) repo.requiredChecks = contexts;
    else this.otherBranches.set(key, contexts);
    this.strict.set(key, checks.strict);
    for (const pull of this.store.pulls.list(repo.fullName, { state: 'open', base: branch }))
      this.store.pulls.onChecksChanged(repo.fullName, pull.headSha);
  }
}
