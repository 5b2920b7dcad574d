/**
 * An in-memory RepoGateway for reconciler tests: GitHub's state as plain data, every write
 * counted, and an optional crash before the Nth write (the app "dies" there).
 */
import { zipSync } from 'fflate';
import type { AttemptOutcome, AttemptPatch } from '../../core/attempt-artifact.js';
import type {
  CommitToWrite,
  MergeResult,
  PullRequestInfo,
  RepoGateway,
  WorkflowRunInfo,
} from '../../core/gateway.js';
import type { AttemptRecord, IssueInput, RunRecord, Snapshot } from '../../core/types.js';

export class Crash extends Error {}

export interface FakeRun {
  id: number;
  name: string;
  task: number;
  attempt: number;
  inputs: Record<string, string>;
  status: 'queued' | 'completed';
  conclusion: string | null;
  artifact: Buffer | null;
}

export interface FakePull {
  number: number;
  head: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergeableState: string;
  headSha: string;
}

export const BASE_SHA = 'a'.repeat(40);

export class FakeGateway implements RepoGateway {
  readonly repo = 'octo/repo';
  issues: IssueInput[] = [];
  attempts: Record<number, AttemptRecord> = {};
  comments: Array<{ id: number; issue: number; key: string | null; body: string }> = [];
  runs: FakeRun[] = [];
  pulls: FakePull[] = [];
  branches = new Map<string, { sha: string; commits: CommitToWrite[] }>();
  run: RunRecord | null = null;
  configText: string | null = null;
  writes: string[] = [];
  crashBeforeWrite: number | null = null;
  private nextId = 100;

  private write(what: string): void {
    if (this.crashBeforeWrite !== null && this.writes.length + 1 >= this.crashBeforeWrite) {
      this.crashBeforeWrite = null;
      throw new Crash(`crash before write ${this.writes.length + 1} (${what})`);
    }
    this.writes.push(what);
  }

  addTask(number: number, extra: Partial<IssueInput> = {}): IssueInput {
    const issue: IssueInput = {
      number,
      repo: this.repo,
      title: `Task ${number}`,
      body: '',
      state: 'open',
      stateReason: null,
      labels: ['drover'],
      blockedBy: [],
      parent: null,
      subIssues: [],
      author: 'alice',
      createdAt: `2026-01-01T00:00:${String(number).padStart(2, '0')}Z`,
      updatedAt: '2026-01-01T00:00:00Z',
      ...extra,
    };
    this.issues.push(issue);
    return issue;
  }

  issue(number: number): IssueInput {
    const found = this.issues.find((issue) => issue.number === number);
    if (!found) throw new Error(`no issue #${number}`);
    return found;
  }

