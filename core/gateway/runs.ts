/** Workflow runs of the attempt workflow, and their artifacts. */
import type { AttemptRun } from '../attempt-history.js';

export interface WorkflowRun extends AttemptRun {
  /** `display_title`: the run name the workflow's `run-name` rendered. */
  name: string;
  /** The ref the run was dispatched on (an implement attempt's branch). */
  headBranch: string | null;
}

export type ArtifactDownload =
  { kind: 'found'; zip: Buffer } | { kind: 'missing' } | { kind: 'too-large'; bytes: number };

export interface RunsGateway {
  /**
   * workflow_dispatch. Returns the run id when GitHub gives it (`return_run_details`), else null
   * (the run is found later by its branch or name). Never retried: see the write protocol.
   * With `notAfter` (epoch ms), the request is never sent after that instant, whatever it waited
   * for (a rate limit, the write spacing): it fails with a `too-late` GitHubError instead.
   */
  dispatch(
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
    options?: { notAfter?: number },
  ): Promise<number | null>;
  /** Runs of the workflow that have not completed (queued, pending, in progress). */
  inFlight(workflow: string): Promise<WorkflowRun[]>;
  /** Runs of the workflow dispatched on a branch (newest first). */
  onBranch(workflow: string, branch: string): Promise<WorkflowRun[]>;
  /** Runs of the workflow created at or after a time (newest first, bounded pages). */
  createdSince(workflow: string, since: string): Promise<WorkflowRun[]>;
  get(runId: number): Promise<WorkflowRun | null>;
  /** Did any job of the run start? (A run GitHub cancelled while pending on a concurrency group did not.) */
  jobsStarted(runId: number): Promise<boolean>;
  /** Cancels a run; one that already completed is not an error. */
  cancel(runId: number): Promise<void>;
  /** The named artifact of a run, refused unread when larger than `maxBytes`. */
  artifact(runId: number, name: string, maxBytes: number): Promise<ArtifactDownload>;
}
