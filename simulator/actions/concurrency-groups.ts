/**
 * Workflow `concurrency:` groups: at most one run in progress and one pending per group; a newer
 * pending run replaces (cancels) the older one.
 * https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs
 */
interface PendingRun {
  runId: number;
  start(): void;
  cancel(): void;
}

export class ConcurrencyGroups {
  /** The run that holds each group (queued for a runner or running). */
  private readonly holders = new Map<string, number>();
  private readonly pending = new Map<string, PendingRun>();

  /** The run holding the group, if any. */
  holder(group: string): number | undefined {
    return this.holders.get(group);
  }

  /** Starts the run now when the group is free; otherwise it waits as the group's pending run. */
  admit(group: string, run: PendingRun): void {
    if (!this.holders.has(group)) {
      this.holders.set(group, run.runId);
      run.start();
      return;
    }
    const replaced = this.pending.get(group);
    this.pending.set(group, run);
    replaced?.cancel();
  }

  /** Takes a pending run out of its group; false when the run is not pending. */
  withdraw(group: string, runId: number): boolean {
    if (this.pending.get(group)?.runId !== runId) return false;
    this.pending.delete(group);
    return true;
  }

  /** The holder finished: the pending run, if any, takes the group and starts. */
  release(group: string, runId: number): void {
    if (this.holders.get(group) !== runId) return;
    this.holders.delete(group);
    const next = this.pending.get(group);
    if (!next) return;
    this.pending.delete(group);
    this.holders.set(group, next.runId);
    next.start();
  }
}
