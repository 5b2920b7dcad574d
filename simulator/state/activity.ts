/**
 * The repository activity log (`GET /repos/{owner}/{repo}/activity`): one entry per branch
 * change, whatever made it (the refs API, `createCommitOnBranch`, a git push, a merge), with
 * its time and actor. GitHub's log is about branches: its `ref` is "formatted as
 * `refs/heads/<branch name>`" and its types are pushes, force pushes, branch creation and
 * deletion, and merges; tags and other refs (`refs/drover/…`) are not recorded.
 */
import type { SimStore } from './store.js';

export const ACTIVITY_TYPES = [
  'push',
  'force_push',
  'branch_creation',
  'branch_deletion',
  'pr_merge',
  'merge_queue_merge',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** `time_period` windows; the docs define `day` (24 hours) and `week` (168 hours). */
export const TIME_PERIODS = { day: 1, week: 7, month: 30, quarter: 90, year: 365 } as const;
export type TimePeriod = keyof typeof TIME_PERIODS;

export interface ActivityRecord {
  id: number;
  nodeId: string;
  /** Key of the repository (`owner/name` as created). */
  repo: string;
  ref: string;
  /** 40 zeros for a branch creation. */
  before: string;
  /** 40 zeros for a branch deletion. */
  after: string;
  timestamp: string;
  activityType: ActivityType;
  actor: string;
}

export interface ActivityFilter {
  /** `refs/heads/<name>` or `<name>`. */
  ref?: string;
  actor?: string;
  timePeriod?: TimePeriod;
  activityType?: ActivityType;
  direction?: 'asc' | 'desc';
}

const ZERO = '0'.repeat(40);
const DAY_MS = 24 * 60 * 60 * 1000;

export class ActivityStore {
  private readonly byRepo = new Map<string, ActivityRecord[]>();

  constructor(private readonly store: SimStore) {}

  record(
    repoKey: string,
    entry: { ref: string; before: string | null; after: string | null; type: ActivityType; actor: string },
  ): ActivityRecord {
    const repo = this.store.repos.require(repoKey);
    const id = this.store.env.nextId();
    const record: ActivityRecord = {
      id,
      nodeId: `PA_kwDO${Buffer.from(`${repo.id}:${id}`).toString('base64url')}`,
      repo: repo.fullName,
      ref: entry.ref,
      before: entry.before ?? ZERO,
      after: entry.after ?? ZERO,
      timestamp: this.store.now(),
      activityType: entry.type,
      actor: entry.actor,
    };
    const list = this.byRepo.get(repo.fullName.toLowerCase()) ?? [];
    list.push(record);
    this.byRepo.set(repo.fullName.toLowerCase(), list);
    return record;
  }

  /** Entries matching `filter`, newest first unless `direction: 'asc'`. */
  list(repoKey: string, filter: ActivityFilter = {}): ActivityRecord[] {
    const repo = this.store.repos.require(repoKey);
    const since = filter.timePeriod
      ? new Date(this.store.env.now().getTime() - TIME_PERIODS[filter.timePeriod] * DAY_MS).toISOString()
      : undefined;
    const ref = filter.ref && !filter.ref.startsWith('refs/') ? `refs/heads/${filter.ref}` : filter.ref;
    const actor = filter.actor?.toLowerCase();
    const matching = (this.byRepo.get(repo.fullName.toLowerCase()) ?? []).filter(
      (entry) =>
        (!ref || entry.ref === ref) &&
        (!actor || entry.actor.toLowerCase() === actor) &&
        (!filter.activityType || entry.activityType === filter.activityType) &&
        (!since || entry.timestamp >= since.replace(/\.\d{3}Z$/, 'Z')),
    );
    return filter.direction === 'asc' ? matching : [...matching].reverse();
  }
}
