/**
 * The runners: at most `limit` jobs run at once; the rest wait for a runner in order, as GitHub's
 * hosted runners pick up queued jobs. A job waiting for its concurrency group does not hold one.
 */
export class JobQueue {
  private readonly waiting: Array<() => void> = [];
  private running = 0;

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

  /** Runs `job` on a runner once one is free; the runner is freed when it settles. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The runner passes straight to the next waiting job (the count stays the same).
      if (next) next();
      else this.running -= 1;
    }
  }
}
