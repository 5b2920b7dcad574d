/** Runs jobs with at most `limit` at once; the rest wait in order (as runners pick up queued jobs). */
export class JobQueue {
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];

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

  /** Queues a job. The job must report its own failures: a rejection here is a simulator bug and is rethrown. */
  enqueue(job: () => Promise<void>): void {
    this.waiting.push(job);
    this.startNext();
  }

  /** Drops jobs that have not started. */
  clear(): void {
    this.waiting.length = 0;
    this.settleIfIdle();
  }

  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private startNext(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      void job().finally(() => {
        this.running -= 1;
        this.startNext();
        this.settleIfIdle();
      });
    }
  }

  private settleIfIdle(): void {
    if (this.running > 0 || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
