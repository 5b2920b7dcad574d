/**
 * Pull requests: open, edit, close, merge (merge/squash/rebase), update-branch, auto-merge, and
 * closing the issues the body references when merged into the default branch. Mergeability is
 * computed in the background (`mergeability.ts`). Emits `pull_request` webhooks.
 */
import { mergeCommits, type MergeOutcome } from '../git/merge-commits.js';
import { presentPullRequest } from '../payloads/pull-request.js';
import { closingReferences } from './closing-keywords.js';
import { emitRepoEvent } from './events.js';
import type { RefChange } from './git-data.js';
import { checkIssueText, type Actor } from './issues.js';
import { DEFAULT_MERGEABILITY_DELAY_MS, Mergeability } from './mergeability.js';
import type { SimStore } from './store.js';
import { commitEmail } from './users.js';
import { notFound, SimError, validationFailed } from './sim-error.js';
import type { MergeMethod, PullRecord, RepoRecord } from './types.js';
import type { RequiredVerdict } from './commit-checks.js';

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

/** The states in which GitHub refuses to arm auto-merge: the pull request could merge right now. */
const MERGEABLE_NOW = ['clean', 'unstable', 'has_hooks'];

export class PullStore {
  private readonly byNumericId = new Map<number, PullRecord>();
  readonly mergeability: Mergeability;

  constructor(private readonly store: SimStore) {
    this.mergeability = new Mergeability(
      store,
      store.env.mergeabilityDelayMs ?? DEFAULT_MERGEABILITY_DELAY_MS,
      (pull) => this.tryAutoMerge(pull),
    );
  }

