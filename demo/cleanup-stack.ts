/**
 * Everything the demo starts (simulator, app, temp dirs) registers how to undo itself here;
 * `run()` undoes it all in reverse order, once, whether the demo ended, failed or got Ctrl-C.
 */
export class CleanupStack {
  private readonly steps: Array<{ name: string; undo: () => Promise<void> | void }> = [];
  private running: Promise<void> | null = null;

  add(name: string, undo: () => Promise<void> | void): void {
    this.steps.push({ name, undo });
  }

  /** Runs every step even when one fails; the failures are thrown together at the end. */
  run(): Promise<void> {
    this.running ??= this.runAll();
    return this.running;
  }

  private async runAll(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed: ${failures.join('; ')}`);
  }
}
