/**
 * Issues (and the issue side of pull requests): create, edit, close/reopen, labels, assignees.
 * Every change emits the `issues` webhook GitHub sends for it.
 */
import { presentIssue } from '../payloads/issue.js';
import { presentLabel } from '../payloads/label.js';
import { presentSimpleUser } from '../payloads/user.js';
import { emitRepoEvent } from './events.js';
import type { SimStore } from './store.js';
import { notFound, SimError, validationFailed, type ValidationErrorItem } from './sim-error.js';
import { roleAtLeast, type IssueRecord, type RepoRole, type StateReason } from './types.js';

/**
 * GitHub's limits on an issue's (and a pull request's) title and body, counted in characters:
 * "title is too long (maximum is 256 characters)", "body is too long (maximum is 65536 characters)".
 */
export const MAX_TITLE_LENGTH = 256;
export const MAX_BODY_LENGTH = 65536;

/** Characters as GitHub (Ruby's String#length) counts them: code points, not UTF-16 units. */
export const characterCount = (text: string): number => [...text].length;

/** Refuses a title or body over GitHub's limits with GitHub's 422 (both reported when both are over). */
export function checkIssueText(text: { title?: string; body?: string | null }): void {
  const errors: ValidationErrorItem[] = [];
  if (text.title !== undefined && characterCount(text.title) > MAX_TITLE_LENGTH) {
    errors.push({
      resource: 'Issue',
      code: 'custom',
      field: 'title',
      message: `title is too long (maximum is ${MAX_TITLE_LENGTH} characters)`,
    });
  }
  if (typeof text.body === 'string' && characterCount(text.body) > MAX_BODY_LENGTH) {
    errors.push({
      resource: 'Issue',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
    });
  }
  if (errors.length > 0) throw validationFailed(errors);
}

/** GitHub's answer to a person who may not change someone else's issue or comment. */
export const NOT_ALLOWED_TO_EDIT = 'Must have admin rights to Repository.';

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: StateReason;
  labels?: string[];
  assignees?: string[];
}

export interface IssueFilter {
  state?: 'open' | 'closed' | 'all';
  /** Every one of these labels must be on the issue. */
  labels?: string[];
  /** Include pull requests (GitHub's issues list does). */
  includePulls?: boolean;
  sort?: 'created' | 'updated';
  direction?: 'asc' | 'desc';
  since?: string;
}

/** Who acts: a login, and whether through the app (installation token). */
export interface Actor {
  login: string;
  viaApp?: boolean;
  /**
   * The kind of token behind a request. Person-level rules (who may edit whose text) apply to
   * `user` only; app and job tokens were checked for their scope by the route. Undefined for the
   * simulator's own calls (tests acting as the store), which are not restricted.
   */
  tokenKind?: 'user' | 'installation' | 'job' | 'app' | 'anonymous';
}

/** The text and state fields of an edit, for the permission check. */
export interface TextEdit {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
}

export class IssueStore {
  private readonly byNumericId = new Map<number, IssueRecord>();
  private readonly byRepo = new Map<string, Map<number, IssueRecord>>();

  constructor(private readonly store: SimStore) {}

  create(repoKey: string, actor: Actor, input: IssueInput, pullNumber: number | null = null): IssueRecord {
    const repo = this.store.repos.require(repoKey);
    if (typeof input.title !== 'string' || !input.title.trim()) {
      throw validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    }
    checkIssueText(input);
    const number = pullNumber ?? this.store.repos.takeNumber(repo);
    const { id, nodeId } = this.store.newIdentity(pullNumber ? 'PullRequest' : 'Issue');
    const now = this.store.now();
    const issue: IssueRecord = {
      id,
      nodeId,
      repo: repo.fullName,
      number,
      title: input.title,
      body: input.body ?? null,
      user: this.store.users.require(actor.login).login,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: this.checkAssignees(repo.fullName, input.assignees ?? []),
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      viaApp: actor.viaApp ?? false,
      lastEditedBy: null,
      lastEditedAt: null,
      pullNumber,
      parentId: null,
      subIssueIds: [],
      blockedByIds: [],
      commentCount: 0,
    };
    this.byNumericId.set(id, issue);
    this.repoIssues(repo.fullName).set(number, issue);
    if (pullNumber !== null) return issue;
    const labels = (input.labels ?? []).map((name) => this.store.labels.ensure(repo.fullName, name).name);
    issue.labels = [...new Set(labels)];
    this.emit(issue, 'opened', actor.login);
    for (const name of issue.labels) {
      this.recordLabel(issue, 'LabeledEvent', name, actor.login);
      this.emitLabel(issue, 'labeled', name, actor.login);
    }
    return issue;
  }

