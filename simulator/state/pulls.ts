/**
 * Pull requests: open, edit, close, mergeability, merge (merge/squash/rebase), update-branch,
 * auto-merge, and closing the issues the body references when merged into the default branch.
 * Emits `pull_request` webhooks.
 */
import { mergeCommits, type MergeOutcome } from '../git/merge-commits.js';
import { presentPullRequest } from '../payloads/pull-request.js';
import { closingReferences } from './closing-keywords.js';
import { emitRepoEvent } from './events.js';
import type { RefChange } from './git-data.js';
import type { Actor } from './issues.js';
import type { SimStore } from './store.js';
import { commitEmail } from './users.js';
import { notFound, SimError, validationFailed } from './sim-error.js';
import type { MergeMethod, PullRecord, RepoRecord } from './types.js';

export interface PullInput {
  title: string;
  head: string;
  base: string;
  body?: string | null;
  draft?: boolean;
  maintainer_can_modify?: boolean;
}

export interface PullPatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  base?: string;
}

export interface PullFilter {
  state?: 'open' | 'closed' | 'all';
  /** `owner:branch` or `branch`. */
  head?: string;
  base?: string;
  direction?: 'asc' | 'desc';
}

export interface MergeInput {
  merge_method?: MergeMethod;
  sha?: string;
  commit_title?: string;
  commit_message?: string;
}

const METHODS: MergeMethod[] = ['merge', 'squash', 'rebase'];

export class PullStore {
  private readonly byNumericId = new Map<number, PullRecord>();

  constructor(private readonly store: SimStore) {}