  /** Stops pending background computations (the simulator is closing). */
  dispose(): void {
    this.mergeability.dispose();
  }

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
    checkIssueText({ title: input.title, body: input.body ?? null });
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
    this.mergeability.invalidate(pull);
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
    this.store.issues.checkEdit(issue, actor, patch);
    if (patch.base !== undefined && patch.base !== pull.baseRef) {
      if (!this.store.repos.require(repoKey).branches.has(patch.base)) {
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      }
      changes.base = { from: { ref: pull.baseRef, sha: pull.baseSha } };
      pull.baseRef = patch.base;
    }
    Object.assign(changes, this.store.issues.applyTextEdit(issue, actor, patch));
    if (Object.keys(changes).length > 0) {
      this.store.issues.touch(issue);
      if (changes.base) this.resync(pull);
      this.emit(pull, 'edited', actor.login, { changes });
    }
    if (patch.state === 'closed' && issue.state === 'open') {
      this.store.issues.close(repoKey, number, actor);
      pull.autoMerge = null;
      this.emit(pull, 'closed', actor.login);
    }
    if (patch.state === 'open' && issue.state === 'closed') {
      this.store.issues.reopen(repoKey, number, actor);
      this.resync(pull);
      this.emit(pull, 'reopened', actor.login);
    }
    return pull;
  }

  /** Takes the branches' current heads and starts the background mergeability computation. */
  private resync(pull: PullRecord): void {
    const repo = this.store.repos.require(pull.repo);
    pull.baseSha = repo.branches.get(pull.baseRef) ?? pull.baseSha;
    pull.headSha = repo.branches.get(pull.headRef) ?? pull.headSha;
    this.mergeability.invalidate(pull);
  }

  /** A check run or commit status changed on `sha`: recompute the state of pull requests with that head. */
  onChecksChanged(repoKey: string, sha: string): void {
    for (const pull of this.list(repoKey, { state: 'open' })) {
      if (pull.headSha !== sha) continue;
      this.mergeability.refreshState(pull);
      this.tryAutoMerge(pull);
    }
  }

  /** A branch moved (push, Git Data API, merge): `synchronize` heads, recompute heads and bases. */
  onBranchChanged(repoKey: string, branch: string, change: RefChange, actor: string): void {
    for (const pull of this.list(repoKey, { state: 'open' })) {
      if (pull.headRef === branch && change.after === null) {
        this.update(repoKey, pull.number, { login: actor }, { state: 'closed' });
        continue;
      }
      if (pull.headRef === branch && change.after && change.after !== pull.headSha) {
        const before = pull.headSha;
        this.resync(pull);
        this.emit(pull, 'synchronize', actor, { before, after: pull.headSha });
      } else if (pull.baseRef === branch) {
        this.resync(pull);
      }
    }
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
    if (input.sha !== undefined && input.sha !== pull.headSha) {
      throw new SimError(409, 'Head branch was modified. Review and try the merge again.');
    }
    if (pull.draft) throw new SimError(405, 'Pull Request is still a draft');
    // A merge makes the test merge itself when the background job has not run yet.
    this.mergeability.computeNow(pull);
    if (!pull.mergeable) throw new SimError(405, 'Pull Request is not mergeable');
    const verdict = this.mergeability.requiredVerdict(pull);
    const refusal = verdict && requiredChecksRefusal(verdict);
    if (refusal) throw new SimError(405, refusal);
    if (this.mergeability.isBehind(pull))
      throw new SimError(409, 'Head branch is out of date. Review and try the merge again.');
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
    // GitHub no longer computes mergeability for a merged pull request.
    pull.mergeable = null;
    pull.mergeableState = 'unknown';
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
    if (expectedHeadSha !== undefined && expectedHeadSha !== pull.headSha) {
      // GitHub's own wording, curly apostrophe included.
      throw new SimError(422, 'expected head sha didn\u2019t match current head ref.');
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

  /**
   * GraphQL `enablePullRequestAutoMerge`: merges once the required checks pass and the pull
   * request is mergeable. Refused, with GitHub's messages, when the repository does not allow
   * auto-merge, the pull request is closed, a draft, already armed, conflicting, or could merge
   * right now (`clean`, `unstable`, `has_hooks`).
   */
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
    if (!repo.allowAutoMerge) throw new SimError(422, 'Auto merge is not allowed for this repository');
    if (this.store.issues.requireById(pull.issueId).state !== 'open')
      throw new SimError(422, 'Pull request Pull request is closed');
    if (pull.draft) throw new SimError(422, 'Pull request Pull request is a draft');
    if (pull.autoMerge) throw new SimError(422, 'Pull request Auto merge is already enabled');
    if (pull.mergeableState === 'dirty' || MERGEABLE_NOW.includes(pull.mergeableState)) {
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
    // The webhook requires a `reason`; GitHub does not document its wording.
    this.emit(pull, 'auto_merge_disabled', actor.login, {
      reason: `Auto-merge was disabled by ${actor.login}`,
    });
    return pull;
  }

  /**
   * Merges an armed pull request once it can: the required checks passed and it is mergeable
   * (`clean`, or `unstable`: checks that are not required do not hold auto-merge). A merge that
   * fails disarms auto-merge with the reason, as GitHub does.
   */
  private tryAutoMerge(pull: PullRecord): void {
    const auto = pull.autoMerge;
    if (!auto || pull.merged || !MERGEABLE_NOW.includes(pull.mergeableState)) return;
    const input: MergeInput = { merge_method: auto.mergeMethod };
    if (auto.commitTitle) input.commit_title = auto.commitTitle;
    if (auto.commitMessage) input.commit_message = auto.commitMessage;
    try {
      this.merge(pull.repo, pull.number, { login: auto.enabledBy }, input);
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      pull.autoMerge = null;
      this.emit(pull, 'auto_merge_disabled', auto.enabledBy, { reason: error.message });
    }
  }

  /** The commits the pull request adds, oldest first (for a merged one, as they were merged). */
  commitShas(pull: PullRecord): string[] {
    const bare = this.store.repos.bare(this.store.repos.require(pull.repo));
    return bare.commitsBetween(this.diffBase(pull), pull.headSha);
  }

  private diffBase(pull: PullRecord): string {
    const bare = this.store.repos.bare(this.store.repos.require(pull.repo));
    return pull.merged && pull.mergeCommitSha
      ? (bare.readCommit(pull.mergeCommitSha).parents[0] ?? pull.baseSha)
      : pull.baseSha;
  }

  diffStats(pull: PullRecord): {
    commits: number;
    additions: number;
    deletions: number;
    changedFiles: number;
  } {
    const bare = this.store.repos.bare(this.store.repos.require(pull.repo));
    const base = this.diffBase(pull);
    return { commits: bare.commitsBetween(base, pull.headSha).length, ...bare.diffStats(base, pull.headSha) };
  }

  /**
   * The test merge commit of an open pull request, as GitHub keeps it at `refs/pull/<n>/merge`
   * (base first, then head; message "Merge <head> into <base>"), also pointing `refs/pull/<n>/head`
   * at the head. Null when head and base conflict: GitHub makes no merge commit, and runs no
   * `pull_request` workflow, then.
   */
  testMergeCommit(repoKey: string, number: number): string | null {
    const pull = this.require(repoKey, number);
    const bare = this.store.repos.bare(this.store.repos.require(pull.repo));
    const merged = bare.mergeTree(pull.baseSha, pull.headSha);
    if (!merged.clean) return null;
    const identity = { name: 'GitHub', email: 'noreply@github.com', date: this.store.now() };
    const sha = bare.commitTree(
      merged.tree,
      [pull.baseSha, pull.headSha],
      `Merge ${pull.headSha} into ${pull.baseSha}\n`,
      identity,
      identity,
    );
    bare.updateRef(`refs/pull/${pull.number}/head`, pull.headSha);
    bare.updateRef(`refs/pull/${pull.number}/merge`, sha);
    return sha;
  }

  /** Whether the background mergeability job is still to run (for tests that wait on it). */
  computing(pull: PullRecord): boolean {
    return this.mergeability.pending(pull);
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

/**
 * GitHub's 405 message for required contexts that have not passed: one context named
 * (`Required status check "ci" is expected.` / `… is failing.`), several counted
 * (`2 of 3 required status checks are expected.`).
 */
function requiredChecksRefusal(verdict: RequiredVerdict): string | undefined {
  const waiting = [...verdict.missing, ...verdict.pending];
  const failing = verdict.failing;
  const total = waiting.length + failing.length;
  if (total === 0) return undefined;
  if (failing.length === 1 && waiting.length === 0)
    return `Required status check "${failing[0]}" is failing.`;
  if (total === 1) return `Required status check "${waiting[0]}" is expected.`;
  return `${total} of ${verdict.required} required status checks are expected.`;
}