  get(repoKey: string, number: number): IssueRecord | undefined {
    const repo = this.store.repos.require(repoKey);
    return this.byRepo.get(repo.fullName)?.get(number);
  }

  require(repoKey: string, number: number): IssueRecord {
    const issue = this.get(repoKey, number);
    if (!issue) throw notFound();
    return issue;
  }

  byId(id: number): IssueRecord | undefined {
    return this.byNumericId.get(id);
  }

  requireById(id: number): IssueRecord {
    const issue = this.byId(id);
    if (!issue) throw notFound();
    return issue;
  }

  list(repoKey: string, filter: IssueFilter = {}): IssueRecord[] {
    const repo = this.store.repos.require(repoKey);
    const state = filter.state ?? 'open';
    const wanted = (filter.labels ?? []).map((l) => l.toLowerCase());
    const issues = [...(this.byRepo.get(repo.fullName)?.values() ?? [])].filter(
      (issue) =>
        (state === 'all' || issue.state === state) &&
        (filter.includePulls !== false || issue.pullNumber === null) &&
        wanted.every((l) => issue.labels.some((n) => n.toLowerCase() === l)) &&
        (!filter.since || issue.updatedAt >= filter.since),
    );
    const key = filter.sort === 'updated' ? 'updatedAt' : 'createdAt';
    const sign = filter.direction === 'asc' ? 1 : -1;
    return issues.sort((a, b) => sign * (a[key].localeCompare(b[key]) || a.number - b.number));
  }

  update(repoKey: string, number: number, actor: Actor, patch: IssuePatch): IssueRecord {
    const issue = this.require(repoKey, number);
    this.checkEdit(issue, actor, patch);
    this.validatePatch(patch);
    const changes = this.applyTextEdit(issue, actor, patch);
    if (Object.keys(changes).length > 0) {
      this.touch(issue);
      this.emit(issue, 'edited', actor.login, { changes });
    }
    if (patch.assignees !== undefined) this.setAssignees(issue, actor, patch.assignees);
    if (patch.labels !== undefined) this.setLabels(repoKey, number, actor, patch.labels);
    if (patch.state === 'closed') this.close(repoKey, number, actor, patch.state_reason ?? 'completed');
    if (patch.state === 'open') this.reopen(repoKey, number, actor);
    if (patch.state === undefined && patch.state_reason && issue.state === 'closed')
      issue.stateReason = patch.state_reason;
    return issue;
  }

  /**
   * Refuses, changing nothing, an edit a person may not make: someone else's title or body needs
   * the write role ("Edit and delete anyone's comments on commits, pull requests, and issues":
   * write, maintain, admin), closing or reopening someone else's needs triage. The author may do
   * both on their own. GitHub answers 403 "Must have admin rights to Repository.".
   */
  checkEdit(issue: IssueRecord, actor: Actor, edit: TextEdit): void {
    if (actor.tokenKind !== 'user') return;
    if (actor.login.toLowerCase() === issue.user.toLowerCase()) return;
    const role = this.store.repos.role(this.store.repos.require(issue.repo), actor.login);
    const needs = (wanted: RepoRole) => {
      if (!roleAtLeast(role, wanted)) throw new SimError(403, NOT_ALLOWED_TO_EDIT);
    };
    if (edit.title !== undefined && edit.title !== issue.title) needs('write');
    if (edit.body !== undefined && edit.body !== issue.body) needs('write');
    if (edit.state !== undefined && edit.state !== issue.state) needs('triage');
  }

