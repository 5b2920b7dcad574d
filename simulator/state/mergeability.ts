/**
 * A pull request's `mergeable` / `mergeable_state`, as GitHub computes them.
 *
 * Whether head and base merge cleanly is computed in the background: after a pull request is
 * opened, its head moves or its base moves, `mergeable` is null and `mergeable_state` `unknown`
 * for `delayMs`, then the test merge is made and the state follows. No webhook announces the
 * end of that computation (GitHub sends none either). The rest of the state (draft, required
 * checks, up to date, other checks) is recomputed at once whenever a check or status changes.
 *
 * States, first that applies: `unknown` (not computed), `dirty` (conflicts), `draft`, `blocked`
 * (a required context missing, pending or failing), `behind` (the base requires up-to-date
 * branches and the head lacks the base's head), `unstable` (another check failing or pending),
 * `clean`.
 * https://docs.github.com/rest/pulls/pulls#get-a-pull-request ("…GitHub has started a background job to compute the mergeability…")
 */
import { commitContexts, requiredVerdict, verdictPasses, type RequiredVerdict } from './commit-checks.js';
import type { SimStore } from './store.js';
import type { MergeableState, PullRecord } from './types.js';

/** The simulator's default: short, so flows stay fast, but never zero, so callers meet `null` as on GitHub. */
export const DEFAULT_MERGEABILITY_DELAY_MS = 25;

export class Mergeability {
  private readonly timers = new Map<number, { timer: NodeJS.Timeout; pull: PullRecord }>();
  private disposed = false;
  private settledWaiters: Array<() => void> = [];

  constructor(
    private readonly store: SimStore,
    /** 0 computes at once (for tests that do not care about the background job). */
    private readonly delayMs: number,
    /** Called when a background computation finished (auto-merge may now proceed). */
    private readonly onComputed: (pull: PullRecord) => void,
  ) {}

  /** Forgets the computed result: `mergeable` null until the background job runs again. */
  invalidate(pull: PullRecord): void {
    pull.mergeable = null;
    pull.mergeableState = 'unknown';
    clearTimeout(this.timers.get(pull.id)?.timer);
    if (this.delayMs === 0) {
      this.timers.delete(pull.id);
      this.compute(pull);
      return;
    }
    const timer = setTimeout(() => this.finish(pull), this.delayMs);
    timer.unref();
    this.timers.set(pull.id, { timer, pull });
  }

  /** Runs every pending background computation now (tests that must not wait on the clock). */
  flush(): void {
    for (const { timer, pull } of [...this.timers.values()]) {
      clearTimeout(timer);
      this.finish(pull);
    }
  }

  private finish(pull: PullRecord): void {
    this.timers.delete(pull.id);
    if (this.disposed) return;
    try {
      this.compute(pull);
      this.onComputed(pull);
    } finally {
      this.notifyIfSettled();
    }
  }

  /** Computes now (a merge attempt does the merge itself; it does not wait for the background job). */
  computeNow(pull: PullRecord): void {
    if (pull.mergeable !== null) return;
    clearTimeout(this.timers.get(pull.id)?.timer);
    this.timers.delete(pull.id);
    this.compute(pull);
    this.notifyIfSettled();
  }

  /** Whether a background computation is still to run for this pull request. */
  pending(pull: PullRecord): boolean {
    return this.timers.has(pull.id);
  }

  /** Recomputes the state from the known mergeability and the checks (no git work). */
  refreshState(pull: PullRecord): void {
    pull.mergeableState = this.stateOf(pull);
  }

  /** How the head commit stands against the base branch's required contexts (null: none required). */
  requiredVerdict(pull: PullRecord): RequiredVerdict | null {
    const required = this.store.protection.requiredChecks(pull.repo, pull.baseRef);
    if (!required || required.contexts.length === 0) return null;
    return requiredVerdict(commitContexts(this.store, pull.repo, pull.headSha), required.contexts);
  }

  /** Whether the base requires up-to-date branches and the head lacks the base's head. */
  isBehind(pull: PullRecord): boolean {
    if (!this.store.protection.requiredChecks(pull.repo, pull.baseRef)?.strict) return false;
    const repo = this.store.repos.require(pull.repo);
    return !this.store.repos.bare(repo).isAncestor(pull.baseSha, pull.headSha);
  }

  /** Resolves once no background computation is left to run. */
  settled(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.notifyIfSettled();
  }

  private notifyIfSettled(): void {
    if (this.timers.size > 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private compute(pull: PullRecord): void {
    const issue = this.store.issues.requireById(pull.issueId);
    if (issue.state !== 'open' || pull.merged) return;
    const repo = this.store.repos.require(pull.repo);
    pull.mergeable = this.store.repos.bare(repo).mergeTree(pull.baseSha, pull.headSha).clean;
    this.refreshState(pull);
  }

  private stateOf(pull: PullRecord): MergeableState {
    if (pull.mergeable === null) return 'unknown';
    if (!pull.mergeable) return 'dirty';
    if (pull.draft) return 'draft';
    const verdict = this.requiredVerdict(pull);
    if (verdict && !verdictPasses(verdict)) return 'blocked';
    if (this.isBehind(pull)) return 'behind';
    const contexts = commitContexts(this.store, pull.repo, pull.headSha);
    return contexts.some((context) => context.state !== 'SUCCESS') ? 'unstable' : 'clean';
  }
}
