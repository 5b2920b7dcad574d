/**
 * The runners: at most `limit` jobs run at once; the rest wait for a runner in order, as GitHub's
 * hosted runners pick up queued jobs. A job waiting for its concurrency group does not hold one.
 */
export class JobQueue {
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private paused = false;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`maxConcurrentJobs must be a positive integer, got ${limit}`);
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** No runner picks up a job (they are offline); jobs stay queued, as on GitHub, until `resume`. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running += 1;
      this.waiting.shift()?.();
    }
  }

  /** Runs `job` on a runner once one is free; the runner is freed when it settles. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.paused || this.running >= this.limit)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await job();
    } finally {
      const next = this.paused ? undefined : this.waiting.shift();
      // The runner passes straight to the next waiting job (the count stays the same).
      if (next) next();
      else this.running -= 1;
    }
  }
}