  /**
   * Applies a new title and body (checked against GitHub's limits first): a rename is recorded
   * for the timeline, a body edit in the edit history with its editor. Returns the webhook's
   * `changes`.
   */
  applyTextEdit(
    issue: IssueRecord,
    actor: Actor,
    edit: { title?: string; body?: string | null },
  ): Record<string, { from: unknown }> {
    if (edit.title !== undefined && (typeof edit.title !== 'string' || !edit.title.trim())) {
      throw validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    }
    checkIssueText(edit);
    const changes: Record<string, { from: unknown }> = {};
    if (edit.title !== undefined && edit.title !== issue.title) {
      changes.title = { from: issue.title };
      this.store.timeline.record(issue, 'RenamedTitleEvent', actor.login, {
        previousTitle: issue.title,
        currentTitle: edit.title,
      });
      issue.title = edit.title;
    }
    if (edit.body !== undefined && edit.body !== issue.body) {
      changes.body = { from: issue.body ?? '' };
      this.store.contentEdits.record(
        { nodeId: issue.nodeId, author: issue.user, createdAt: issue.createdAt },
        issue.body ?? '',
        edit.body ?? '',
        actor.login,
      );
      issue.body = edit.body;
      issue.lastEditedBy = actor.login;
      issue.lastEditedAt = this.store.now();
    }
    return changes;
  }

  private validatePatch(patch: IssuePatch): void {
    if (patch.title !== undefined && (typeof patch.title !== 'string' || !patch.title.trim())) {
      throw validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    }
    if (patch.state !== undefined && patch.state !== 'open' && patch.state !== 'closed') {
      throw validationFailed([{ resource: 'Issue', field: 'state', code: 'invalid' }]);
    }
    const reasons = ['completed', 'not_planned', 'reopened', 'duplicate', null, undefined];
    if (!reasons.includes(patch.state_reason)) {
      throw validationFailed([{ resource: 'Issue', field: 'state_reason', code: 'invalid' }]);
    }
  }

  close(repoKey: string, number: number, actor: Actor, reason: StateReason = 'completed'): IssueRecord {
    const issue = this.require(repoKey, number);
    if (issue.state === 'closed') return issue;
    issue.state = 'closed';
    issue.stateReason = issue.pullNumber !== null ? null : (reason ?? 'completed');
    issue.closedAt = this.store.now();
    issue.closedBy = actor.login;
    this.touch(issue);
    this.store.timeline.record(issue, 'ClosedEvent', actor.login, { stateReason: issue.stateReason });
    if (issue.pullNumber === null) this.emit(issue, 'closed', actor.login);
    return issue;
  }

  reopen(repoKey: string, number: number, actor: Actor): IssueRecord {
    const issue = this.require(repoKey, number);
    if (issue.state === 'open') return issue;
    if (issue.pullNumber !== null && this.store.pulls.require(repoKey, issue.pullNumber).merged) {
      throw new SimError(422, 'A merged pull request cannot be reopened');
    }
    issue.state = 'open';
    issue.stateReason = issue.pullNumber !== null ? null : 'reopened';
    issue.closedAt = null;
    this.touch(issue);
    this.store.timeline.record(issue, 'ReopenedEvent', actor.login);
    if (issue.pullNumber === null) this.emit(issue, 'reopened', actor.login);
    return issue;
  }

  addLabels(repoKey: string, number: number, actor: Actor, names: string[]): IssueRecord {
    const issue = this.require(repoKey, number);
    for (const raw of names) {
      const label = this.store.labels.ensure(issue.repo, raw);
      if (issue.labels.some((n) => n.toLowerCase() === label.name.toLowerCase())) continue;
      issue.labels.push(label.name);
      this.touch(issue);
      this.recordLabel(issue, 'LabeledEvent', label.name, actor.login);
      this.emitLabel(issue, 'labeled', label.name, actor.login);
    }
    return issue;
  }

  removeLabel(repoKey: string, number: number, actor: Actor, name: string): IssueRecord {
    const issue = this.require(repoKey, number);
    const index = issue.labels.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    if (index < 0) throw new SimError(404, 'Label does not exist');
    const [removed = name] = issue.labels.splice(index, 1);
    this.touch(issue);
    this.recordLabel(issue, 'UnlabeledEvent', removed, actor.login);
    this.emitLabel(issue, 'unlabeled', removed, actor.login);
    return issue;
  }