  create(repoKey: string, actor: Actor, input: PullInput): PullRecord {
    const repo = this.store.repos.require(repoKey);
    const headRef = this.headBranch(repo, input.head);
    const baseSha = repo.branches.get(input.base);
    const headSha = headRef === undefined ? undefined : repo.branches.get(headRef);
    if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (!headRef || !headSha)
      throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (typeof input.title !== 'string' || !input.title.trim()) {
      throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
    }
    if (this.list(repo.fullName, { state: 'open', head: headRef, base: input.base }).length > 0) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner}:${headRef}.`,
        },
      ]);
    }
    if (this.store.repos.bare(repo).isAncestor(headSha, baseSha)) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${input.base} and ${headRef}`,
        },
      ]);
    }
    const number = this.store.repos.takeNumber(repo);
    const issue = this.store.issues.create(
      repo.fullName,
      actor,
      { title: input.title, body: input.body ?? null },
      number,
    );
    // A pull request and its issue side are one GraphQL node (`PullRequest`), with their own REST ids.
    const id = this.store.env.nextId();
    const nodeId = issue.nodeId;
    const pull: PullRecord = {
      id,
      nodeId,
      repo: repo.fullName,
      number,
      issueId: issue.id,
      headRef,
      headSha,
      baseRef: input.base,
      baseSha,
      draft: input.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      mergeable: null,
      mergeableState: 'unknown',
      autoMerge: null,
      maintainerCanModify: input.maintainer_can_modify ?? true,
    };
    this.byNumericId.set(id, pull);
    this.refresh(pull);
    this.emit(pull, 'opened', actor.login);
    return pull;
  }

  /** `owner:branch` or `branch` → branch name (only same-repository heads: no forks here). */
  private headBranch(repo: RepoRecord, head: string): string | undefined {
    if (typeof head !== 'string') return undefined;
    const [owner, branch] = head.includes(':') ? head.split(':', 2) : [repo.owner, head];
    return owner?.toLowerCase() === repo.owner.toLowerCase() ? branch : undefined;
  }

  get(repoKey: string, number: number): PullRecord | undefined {
    const repo = this.store.repos.require(repoKey);
    return [...this.byNumericId.values()].find((p) => p.repo === repo.fullName && p.number === number);
  }

  require(repoKey: string, number: number): PullRecord {
    const pull = this.get(repoKey, number);
    if (!pull) throw notFound();
    return pull;
  }

  byId(id: number): PullRecord | undefined {
    return this.byNumericId.get(id);
  }

  /** The pull request whose issue side has this node id (PRs and their issues share it). */
  byNodeId(nodeId: string): PullRecord | undefined {
    return [...this.byNumericId.values()].find((p) => p.nodeId === nodeId);
  }

  list(repoKey: string, filter: PullFilter = {}): PullRecord[] {
    const repo = this.store.repos.require(repoKey);
    const state = filter.state ?? 'open';
    const head = filter.head === undefined ? undefined : this.headBranch(repo, filter.head);
    const pulls = [...this.byNumericId.values()].filter((pull) => {
      if (pull.repo !== repo.fullName) return false;
      const issue = this.store.issues.requireById(pull.issueId);
      if (state !== 'all' && issue.state !== state) return false;
      if (filter.head !== undefined && pull.headRef !== head) return false;
      return filter.base === undefined || pull.baseRef === filter.base;
    });
    const sign = filter.direction === 'asc' ? 1 : -1;
    return pulls.sort((a, b) => sign * (a.number - b.number));
  }

  update(repoKey: string, number: number, actor: Actor, patch: PullPatch): PullRecord {
    const pull = this.require(repoKey, number);
    const issue = this.store.issues.requireById(pull.issueId);
    const changes: Record<string, { from: unknown }> = {};
    if (patch.base !== undefined && patch.base !== pull.baseRef) {
      if (!this.store.repos.require(repoKey).branches.has(patch.base)) {
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      }
      changes.base = { from: { ref: pull.baseRef, sha: pull.baseSha } };
      pull.baseRef = patch.base;
    }
    if (patch.title !== undefined && patch.title !== issue.title) {
      changes.title = { from: issue.title };
      issue.title = patch.title;
    }
    if (patch.body !== undefined && patch.body !== issue.body) {
      changes.body = { from: issue.body ?? '' };
      issue.body = patch.body;
      issue.lastEditedBy = actor.login;
      issue.lastEditedAt = this.store.now();
    }
    if (Object.keys(changes).length > 0) {
      this.store.issues.touch(issue);
      this.refresh(pull);
      this.emit(pull, 'edited', actor.login, { changes });
    }
    if (patch.state === 'closed' && issue.state === 'open') {
      this.store.issues.close(repoKey, number, actor);
      pull.autoMerge = null;
      this.emit(pull, 'closed', actor.login);
    }
    if (patch.state === 'open' && issue.state === 'closed') {
      this.store.issues.reopen(repoKey, number, actor);
      this.refresh(pull);
      this.emit(pull, 'reopened', actor.login);
    }
    return pull;
  }

  /** Recomputes base/head shas, `mergeable` and `mergeable_state` of an open pull request. */
  refresh(pull: PullRecord): void {
    const repo = this.store.repos.require(pull.repo);
    const issue = this.store.issues.requireById(pull.issueId);
    if (issue.state !== 'open') return;
    pull.baseSha = repo.branches.get(pull.baseRef) ?? pull.baseSha;
    pull.headSha = repo.branches.get(pull.headRef) ?? pull.headSha;
    const merged = this.store.repos.bare(repo).mergeTree(pull.baseSha, pull.headSha);
    pull.mergeable = merged.clean;
    if (!merged.clean) pull.mergeableState = 'dirty';
    else if (pull.draft) pull.mergeableState = 'blocked';
    else pull.mergeableState = this.checksState(repo, pull);
  }

  /** `blocked` while a required status is missing or not green, `unstable` if another failed. */
  private checksState(repo: RepoRecord, pull: PullRecord): PullRecord['mergeableState'] {
    if (this.missingRequiredCheck(repo, pull)) return 'blocked';
    const latest = this.store.statuses.latest(repo.fullName, pull.headSha);
    return latest.some((s) => s.state === 'failure' || s.state === 'error') ? 'unstable' : 'clean';
  }

  /** The first required status context that is not `success` on the head commit, if any. */
  private missingRequiredCheck(repo: RepoRecord, pull: PullRecord): string | undefined {
    if (pull.baseRef !== repo.defaultBranch) return undefined;
    const latest = this.store.statuses.latest(repo.fullName, pull.headSha);
    return repo.requiredChecks.find(
      (context) => latest.find((s) => s.context === context)?.state !== 'success',
    );
  }

  /** A commit status changed: refresh the pull requests with that head and try auto-merge. */
  refreshForSha(repoKey: string, sha: string): void {
    for (const pull of this.list(repoKey, { state: 'open' })) {
      if (pull.headSha !== sha) continue;
      this.refresh(pull);
      this.tryAutoMerge(pull);
    }
  }

  /** A branch moved (push, Git Data API, merge): `synchronize` heads, refresh bases, auto-merge. */
  onBranchChanged(repoKey: string, branch: string, change: RefChange, actor: string): void {
    for (const pull of this.list(repoKey, { state: 'open' })) {
      if (pull.headRef === branch && change.after === null) {
        this.update(repoKey, pull.number, { login: actor }, { state: 'closed' });
        continue;
      }
      if (pull.headRef === branch && change.after && change.after !== pull.headSha) {
        const before = pull.headSha;
        this.refresh(pull);
        this.emit(pull, 'synchronize', actor, { before, after: pull.headSha });
      } else if (pull.baseRef === branch) {
        this.refresh(pull);
      }
    }
    for (const pull of this.list(repoKey, { state: 'open' })) this.tryAutoMerge(pull);
  }

  merge(
    repoKey: string,
    number: number,
    actor: Actor,
    input: MergeInput = {},
  ): { sha: string; merged: true; message: string } {
    const pull = this.require(repoKey, number);
    const repo = this.store.repos.require(repoKey);
    const issue = this.store.issues.requireById(pull.issueId);
    const method = input.merge_method ?? 'merge';
    if (!METHODS.includes(method))
      throw validationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }]);
    if (issue.state !== 'open') throw new SimError(405, 'Pull Request is not mergeable');
    this.refresh(pull);
    if (input.sha !== undefined && input.sha !== pull.headSha) {
      throw new SimError(409, 'Head branch was modified. Review and try the merge again.');
    }
    if (pull.draft) throw new SimError(405, 'Pull Request is still a draft');
    if (!pull.mergeable) throw new SimError(405, 'Pull Request is not mergeable');
    const missing = this.missingRequiredCheck(repo, pull);
    if (missing) throw new SimError(405, `Required status check "${missing}" is expected.`);
    const outcome = this.mergeOutcome(repo, pull, method, actor.login, input);
    if (!outcome.ok)
      throw new SimError(
        405,
        outcome.reason === 'conflict' ? 'Pull Request is not mergeable' : "This branch can't be rebased",
      );
    this.store.git.markVerified(outcome.sha);
    this.completeMerge(repo, pull, outcome.sha, actor);
    return { sha: outcome.sha, merged: true, message: 'Pull Request successfully merged' };
  }

  private mergeOutcome(
    repo: RepoRecord,
    pull: PullRecord,
    method: MergeMethod,
    login: string,
    input: MergeInput,
  ): MergeOutcome {
    const issue = this.store.issues.requireById(pull.issueId);
    const user = this.store.users.require(login);
    const now = this.store.now();
    const author = {
      name: user.login,
      email: commitEmail(user),
      date: now,
    };
    const defaultTitle =
      method === 'squash'
        ? `${issue.title} (#${pull.number})`
        : `Merge pull request #${pull.number} from ${repo.owner}/${pull.headRef}`;
    const defaultBody =
      method === 'squash'
        ? this.store.repos
            .bare(repo)
            .commitsBetween(pull.baseSha, pull.headSha)
            .map((sha) => `* ${this.store.repos.bare(repo).readCommit(sha).message.trim()}`)
            .join('\n\n')
        : issue.title;
    const title = input.commit_title ?? defaultTitle;
    const body = input.commit_message ?? defaultBody;
    return mergeCommits(this.store.repos.bare(repo), {
      method,
      baseSha: pull.baseSha,
      headSha: pull.headSha,
      message: body ? `${title}\n\n${body}\n` : `${title}\n`,
      author,
      committer: { name: 'GitHub', email: 'noreply@github.com', date: now },
      scratchDir: this.store.env.tempDir('rebase'),
    });
  }

  private completeMerge(repo: RepoRecord, pull: PullRecord, sha: string, actor: Actor): void {
    const bare = this.store.repos.bare(repo);
    const before = pull.baseSha;
    bare.updateRef(`refs/heads/${pull.baseRef}`, sha, before);
    pull.merged = true;
    pull.mergedAt = this.store.now();
    pull.mergedBy = actor.login;
    pull.mergeCommitSha = sha;
    pull.mergeable = null;
    pull.autoMerge = null;
    this.store.issues.close(repo.fullName, pull.number, actor);
    this.store.git.recordChanges(repo.fullName, actor.login, [
      { ref: `refs/heads/${pull.baseRef}`, before, after: sha, kind: 'pr_merge' },
    ]);
    this.emit(pull, 'closed', actor.login);
    if (pull.baseRef === repo.defaultBranch) this.closeReferencedIssues(repo, pull, actor);
    this.store.git.deleteMergedHead(repo.fullName, pull.headRef, actor.login);
  }

  private closeReferencedIssues(repo: RepoRecord, pull: PullRecord, actor: Actor): void {
    for (const issue of this.closingIssues(pull)) {
      this.store.issues.close(issue.repo, issue.number, actor, 'completed');
    }
  }

  /** Issues the pull request's body closes on merge (GraphQL `closingIssuesReferences`). */
  closingIssues(pull: PullRecord) {
    const issue = this.store.issues.requireById(pull.issueId);
    return closingReferences(issue.body).flatMap((ref) => {
      const target = this.store.repos.get(ref.repo ?? pull.repo);
      const found = target ? this.store.issues.get(target.fullName, ref.number) : undefined;
      return found && found.pullNumber === null ? [found] : [];
    });
  }

  /** Merges the base into the head branch (REST update-branch / GraphQL updatePullRequestBranch). */
  updateBranch(repoKey: string, number: number, actor: Actor, expectedHeadSha?: string): void {
    const pull = this.require(repoKey, number);
    const repo = this.store.repos.require(repoKey);
    const bare = this.store.repos.bare(repo);
    if (this.store.issues.requireById(pull.issueId).state !== 'open')
      throw new SimError(422, 'Pull request is closed');
    this.refresh(pull);
    if (expectedHeadSha !== undefined && expectedHeadSha !== pull.headSha) {
      throw new SimError(422, 'expected_head_sha does not match the head of the pull request');
    }
    if (bare.isAncestor(pull.baseSha, pull.headSha))
      throw new SimError(422, 'There are no new commits on the base branch.');
    const user = this.store.users.require(actor.login);
    const now = this.store.now();
    const outcome = mergeCommits(bare, {
      method: 'merge',
      baseSha: pull.headSha,
      headSha: pull.baseSha,
      message: `Merge branch '${pull.baseRef}' into ${pull.headRef}\n`,
      author: {
        name: user.login,
        email: commitEmail(user),
        date: now,
      },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: now },
      scratchDir: this.store.env.tempDir('update'),
    });
    if (!outcome.ok) throw new SimError(422, 'merge conflict between base and head');
    this.store.git.markVerified(outcome.sha);
    this.store.git.updateRef(repo.fullName, actor.login, `refs/heads/${pull.headRef}`, outcome.sha, false);
  }

  /** GraphQL `enablePullRequestAutoMerge`: merges as soon as the pull request is clean. */
  enableAutoMerge(
    repoKey: string,
    number: number,
    actor: Actor,
    method: MergeMethod = 'merge',
    title: string | null = null,
    message: string | null = null,
  ): PullRecord {
    const pull = this.require(repoKey, number);
    const repo = this.store.repos.require(repoKey);
    if (!repo.allowAutoMerge)
      throw new SimError(422, 'Pull request Auto merge is not allowed for this repository');
    if (this.store.issues.requireById(pull.issueId).state !== 'open')
      throw new SimError(422, 'Pull request is closed');
    this.refresh(pull);
    if (pull.mergeableState === 'clean' || pull.mergeableState === 'unstable') {
      throw new SimError(422, `Pull request Pull request is in ${pull.mergeableState} status`);
    }
    pull.autoMerge = {
      enabledBy: actor.login,
      mergeMethod: method,
      commitTitle: title,
      commitMessage: message,
      enabledAt: this.store.now(),
    };
    this.emit(pull, 'auto_merge_enabled', actor.login);
    return pull;
  }

  disableAutoMerge(repoKey: string, number: number, actor: Actor): PullRecord {
    const pull = this.require(repoKey, number);
    if (!pull.autoMerge) return pull;
    pull.autoMerge = null;
    this.emit(pull, 'auto_merge_disabled', actor.login);
    return pull;
  }

  private tryAutoMerge(pull: PullRecord): void {
    const auto = pull.autoMerge;
    if (!auto || pull.merged || pull.mergeableState !== 'clean') return;
    const input: MergeInput = { merge_method: auto.mergeMethod };
    if (auto.commitTitle) input.commit_title = auto.commitTitle;
    if (auto.commitMessage) input.commit_message = auto.commitMessage;
    this.merge(pull.repo, pull.number, { login: auto.enabledBy }, input);
  }

  diffStats(pull: PullRecord): {
    commits: number;
    additions: number;
    deletions: number;
    changedFiles: number;
  } {
    const bare = this.store.repos.bare(this.store.repos.require(pull.repo));
    const base =
      pull.merged && pull.mergeCommitSha
        ? (bare.readCommit(pull.mergeCommitSha).parents[0] ?? pull.baseSha)
        : pull.baseSha;
    return { commits: bare.commitsBetween(base, pull.headSha).length, ...bare.diffStats(base, pull.headSha) };
  }

  emit(pull: PullRecord, action: string, actor: string, extra: Record<string, unknown> = {}): void {
    emitRepoEvent(this.store, 'pull_request', pull.repo, actor, {
      action,
      number: pull.number,
      pull_request: presentPullRequest(this.store, pull),
      ...extra,
    });
  }
}
