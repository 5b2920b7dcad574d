/** What every kind of step gets from the job: where to run, its environment, how to log. */
import type { ExpressionContexts } from './expressions.js';
import type { StepDefinition } from './workflow-definition.js';
import type { StepProcess } from './process-tree.js';

export interface StepContext {
  step: StepDefinition;
  /** GITHUB_WORKSPACE */
  workspace: string;
  /** RUNNER_TEMP */
  tempDir: string;
  /** The step's full environment (runner, job and step `env:`, file-command paths). */
  env: Record<string, string>;
  /** Contexts for `${{ }}` in the step's `with:` and `run:`. */
  contexts: ExpressionContexts;
  cloneUrl: string;
  /** GITHUB_SHA: what actions/checkout checks out by default. */
  headSha: string;
  headBranch: string;
  /** GITHUB_REF (`refs/heads/…`, or `refs/pull/<n>/merge` for a pull request's test merge). */
  ref: string;
  /** Maps a `uses:` (other than actions/checkout) to a local action directory, or null. */
  resolveAction(uses: string): string | null;
  /** Start a process whose output goes to the run's log; the job kills it on timeout or cancel. */
  spawn(command: string, args: string[], cwd: string, env?: Record<string, string>): StepProcess;
  log(line: string): void;
}

/** A step's result: the exit code of what it ran (0 is success). */
export type StepRunner = (ctx: StepContext) => Promise<number>;
