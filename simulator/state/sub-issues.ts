/**
 * Sub-issues: one parent per issue, children kept in priority order. The REST endpoints take the
 * child's numeric `id`, not its number. Emits `sub_issues` webhooks (both directions).
 */
import { presentIssue } from '../payloads/issue.js';
import { presentRepository } from '../payloads/repository.js';
import { emitRepoEvent } from './events.js';
import type { Actor } from './issues.js';
import type { SimStore } from './store.js';
import { SimError, validationFailed } from './sim-error.js';
import type { IssueRecord } from './types.js';

/** GitHub's documented limit: 100 sub-issues per parent. */
const MAX_SUB_ISSUES = 100;

export class SubIssueStore {
  constructor(private readonly store: SimStore) {}

  list(parent: IssueRecord): IssueRecord[] {
    return parent.subIssueIds.map((id) => this.store.issues.requireById(id));
  }

  parent(issue: IssueRecord): IssueRecord | null {
    return issue.parentId === null ? null : this.store.issues.requireById(issue.parentId);
  }

  add(parent: IssueRecord, subIssueId: number, actor: Actor, replaceParent = false): IssueRecord {
    const child = this.requireChild(parent, subIssueId);
    if (child.id === parent.id)
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: 'An issue cannot be its own sub-issue',
        },
      ]);
    if (this.isAncestor(child, parent)) {
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: 'Adding this sub-issue would create a cycle',
        },
      ]);
    }
    if (child.parentId === parent.id)
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: 'Issue is already a sub-issue of this parent',
        },
      ]);
    if (child.parentId !== null) {
      if (!replaceParent) {
        throw validationFailed([
          {
            resource: 'Issue',
            field: 'sub_issue_id',
            code: 'invalid',
            message: 'Issue may not contain duplicate sub-issues / already has a parent',
          },
        ]);
      }
      this.remove(this.store.issues.requireById(child.parentId), child.id, actor);
    }
    if (parent.subIssueIds.length >= MAX_SUB_ISSUES)
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: `A parent may have at most ${MAX_SUB_ISSUES} sub-issues`,
        },
      ]);
    parent.subIssueIds.push(child.id);
    child.parentId = parent.id;
    this.touchBoth(parent, child);
    this.emitLink('added', parent, child, actor.login);
    return parent;
  }

  remove(parent: IssueRecord, subIssueId: number, actor: Actor): IssueRecord {
    const index = parent.subIssueIds.indexOf(subIssueId);
    if (index < 0) throw new SimError(404, 'Not Found');
    const child = this.store.issues.requireById(subIssueId);
    parent.subIssueIds.splice(index, 1);
    child.parentId = null;
    this.touchBoth(parent, child);
    this.emitLink('removed', parent, child, actor.login);
    return parent;
  }

  /** Moves a child right after `afterId` or right before `beforeId` (exactly one of them). */
  reprioritize(
    parent: IssueRecord,
    subIssueId: number,
    position: { afterId?: number; beforeId?: number },
  ): IssueRecord {
    const { afterId, beforeId } = position;
    if ((afterId === undefined) === (beforeId === undefined)) {
      throw new SimError(422, 'Specify exactly one of after_id or before_id');
    }
    if (!parent.subIssueIds.includes(subIssueId)) throw new SimError(404, 'Not Found');
    const anchor = (afterId ?? beforeId) as number;
    if (!parent.subIssueIds.includes(anchor) || anchor === subIssueId) {
      throw new SimError(422, `Issue ${anchor} is not another sub-issue of this parent`);
    }
    const rest = parent.subIssueIds.filter((id) => id !== subIssueId);
    const at = rest.indexOf(anchor) + (afterId !== undefined ? 1 : 0);
    rest.splice(at, 0, subIssueId);
    parent.subIssueIds = rest;
    this.store.issues.touch(parent);
    return parent;
  }

  private requireChild(parent: IssueRecord, subIssueId: number): IssueRecord {
    const child = this.store.issues.byId(subIssueId);
    if (!child || child.pullNumber !== null) {
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: `No issue with id ${subIssueId}`,
        },
      ]);
    }
    const owner = (key: string) => this.store.repos.require(key).owner.toLowerCase();
    if (owner(child.repo) !== owner(parent.repo)) {
      throw validationFailed([
        {
          resource: 'Issue',
          field: 'sub_issue_id',
          code: 'invalid',
          message: 'The sub-issue must belong to the same repository owner as the parent issue',
        },
      ]);
    }
    return child;
  }

  /** Whether `candidate` is `issue` itself or one of its ancestors. */
  private isAncestor(candidate: IssueRecord, issue: IssueRecord): boolean {
    for (let cur: IssueRecord | null = issue; cur; cur = this.parent(cur))
      if (cur.id === candidate.id) return true;
    return false;
  }

  private touchBoth(parent: IssueRecord, child: IssueRecord): void {
    this.store.issues.touch(parent);
    this.store.issues.touch(child);
  }

  /** GitHub sends `sub_issue_added` on the parent's repository and `parent_issue_added` on the child's. */
  private emitLink(kind: 'added' | 'removed', parent: IssueRecord, child: IssueRecord, actor: string): void {
    this.store.timeline.record(
      parent,
      kind === 'added' ? 'SubIssueAddedEvent' : 'SubIssueRemovedEvent',
      actor,
      {
        otherIssueId: child.id,
      },
    );
    this.store.timeline.record(
      child,
      kind === 'added' ? 'ParentIssueAddedEvent' : 'ParentIssueRemovedEvent',
      actor,
      { otherIssueId: parent.id },
    );
    const parentJson = presentIssue(this.store, parent);
    const childJson = presentIssue(this.store, child);
    emitRepoEvent(this.store, 'sub_issues', parent.repo, actor, {
      action: `sub_issue_${kind}`,
      sub_issue_id: child.id,
      sub_issue: childJson,
      sub_issue_repo: presentRepository(this.store, this.store.repos.require(child.repo)),
      parent_issue_id: parent.id,
      parent_issue: parentJson,
    });
    emitRepoEvent(this.store, 'sub_issues', child.repo, actor, {
      action: `parent_issue_${kind}`,
      parent_issue_id: parent.id,
      parent_issue: parentJson,
      parent_issue_repo: presentRepository(this.store, this.store.repos.require(parent.repo)),
      sub_issue_id: child.id,
      sub_issue: childJson,
    });
  }
}
