/**
 * Native issue dependencies ("blocked by" / "blocking"). Stored on the blocked issue; the
 * blocking side is derived. Emits `issue_dependencies` webhooks on both issues' repositories.
 */
import { presentIssue } from '../payloads/issue.js';
import { presentRepository } from '../payloads/repository.js';
import { emitRepoEvent } from './events.js';
import type { Actor } from './issues.js';
import type { SimStore } from './store.js';
import { SimError, validationFailed } from './sim-error.js';
import type { IssueRecord } from './types.js';

/** GitHub's documented limit: 50 issues in each relationship type. */
const MAX_DEPENDENCIES = 50;

export class DependencyStore {
  constructor(private readonly store: SimStore) {}

  blockedBy(issue: IssueRecord): IssueRecord[] {
    return issue.blockedByIds.map((id) => this.store.issues.requireById(id));
  }

  /** Issues that `issue` blocks, in the order the links were made. */
  blocking(issue: IssueRecord): IssueRecord[] {
    return this.store.repos
      .all()
      .flatMap((repo) =>
        this.store.issues.list(repo.fullName, { state: 'all', includePulls: false, direction: 'asc' }),
      )
      .filter((other) => other.blockedByIds.includes(issue.id));
  }

  addBlockedBy(blocked: IssueRecord, blockingId: number, actor: Actor): IssueRecord {
    const blocking = this.store.issues.byId(blockingId);
    if (!blocking || blocking.pullNumber !== null) {
      throw validationFailed([
        { resource: 'Issue', field: 'issue_id', code: 'invalid', message: `No issue with id ${blockingId}` },
      ]);
    }
    if (blocking.id === blocked.id)
      throw validationFailed([
        { resource: 'Issue', field: 'issue_id', code: 'invalid', message: 'An issue cannot block itself' },
      ]);
    if (blocked.blockedByIds.includes(blocking.id)) {
      throw validationFailed([
        { resource: 'Issue', field: 'issue_id', code: 'invalid', message: 'This dependency already exists' },
      ]);
    }
    if (blocked.blockedByIds.length >= MAX_DEPENDENCIES)
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'issue_id',
          code: 'invalid',
          message: `An issue may be blocked by at most ${MAX_DEPENDENCIES} issues`,
        },
      ]);
    blocked.blockedByIds.push(blocking.id);
    this.store.issues.touch(blocked);
    this.emitLink('added', blocked, blocking, actor.login);
    return blocked;
  }

  removeBlockedBy(blocked: IssueRecord, blockingId: number, actor: Actor): IssueRecord {
    const index = blocked.blockedByIds.indexOf(blockingId);
    if (index < 0) throw new SimError(404, 'Not Found');
    blocked.blockedByIds.splice(index, 1);
    this.store.issues.touch(blocked);
    this.emitLink('removed', blocked, this.store.issues.requireById(blockingId), actor.login);
    return blocked;
  }

  private emitLink(
    kind: 'added' | 'removed',
    blocked: IssueRecord,
    blocking: IssueRecord,
    actor: string,
  ): void {
    const added = kind === 'added';
    this.store.timeline.record(blocked, added ? 'BlockedByAddedEvent' : 'BlockedByRemovedEvent', actor, {
      otherIssueId: blocking.id,
    });
    this.store.timeline.record(blocking, added ? 'BlockingAddedEvent' : 'BlockingRemovedEvent', actor, {
      otherIssueId: blocked.id,
    });
    const blockedJson = presentIssue(this.store, blocked);
    const blockingJson = presentIssue(this.store, blocking);
    const repoJson = (key: string) => presentRepository(this.store, this.store.repos.require(key));
    emitRepoEvent(this.store, 'issue_dependencies', blocked.repo, actor, {
      action: `blocked_by_${kind}`,
      blocked_issue_id: blocked.id,
      blocked_issue: blockedJson,
      blocking_issue_id: blocking.id,
      blocking_issue: blockingJson,
      blocking_issue_repo: repoJson(blocking.repo),
    });
    emitRepoEvent(this.store, 'issue_dependencies', blocking.repo, actor, {
      action: `blocking_${kind}`,
      blocked_issue_id: blocked.id,
      blocked_issue: blockedJson,
      blocked_issue_repo: repoJson(blocked.repo),
      blocking_issue_id: blocking.id,
      blocking_issue: blockingJson,
    });
  }
}