  async loadSnapshot(): Promise<Snapshot> {
    const open = this.issues.filter((issue) => issue.state === 'open');
    const refs = this.issues
      .filter((issue) => issue.state === 'closed')
      .map((issue) => ({
        number: issue.number,
        repo: issue.repo,
        state: issue.state,
        stateReason: issue.stateReason,
      }));
    return structuredClone({
      repo: this.repo,
      issues: open.map((issue) => ({
        ...issue,
        blockedBy: issue.blockedBy.map((ref) => ({
          ...ref,
          state: this.issue(ref.number).state,
          stateReason: this.issue(ref.number).stateReason,
        })),
      })),
      referenced: refs,
      attempts: this.attempts,
      inFlight: this.runs
        .filter((run) => run.status !== 'completed')
        .map((run) => ({
          runId: run.id,
          task: run.task,
          attempt: run.attempt,
          status: 'queued' as const,
          createdAt: '2026-01-01T00:00:00Z',
        })),
      run: this.run,
    });
  }
  async loadConfigText() {
    return this.configText;
  }
  async getPermission() {
    return 'write' as const;
  }
  async readRun() {
    return this.run;
  }
  async writeRun(run: RunRecord) {
    this.write('writeRun');
    this.run = structuredClone(run);
  }
  async writeAttempt(task: number, record: AttemptRecord) {
    this.write(`writeAttempt #${task}`);
    this.attempts[task] = structuredClone(record);
  }
  async upsertComment(issue: number, key: string, body: string) {
    const existing = this.comments.find((comment) => comment.issue === issue && comment.key === key);
    this.write(`upsertComment #${issue} ${key}`);
    if (existing) {
      existing.body = body;
      return { id: existing.id, body, url: '' };
    }
    const created = { id: this.nextId++, issue, key, body };
    this.comments.push(created);
    return { id: created.id, body, url: '' };
  }
  async findComment(issue: number, key: string) {
    const found = this.comments.find((comment) => comment.issue === issue && comment.key === key);
    return found ? { id: found.id, body: found.body, url: '' } : null;
  }
  async reply(issue: number, body: string) {
    this.write(`reply #${issue}`);
    this.comments.push({ id: this.nextId++, issue, key: null, body });
  }
  async setLabels(issue: number, change: { add?: string[]; remove?: string[] }) {
    this.write(`setLabels #${issue} +${(change.add ?? []).join(',')} -${(change.remove ?? []).join(',')}`);
    const target = this.issue(issue);
    const labels = new Set(target.labels);
    for (const label of change.add ?? []) labels.add(label);
    for (const label of change.remove ?? []) labels.delete(label);
    target.labels = [...labels];
  }
  async dispatchWorkflow(_workflow: string, _ref: string, inputs: Record<string, string>, runName: string) {
    this.write(`dispatch ${runName}`);
    const run: FakeRun = {
      id: this.nextId++,
      name: runName,
      task: Number(inputs.task),
      attempt: Number(inputs.attempt),
      inputs,
      status: 'queued',
      conclusion: null,
      artifact: null,
    };
    this.runs.push(run);
    return run.id;
  }
  private info(run: FakeRun): WorkflowRunInfo {
    return {
      id: run.id,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:01:00Z',
      url: `https://example.test/runs/${run.id}`,
    };
  }
  async findRunByName(_workflow: string, runName: string) {
    const run = this.runs.find((candidate) => candidate.name === runName);
    return run ? this.info(run) : null;
  }
  async getRun(runId: number) {
    const run = this.runs.find((candidate) => candidate.id === runId);
    return run ? this.info(run) : null;
  }
  async cancelRun(runId: number) {
    this.write(`cancel ${runId}`);
    const run = this.runs.find((candidate) => candidate.id === runId);
    if (run) Object.assign(run, { status: 'completed', conclusion: 'cancelled' });
  }
  async downloadArtifact(runId: number) {
    return this.runs.find((run) => run.id === runId)?.artifact ?? null;
  }
  async defaultBranch() {
    return { name: 'main', sha: BASE_SHA };
  }
  async getBranchSha(branch: string) {
    return this.branches.get(branch)?.sha ?? null;
  }
  async writeCommits(branch: string, _baseSha: string, commits: CommitToWrite[]) {
    this.write(`writeCommits ${branch}`);
    const sha = String(this.nextId++).padStart(40, 'b');
    this.branches.set(branch, { sha, commits });
    return sha;
  }
  private pullInfo(pull: FakePull): PullRequestInfo {
    return {
      number: pull.number,
      url: `https://example.test/pull/${pull.number}`,
      state: pull.state,
      merged: pull.merged,
      headRef: pull.head,
      headSha: pull.headSha,
      mergeable: true,
      mergeableState: pull.mergeableState,
      nodeId: `PR_${pull.number}`,
    };
  }
  async findPullRequest(head: string) {
    const pull =
      this.pulls.find((candidate) => candidate.head === head && candidate.state === 'open') ??
      this.pulls.find((candidate) => candidate.head === head);
    return pull ? this.pullInfo(pull) : null;
  }
  async openPullRequest(p: { head: string; base: string; title: string; body: string }) {
    this.write(`openPullRequest ${p.head}`);
    const pull: FakePull = {
      number: this.nextId++,
      head: p.head,
      title: p.title,
      body: p.body,
      state: 'open',
      merged: false,
      mergeableState: 'clean',
      headSha: this.branches.get(p.head)?.sha ?? BASE_SHA,
    };
    this.pulls.push(pull);
    return this.pullInfo(pull);
  }
  async updatePullRequest(number: number, p: { title?: string; body?: string }) {
    this.write(`updatePullRequest ${number}`);
    Object.assign(this.pulls.find((pull) => pull.number === number) ?? {}, p);
  }
  async getPullRequest(number: number) {
    const pull = this.pulls.find((candidate) => candidate.number === number);
    if (!pull) throw new Error(`no PR ${number}`);
    return this.pullInfo(pull);
  }
  /** Merging closes every issue the body names with `Closes #N`, as GitHub does. */
  async mergePullRequest(number: number): Promise<MergeResult> {
    this.write(`merge ${number}`);
    const pull = this.pulls.find((candidate) => candidate.number === number);
    if (!pull || pull.state !== 'open') return { kind: 'not-ready', reason: 'not open' };
    if (pull.mergeableState === 'dirty') return { kind: 'conflict' };
    Object.assign(pull, { state: 'closed', merged: true });
    for (const match of pull.body.matchAll(/Closes #(\d+)/g)) {
      Object.assign(this.issue(Number(match[1])), { state: 'closed', stateReason: 'completed' });
    }
    return { kind: 'merged', sha: 'c'.repeat(40) };
  }
  async updatePullRequestBranch() {
    this.write('updateBranch');
    return 'updated' as const;
  }
  async findProjectStatusField() {
    return null;
  }
  async setProjectStatus() {
    this.write('setProjectStatus');
  }

  /** Complete a run as the action would: conclusion plus an artifact made of outcome and patch. */
  finishRun(
    run: FakeRun,
    status: AttemptOutcome['status'],
    options: { patch?: AttemptPatch | null; reason?: string; artifact?: boolean } = {},
  ): void {
    run.status = 'completed';
    run.conclusion = status === 'success' ? 'success' : 'failure';
    if (options.artifact === false) return;
    run.artifact = attemptZip(
      outcomeFor(run.task, run.attempt, status, options.reason ?? null),
      options.patch === undefined ? patchFor(run.task) : options.patch,
    );
  }

  inFlightRuns(): FakeRun[] {
    return this.runs.filter((run) => run.status !== 'completed');
  }
}

export function outcomeFor(
  task: number,
  attempt: number,
  status: AttemptOutcome['status'],
  reason: string | null,
): AttemptOutcome {
  return {
    version: 1,
    task,
    attempt,
    status,
    reason,
    summary: status === 'success' ? `Implemented #${task}` : null,
    agent: 'command',
    model: null,
    turns: 3,
    tokens: null,
    costUsd: 0.25,
    durationMs: 60_000,
    verify: null,
    baseSha: BASE_SHA,
    partial: status !== 'success',
  };
}

export function patchFor(task: number, path = `src/task-${task}.txt`): AttemptPatch {
  return {
    version: 1,
    mode: 'implement',
    baseSha: BASE_SHA,
    mergeParentSha: null,
    commits: [
      {
        issue: task,
        message: `Implement #${task}`,
        changes: [
          {
            action: 'write',
            path,
            mode: '100644',
            contentBase64: Buffer.from(`task ${task}\n`).toString('base64'),
          },
        ],
      },
    ],
  };
}

export function attemptZip(outcome: AttemptOutcome, patch: AttemptPatch | null): Buffer {
  const files: Record<string, Uint8Array> = { 'outcome.json': Buffer.from(JSON.stringify(outcome)) };
  if (patch) files['patch.json'] = Buffer.from(JSON.stringify(patch));
  return Buffer.from(zipSync(files));
}

export function activeRun(workers = 3): RunRecord {
  return {
    id: 'run-1',
    epic: null,
    workers,
    budgetUsd: null,
    paused: false,
    cancelled: false,
    startedBy: 'alice',
    startedAt: '2026-01-01T00:00:00Z',
  };
}