  setLabels(repoKey: string, number: number, actor: Actor, names: string[]): IssueRecord {
    const issue = this.require(repoKey, number);
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    for (const name of [...issue.labels]) {
      if (!wanted.has(name.toLowerCase())) this.removeLabel(repoKey, number, actor, name);
    }
    return this.addLabels(repoKey, number, actor, names);
  }

  private setAssignees(issue: IssueRecord, actor: Actor, logins: string[]): void {
    const next = this.checkAssignees(issue.repo, logins);
    const removed = issue.assignees.filter((l) => !next.includes(l));
    const added = next.filter((l) => !issue.assignees.includes(l));
    issue.assignees = next;
    if (removed.length + added.length > 0) this.touch(issue);
    for (const login of removed) {
      this.store.timeline.record(issue, 'UnassignedEvent', actor.login, { assignee: login });
      this.emit(issue, 'unassigned', actor.login, { assignee: this.userJson(login) });
    }
    for (const login of added) {
      this.store.timeline.record(issue, 'AssignedEvent', actor.login, { assignee: login });
      this.emit(issue, 'assigned', actor.login, { assignee: this.userJson(login) });
    }
  }

  private checkAssignees(repoKey: string, logins: string[]): string[] {
    const repo = this.store.repos.require(repoKey);
    return logins.map((login) => {
      const user = this.store.users.get(login);
      if (!user || !this.store.repos.canRead(repo, user.login)) {
        throw validationFailed([
          { resource: 'Issue', field: 'assignees', code: 'invalid', message: `${login} cannot be assigned` },
        ]);
      }
      return user.login;
    });
  }

  /** `sub-issues-summary` of an issue. */
  subIssuesSummary(issue: IssueRecord): { total: number; completed: number; percent_completed: number } {
    const children = issue.subIssueIds.map((id) => this.requireById(id));
    const completed = children.filter((c) => c.state === 'closed').length;
    const total = children.length;
    return { total, completed, percent_completed: total ? Math.floor((completed * 100) / total) : 0 };
  }

  /** `issue-dependencies-summary` of an issue (open counts and totals, both directions). */
  dependenciesSummary(issue: IssueRecord): Record<string, number> {
    const blockedBy = issue.blockedByIds.map((id) => this.requireById(id));
    const blocking = this.store.dependencies.blocking(issue);
    return {
      blocked_by: blockedBy.filter((i) => i.state === 'open').length,
      blocking: blocking.filter((i) => i.state === 'open').length,
      total_blocked_by: blockedBy.length,
      total_blocking: blocking.length,
    };
  }

  /** Marks the issue updated now. */
  touch(issue: IssueRecord): void {
    issue.updatedAt = this.store.now();
  }

  /** Emits `issues.<action>` for an issue (not for a pull request's issue side). */
  emit(issue: IssueRecord, action: string, actor: string, extra: Record<string, unknown> = {}): void {
    if (issue.pullNumber !== null) return;
    emitRepoEvent(this.store, 'issues', issue.repo, actor, {
      action,
      issue: presentIssue(this.store, issue),
      ...extra,
    });
  }

  private recordLabel(
    issue: IssueRecord,
    type: 'LabeledEvent' | 'UnlabeledEvent',
    name: string,
    actor: string,
  ): void {
    this.store.timeline.record(issue, type, actor, { label: this.store.labels.require(issue.repo, name) });
  }

  private emitLabel(issue: IssueRecord, action: 'labeled' | 'unlabeled', name: string, actor: string): void {
    const repo = this.store.repos.require(issue.repo);
    const label = this.store.labels.require(repo.fullName, name);
    const labelJson = presentLabel(this.store.urls, repo, label);
    if (issue.pullNumber === null) {
      this.emit(issue, action, actor, { label: labelJson });
      return;
    }
    this.store.pulls.emit(this.store.pulls.require(issue.repo, issue.pullNumber), action, actor, {
      label: labelJson,
    });
  }

  private userJson(login: string): Record<string, unknown> {
    return presentSimpleUser(this.store.urls, this.store.users.require(login));
  }

  private repoIssues(repoKey: string): Map<number, IssueRecord> {
    let issues = this.byRepo.get(repoKey);
    if (!issues) {
      issues = new Map();
      this.byRepo.set(repoKey, issues);
    }
    return issues;
  }
}
