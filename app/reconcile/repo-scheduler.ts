/**
 * Per repository, at most one reconcile at a time, and bursts coalesce: a request that arrives
 * while one runs marks the repository dirty, and exactly one more reconcile follows. Timers
 * (periodic resync, a planner's wake-up) only request; they never run a reconcile directly.
 */
export interface RepoTarget {
  repo: string;
  installationId: number;
}

export type RunReconcile = (target: RepoTarget) => Promise<{ nextWakeAt: string | null } | void>;

interface RepoState {
  running: boolean;
  dirty: boolean;
  wake: NodeJS.Timeout | null;
}

/** Node's setTimeout fires at once for delays over 2^31-1 ms; cap the wake-up there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RepoScheduler {
  private readonly repos = new Map<string, RepoState>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly run: RunReconcile,
    private readonly onError: (target: RepoTarget, error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Ask for a reconcile of this repository as soon as possible. */
  request(target: RepoTarget): void {
    if (this.closed) return;
    const state = this.stateOf(target.repo);
    state.dirty = true;
    if (!state.running) void this.drain(target, state);
  }

  /** Resolves once no reconcile is running or pending. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancel timers; reconciles already running finish. */
  close(): void {
    this.closed = true;
    for (const state of this.repos.values()) if (state.wake) clearTimeout(state.wake);
  }

  private stateOf(repo: string): RepoState {
    const key = repo.toLowerCase();
    let state = this.repos.get(key);
    if (!state) {
      state = { running: false, dirty: false, wake: null };
      this.repos.set(key, state);
    }
    return state;
  }

  private isIdle(): boolean {
    return [...this.repos.values()].every((state) => !state.running && !state.dirty);
  }

  private async drain(target: RepoTarget, state: RepoState): Promise<void> {
    state.running = true;
    while (state.dirty && !this.closed) {
      state.dirty = false;
      try {
        const result = await this.run(target);
        this.scheduleWake(target, state, result ? result.nextWakeAt : null);
      } catch (error) {
        this.onError(target, error);
      }
    }
    state.running = false;
    state.dirty = false;
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private scheduleWake(target: RepoTarget, state: RepoState, at: string | null): void {
    if (state.wake) clearTimeout(state.wake);
    state.wake = null;
    if (at === null || this.closed) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(at) - this.now()));
    state.wake = setTimeout(() => this.request(target), delay);
    state.wake.unref();
  }
}
