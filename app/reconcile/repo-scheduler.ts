/**
 * When each repository is reconciled. Per repository at most one job runs at a time (a reconcile,
 * or a command that needs the repository's session), and requests coalesce:
 * - debounce: a request waits for a quiet window (`quietMs`) after the last one, but never more
 *   than `maxDelayMs` after the first, so an import of 100 issues costs a few passes, not 100;
 * - prompt requests: an event that lets work move on (an attempt's run finished, a PR's checks
 *   finished, a PR merged) asks with a short window (`promptMs`, enough to gather the few
 *   deliveries GitHub sends for one change), and later requests never push the pass past it:
 *   a stream of unrelated events cannot hold up a merge or a publish;
 * - backoff: a pass that failed (or left failures) runs again after 1 s, 2 s, 4 s … up to a
 *   minute, instead of waiting for the next webhook or resync;
 * - wake-ups: the planner's next time of interest (a retry, a mergeability check) schedules one.
 */
export interface RepoTarget {
  repo: string;
  installationId: number;
}

export interface PassResult {
  nextWakeAt: string | null;
  /** Something failed: look again soon (with backoff). */
  failed: boolean;
}

export type RunPass = (target: RepoTarget) => Promise<PassResult>;

export interface SchedulerOptions {
  quietMs?: number;
  maxDelayMs?: number;
  /** The window of a prompt request (`request(target, 'prompt')`). */
  promptMs?: number;
  /** First retry delay after a failed pass; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

interface RepoState {
  target: RepoTarget;
  busy: boolean;
  pending: boolean;
  firstRequestAt: number | null;
  /** The earliest time a request asked for (a prompt one, or a wake-up): later ones never delay it. */
  promisedAt: number | null;
  timer: NodeJS.Timeout | null;
  wake: NodeJS.Timeout | null;
  failures: number;
  jobs: Array<() => Promise<void>>;
}

/** Node's setTimeout fires at once for delays over 2^31-1 ms; cap the wake-up there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RepoScheduler {
  private readonly repos = new Map<string, RepoState>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly promptMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(
    private readonly runPass: RunPass,
    private readonly onError: (target: RepoTarget, error: unknown) => void,
    options: SchedulerOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.promptMs = Math.min(options.promptMs ?? 250, this.quietMs);
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Ask for a pass over this repository soon: after the quiet window, after `promptMs` for a
   * prompt request, or after the given delay (0: at once).
   */
  request(target: RepoTarget, delay: number | 'prompt' = this.quietMs): void {
    if (this.closed) return;
    const delayMs = delay === 'prompt' ? this.promptMs : delay;
    const state = this.stateOf(target);
    state.pending = true;
    // Asked during a pass: the next pass follows it at once (drain).
    if (state.busy) return;
    const now = this.now();
    state.firstRequestAt ??= now;
    const due = Math.min(now + delayMs, state.firstRequestAt + this.maxDelayMs);
    if (delayMs < this.quietMs) state.promisedAt = Math.min(state.promisedAt ?? due, due);
    this.arm(state, Math.max(0, Math.min(due, state.promisedAt ?? due) - now));
  }

  /** Run `job` with the repository to itself (no pass runs meanwhile); a pass follows if asked. */
  exclusive<T>(target: RepoTarget, job: () => Promise<T>): Promise<T> {
    const state = this.stateOf(target);
    return new Promise<T>((resolve, reject) => {
      state.jobs.push(() => job().then(resolve, reject));
      if (!state.busy) void this.drain(state);
    });
  }

  /** Resolves once nothing runs and nothing is pending (timers for later wake-ups do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How much waits: repositories with a pass pending, passes running, commands queued (for metrics). */
  depth(): { waiting: number; running: number; commands: number } {
    const states = [...this.repos.values()];
    return {
      waiting: states.filter((state) => state.pending && !state.busy).length,
      running: states.filter((state) => state.busy).length,
      commands: states.reduce((total, state) => total + state.jobs.length, 0),
    };
  }

  close(): void {
    this.closed = true;
    for (const state of this.repos.values()) {
      if (state.timer) clearTimeout(state.timer);
      if (state.wake) clearTimeout(state.wake);
    }
    this.settleIdle();
  }

  private stateOf(target: RepoTarget): RepoState {
    const key = target.repo.toLowerCase();
    let state = this.repos.get(key);
    if (!state) {
      state = {
        target,
        busy: false,
        pending: false,
        firstRequestAt: null,
        promisedAt: null,
        timer: null,
        wake: null,
        failures: 0,
        jobs: [],
      };
      this.repos.set(key, state);
    }
    state.target = target;
    return state;
  }

  private arm(state: RepoState, delayMs: number): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.drain(state);
    }, delayMs);
  }

  /** Once closed, what is pending never runs: only a pass still running keeps it from idle. */
  private isIdle(): boolean {
    return [...this.repos.values()].every(
      (state) => !state.busy && (this.closed || (!state.pending && state.jobs.length === 0)),
    );
  }

  private async drain(state: RepoState): Promise<void> {
    if (state.busy) return;
    state.busy = true;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    try {
      while (!this.closed && (state.jobs.length > 0 || state.pending)) {
        const job = state.jobs.shift();
        if (job !== undefined) {
          await job();
          continue;
        }
        state.pending = false;
        state.firstRequestAt = null;
        state.promisedAt = null;
        await this.pass(state);
      }
    } finally {
      state.busy = false;
      if (state.pending && !this.closed) this.request(state.target);
      this.settleIdle();
    }
  }

  private async pass(state: RepoState): Promise<void> {
    try {
      const result = await this.runPass(state.target);
      state.failures = result.failed ? state.failures + 1 : 0;
      this.scheduleWake(state, result.nextWakeAt);
    } catch (error) {
      state.failures += 1;
      this.onError(state.target, error);
    }
    if (state.failures > 0) {
      const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (state.failures - 1));
      this.scheduleWake(state, new Date(this.now() + delay).toISOString());
    }
  }

  private scheduleWake(state: RepoState, at: string | null): void {
    if (state.wake) clearTimeout(state.wake);
    state.wake = null;
    if (at === null || this.closed) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(at) - this.now()));
    state.wake = setTimeout(() => this.request(state.target, 0), delay);
    state.wake.unref();
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
