/**
 * A simulated GitHub with one repository whose Drover workflow runs the real, bundled action
 * (action.yml → action/dist/index.js) through the simulator's runner. Tests dispatch attempts
 * and read back the artifact exactly as the app does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Octokit } from '@octokit/rest';
import { unzipSync } from 'fflate';
import {
  attemptArtifactName,
  OUTCOME_FILE,
  outcomeSchema,
  PATCH_FILE,
  patchSchema,
  type AttemptOutcome,
  type AttemptPatch,
} from '../../core/attempt-artifact.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MODEL_KEY = 'sk-ant-api03-drover-test-key-0123456789abcdef';
const OWNER = 'octo';
const NAME = 'widgets';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface AttemptRun {
  runId: number;
  conclusion: string | null;
  log: string;
  /** The job summary the action wrote (GITHUB_STEP_SUMMARY). */
  summary: string;
  outcome: AttemptOutcome;
  patch: AttemptPatch;
  artifactZip: Buffer;
}

export class AttemptWorld {
  readonly repo = { owner: OWNER, repo: NAME };
  /** The last worker slot given to a dispatch without one. */
  private lastSlot = 0;

  private constructor(
    readonly sim: Simulator,
    readonly octokit: Octokit,
  ) {}

  static async start(files: Record<string, string>): Promise<AttemptWorld> {
    const sim = await startSimulator({
      actions: { actionPaths: { 'drover-dev/drover@v1': REPO_ROOT }, maxConcurrentJobs: 4 },
    });
    sim.createUser(OWNER);
    sim.createRepo(OWNER, NAME, {
      files: {
        '.github/workflows/drover.yml': readFileSync(`${REPO_ROOT}/.github/workflows/drover.yml`, 'utf8'),
        ...files,
      },
    });
    // The Actions module keeps its own secrets (Simulator.setSecret does not reach workflows yet).
    sim.actions.setSecret(`${OWNER}/${NAME}`, 'ANTHROPIC_API_KEY', MODEL_KEY);
    const token = await sim.installationToken(sim.installApp(`${OWNER}/${NAME}`));
    return new AttemptWorld(sim, new Octokit({ baseUrl: sim.baseUrl, auth: token, log: quiet }));
  }

  async createIssue(
    title: string,
    body: string,
    labels: string[] = ['drover'],
  ): Promise<{ number: number; id: number }> {
    const { data } = await this.octokit.rest.issues.create({ ...this.repo, title, body, labels });
    return { number: data.number, id: data.id };
  }

  async addSubIssue(parent: number, child: { id: number }): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...this.repo,
      issue_number: parent,
      sub_issue_id: child.id,
    });
  }

  /** Dispatch one attempt as the app does and wait for its run to finish. */
  async attempt(inputs: Record<string, string>): Promise<AttemptRun> {
    const attempt = inputs.attempt ?? '1';
    // The workflow runs one job per slot; GitHub cancels a waiting job when a newer one joins its
    // group. Attempts dispatched at once each get their own slot, as the app gives each worker one.
    const slot = inputs.slot ?? String(++this.lastSlot);
    const dispatched = await this.octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        ...this.repo,
        workflow_id: 'drover.yml',
        ref: 'main',
        inputs: { ...inputs, attempt, slot },
        return_run_details: true,
      } as never,
    );
    const runId = (dispatched.data as unknown as { workflow_run_id: number }).workflow_run_id;
    await this.completion(runId);
    const { data: run } = await this.octokit.rest.actions.getWorkflowRun({ ...this.repo, run_id: runId });
    const log = this.sim.actions.runLog(runId);
    const { data: listed } = await this.octokit.rest.actions.listWorkflowRunArtifacts({
      ...this.repo,
      run_id: runId,
    });
    const name = attemptArtifactName(Number(inputs.task), Number(attempt));
    const artifact = listed.artifacts.find((candidate) => candidate.name === name);
    if (!artifact) throw new Error(`no artifact ${name} on run ${runId}; log:\n${log}`);
    const download = await this.octokit.rest.actions.downloadArtifact({
      ...this.repo,
      artifact_id: artifact.id,
      archive_format: 'zip',
    });
    const artifactZip = Buffer.from(download.data as ArrayBuffer);
    const entries = unzipSync(new Uint8Array(artifactZip));
    const read = (file: string): unknown =>
      JSON.parse(Buffer.from(entries[file] ?? new Uint8Array()).toString('utf8'));
    return {
      runId,
      conclusion: run.conclusion,
      log,
      summary: this.sim.actions.runs().find((candidate) => candidate.id === runId)?.summary ?? '',
      outcome: outcomeSchema.parse(read(OUTCOME_FILE)),
      patch: patchSchema.parse(read(PATCH_FILE)),
      artifactZip,
    };
  }

  /** Bounded poll of the run's status, so several attempts can run at once. */
  private async completion(runId: number, timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.sim.actions.runs().find((run) => run.id === runId)?.status !== 'completed') {
      if (Date.now() > until) throw new Error(`run ${runId} did not complete within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.sim.close();
  }
}

/** The text of a file written by a patch commit (or undefined). */
export function writtenFile(patch: AttemptPatch, path: string, commitIndex?: number): string | undefined {
  const commits = commitIndex === undefined ? patch.commits : [patch.commits[commitIndex]];
  for (const commit of commits.toReversed()) {
    const change = commit?.changes.find((candidate) => candidate.path === path);
    if (change?.action === 'write') return Buffer.from(change.contentBase64, 'base64').toString('utf8');
  }
  return undefined;
}
