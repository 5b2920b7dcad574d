/**
 * What one simulator owns outside its state: a private temp root (repositories, git's HOME,
 * scratch dirs) removed on dispose, the id counter and the clock tests can move.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class SimRuntime {
  readonly root = mkdtempSync(path.join(tmpdir(), 'drover-sim-'));
  readonly gitHome = path.join(this.root, 'home');
  readonly reposDir = path.join(this.root, 'repos');
  private tempDirs = 0;
  private ids = 0;
  private clockOffsetMs = 0;

  constructor() {
    mkdirSync(this.gitHome, { recursive: true });
    mkdirSync(this.reposDir, { recursive: true });
  }

  /** A fresh path under the root (its parent exists; the caller creates it). */
  tempDir(prefix: string): string {
    this.tempDirs += 1;
    const dir = path.join(this.root, 'tmp', `${prefix}-${this.tempDirs}`);
    mkdirSync(path.dirname(dir), { recursive: true });
    return dir;
  }

  nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
