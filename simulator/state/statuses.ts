/**
 * Commit statuses (the Status API): required checks, the combined status, and the `status`
 * webhook GitHub sends for each one created.
 */
import { presentCommit } from '../payloads/commit.js';
import { emitRepoEvent } from './events.js';
import type { SimStore } from './store.js';
import { validationFailed } from './sim-error.js';
import type { CommitStatusRecord } from './types.js';

export interface StatusInput {
  state: CommitStatusRecord['state'];
  context?: string;
  description?: string | null;
  target_url?: string | null;
}

const STATES = ['error', 'failure', 'pending', 'success'];

export class StatusStore {
  private readonly records: CommitStatusRecord[] = [];

  constructor(private readonly store: SimStore) {}

  create(repoKey: string, sha: string, creator: string, input: StatusInput): CommitStatusRecord {
    const repo = this.store.repos.require(repoKey);
    if (!STATES.includes(input.state))
      throw validationFailed([{ resource: 'Status', field: 'state', code: 'invalid' }]);
    if (this.store.repos.bare(repo).objectType(sha) !== 'commit') {
      throw validationFailed([
        { resource: 'Status', field: 'sha', code: 'invalid', message: `No commit found for SHA: ${sha}` },
      ]);
    }
    const { id, nodeId } = this.store.newIdentity('StatusContext');
    const now = this.store.now();
    const record: CommitStatusRecord = {
      id,
      nodeId,
      repo: repo.fullName,
      sha,
      state: input.state,
      context: input.context ?? 'default',
      description: input.description ?? null,
      targetUrl: input.target_url ?? null,
      creator,
      createdAt: now,
      updatedAt: now,
    };
    this.records.push(record);
    this.emitStatus(record);
    this.store.pulls.onChecksChanged(repo.fullName, sha);
    return record;
  }

  /** `status`: the commit, the branches whose head it is, and the status itself. */
  private emitStatus(record: CommitStatusRecord): void {
    const repo = this.store.repos.require(record.repo);
    const commitUrl = `${this.store.urls.api}/repos/${repo.fullName}/commits/${record.sha}`;
    const branches = [...repo.branches]
      .filter(([, head]) => head === record.sha)
      .map(([name]) => ({
        name,
        commit: { sha: record.sha, url: commitUrl },
        protected: this.store.protection.requiredChecks(repo.fullName, name) !== null,
      }));
    emitRepoEvent(this.store, 'status', repo.fullName, record.creator, {
      id: record.id,
      sha: record.sha,
      name: repo.fullName,
      target_url: record.targetUrl,
      avatar_url: `${this.store.urls.web}/avatars/u/${this.store.users.require(record.creator).id}`,
      context: record.context,
      description: record.description,
      state: record.state,
      commit: presentCommit(this.store, repo, this.store.repos.bare(repo).readCommit(record.sha)),
      branches,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    });
  }

  /** Every status for a commit, newest first. */
  forSha(repoKey: string, sha: string): CommitStatusRecord[] {
    const repo = this.store.repos.require(repoKey);
    return this.records.filter((s) => s.repo === repo.fullName && s.sha === sha).reverse();
  }

  /** The latest status per context. */
  latest(repoKey: string, sha: string): CommitStatusRecord[] {
    const seen = new Map<string, CommitStatusRecord>();
    for (const status of this.forSha(repoKey, sha))
      if (!seen.has(status.context)) seen.set(status.context, status);
    return [...seen.values()];
  }

  /** GitHub's combined state: failure if any failed/errored, pending if any pending or none, else success. */
  combinedState(repoKey: string, sha: string): 'failure' | 'pending' | 'success' {
    const latest = this.latest(repoKey, sha);
    if (latest.some((s) => s.state === 'failure' || s.state === 'error')) return 'failure';
    if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
    return 'success';
  }
}
