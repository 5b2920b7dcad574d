/**
 * A RepoGateway held in memory for the commands, status and project tests: it keeps the run,
 * attempt records, comments, labels and project statuses, and logs every write so a test can
 * assert exactly what was written (and that nothing else was). Methods those tests never reach
 * throw, so an unexpected call fails loudly.
 */
import type {
  CommentRef,
  MergeResult,
  ProjectStatusField,
  PullRequestInfo,
  RepoGateway,
  RepoPermission,
  WorkflowRunInfo,
} from '../../../core/gateway.js';
import type { AttemptRecord, RunRecord, Snapshot } from '../../../core/types.js';
import { aSnapshot } from './drover-fixtures.js';

export type GatewayWrite =
  | { op: 'writeRun'; run: RunRecord }
  | { op: 'writeAttempt'; task: number; record: AttemptRecord }
  | { op: 'upsertComment'; issue: number; key: string; body: string }
  | { op: 'reply'; issue: number; body: string }
  | { op: 'setLabels'; issue: number; add: string[]; remove: string[] }
  | { op: 'cancelRun'; runId: number }
  | { op: 'setProjectStatus'; issueNodeId: string; option: string };

export class InMemoryGateway implements RepoGateway {
  readonly repo = 'octo/repo';
  snapshot: Snapshot = aSnapshot();
  permissions: Record<string, RepoPermission> = {};
  comments = new Map<string, CommentRef>();
  writes: GatewayWrite[] = [];
  permissionLookups: string[] = [];
  /** Project lookups answer this; null = the project or field does not exist. */
  projectField: ProjectStatusField | null = null;
  projectLookups = 0;
  /** Current Status option name per issue node id (what the board shows). */
  projectStatuses = new Map<string, string>();
  failCancelOf = new Set<number>();
  private nextCommentId = 1;

  async loadSnapshot(): Promise<Snapshot> {
    return structuredClone(this.snapshot);
  }

  async loadConfigText(): Promise<string | null> {
    return null;
  }

  async getPermission(login: string): Promise<RepoPermission> {
    this.permissionLookups.push(login);
    return this.permissions[login] ?? 'none';
  }

  async readRun(): Promise<RunRecord | null> {
    return structuredClone(this.snapshot.run);
  }

  async writeRun(run: RunRecord): Promise<void> {
    this.writes.push({ op: 'writeRun', run: structuredClone(run) });
    this.snapshot.run = structuredClone(run);
  }

  async writeAttempt(task: number, record: AttemptRecord): Promise<void> {
    this.writes.push({ op: 'writeAttempt', task, record: structuredClone(record) });
    this.snapshot.attempts[task] = structuredClone(record);
  }

  async upsertComment(issue: number, key: string, body: string): Promise<CommentRef> {
    this.writes.push({ op: 'upsertComment', issue, key, body });
    const id = this.comments.get(`${issue}/${key}`)?.id ?? this.nextCommentId++;
    const comment = { id, body, url: `https://github.com/${this.repo}/issues/${issue}#issuecomment-${id}` };
    this.comments.set(`${issue}/${key}`, comment);
    return comment;
  }

  async findComment(issue: number, key: string): Promise<CommentRef | null> {
    return this.comments.get(`${issue}/${key}`) ?? null;
  }

  async reply(issue: number, body: string): Promise<void> {
    this.writes.push({ op: 'reply', issue, body });
  }

  async setLabels(issue: number, change: { add?: string[]; remove?: string[] }): Promise<void> {
    this.writes.push({ op: 'setLabels', issue, add: change.add ?? [], remove: change.remove ?? [] });
    const found = this.snapshot.issues.find((candidate) => candidate.number === issue);
    if (found === undefined) return;
    const removed = new Set(change.remove ?? []);
    found.labels = [...found.labels.filter((label) => !removed.has(label)), ...(change.add ?? [])];
  }

  async cancelRun(runId: number): Promise<void> {
    this.writes.push({ op: 'cancelRun', runId });
    if (this.failCancelOf.has(runId)) throw new Error('HTTP 500: cancel failed');
  }

  async findProjectStatusField(): Promise<ProjectStatusField | null> {
    this.projectLookups += 1;
    return this.projectField;
  }

  async readProjectStatuses(
    _field: ProjectStatusField,
    issueNodeIds: string[],
  ): Promise<Map<string, string | null>> {
    return new Map(issueNodeIds.map((id) => [id, this.projectStatuses.get(id) ?? null]));
  }

  async setProjectStatus(_field: ProjectStatusField, issueNodeId: string, option: string): Promise<void> {
    this.writes.push({ op: 'setProjectStatus', issueNodeId, option });
    this.projectStatuses.set(issueNodeId, option);
  }

  /** Bodies of the answers posted, by comment key. */
  repliesTo(issue: number): string[] {
    return this.writes.flatMap((write) =>
      write.op === 'upsertComment' && write.issue === issue ? [write.body] : [],
    );
  }

  dispatchWorkflow(): Promise<number | null> {
    return unused('dispatchWorkflow');
  }
  findRunByName(): Promise<WorkflowRunInfo | null> {
    return unused('findRunByName');
  }
  getRun(): Promise<WorkflowRunInfo | null> {
    return unused('getRun');
  }
  downloadArtifact(): Promise<Buffer | null> {
    return unused('downloadArtifact');
  }
  defaultBranch(): Promise<{ name: string; sha: string }> {
    return unused('defaultBranch');
  }
  getBranchSha(): Promise<string | null> {
    return unused('getBranchSha');
  }
  writeCommits(): Promise<string> {
    return unused('writeCommits');
  }
  findPullRequest(): Promise<PullRequestInfo | null> {
    return unused('findPullRequest');
  }
  openPullRequest(): Promise<PullRequestInfo> {
    return unused('openPullRequest');
  }
  updatePullRequest(): Promise<void> {
    return unused('updatePullRequest');
  }
  getPullRequest(): Promise<PullRequestInfo> {
    return unused('getPullRequest');
  }
  mergePullRequest(): Promise<MergeResult> {
    return unused('mergePullRequest');
  }
  updatePullRequestBranch(): Promise<'updated' | 'conflict'> {
    return unused('updatePullRequestBranch');
  }
}

function unused(method: string): never {
  throw new Error(`InMemoryGateway.${method} is not expected in these tests`);
}
