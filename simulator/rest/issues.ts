/** REST handlers: issues (list/get/create/update) and the labels on an issue. */
import type { SimHandler, SimRequest } from '../host.js';
import { presentIssue } from '../payloads/issue.js';
import { presentLabel } from '../payloads/label.js';
import type { IssuePatch } from '../state/issues.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { roleAtLeast, type StateReason } from '../state/types.js';
import { paginate } from './paginate.js';
import {
  actorOf,
  bodyObject,
  intParam,
  noContent,
  ok,
  optionalString,
  repoKeyOf,
  requiredString,
  stringArray,
} from './request-helpers.js';

const STATES = ['open', 'closed', 'all'];

export function issueHandlers(store: SimStore): Record<string, SimHandler> {
  const issueJson = (repoKey: string, n: number) => presentIssue(store, store.issues.require(repoKey, n));
  /** People without triage access cannot set labels or assignees; GitHub silently drops them. */
  const canTriage = (req: SimRequest) =>
    req.auth.kind !== 'user' ||
    roleAtLeast(store.repos.role(store.repos.require(repoKeyOf(req)), req.auth.login), 'triage');
  const labelsOf = (req: SimRequest) => {
    const repo = store.repos.require(repoKeyOf(req));
    return store.issues
      .require(repo.fullName, intParam(req, 'issue_number'))
      .labels.map((name) => presentLabel(store.urls, repo, store.labels.require(repo.fullName, name)));
  };

  return {
    list: (req) => {
      const state = req.query.get('state') ?? 'open';
      if (!STATES.includes(state)) throw new SimError(422, `Invalid state "${state}": open, closed or all`);
      const labels = req.query
        .get('labels')
        ?.split(',')
        .map((l) => l.trim())
        .filter(Boolean);
      const issues = store.issues.list(repoKeyOf(req), {
        state: state as 'open',
        ...(labels && { labels }),
        sort: req.query.get('sort') === 'updated' ? 'updated' : 'created',
        direction: req.query.get('direction') === 'asc' ? 'asc' : 'desc',
        ...(req.query.get('since') && { since: req.query.get('since') as string }),
      });
      return paginate(req, store.urls.api, issues, (issue) => presentIssue(store, issue));
    },

    get: (req) => ok(issueJson(repoKeyOf(req), intParam(req, 'issue_number'))),

    create: (req) => {
      const body = bodyObject(req);
      const triage = canTriage(req);
      const assignee = optionalString(body, 'assignee', 'Issue');
      const assignees = stringArray(body.assignees, 'assignees', 'Issue') ?? (assignee ? [assignee] : []);
      const labels = (body.labels as unknown[] | undefined)?.map((l) =>
        typeof l === 'string' ? l : String((l as { name?: string }).name),
      );
      const issue = store.issues.create(repoKeyOf(req), actorOf(store, req), {
        title: requiredString(body, 'title', 'Issue'),
        body: optionalString(body, 'body', 'Issue') ?? null,
        labels: triage ? (labels ?? []) : [],
        assignees: triage ? assignees : [],
      });
      return ok(presentIssue(store, issue), 201, {
        location: `${store.urls.api}/repos/${issue.repo}/issues/${issue.number}`,
      });
    },

    update: (req) => {
      const body = bodyObject(req);
      const patch: IssuePatch = {};
      const title = optionalString(body, 'title', 'Issue');
      if (title !== undefined) patch.title = title;
      if (body.body !== undefined)
        patch.body = body.body === null ? null : requiredString(body, 'body', 'Issue');
      const state = optionalString(body, 'state', 'Issue');
      if (state !== undefined) patch.state = state as 'open';
      if (body.state_reason !== undefined) patch.state_reason = body.state_reason as StateReason;
      if (canTriage(req)) {
        const labels = stringArray(body.labels, 'labels', 'Issue');
        if (labels) patch.labels = labels;
        const assignees = stringArray(body.assignees, 'assignees', 'Issue');
        if (assignees) patch.assignees = assignees;
      }
      const issue = store.issues.update(
        repoKeyOf(req),
        intParam(req, 'issue_number'),
        actorOf(store, req),
        patch,
      );
      return ok(presentIssue(store, issue));
    },

    listLabels: (req) => ok(labelsOf(req)),

    addLabels: (req) => {
      store.issues.addLabels(
        repoKeyOf(req),
        intParam(req, 'issue_number'),
        actorOf(store, req),
        labelNames(req),
      );
      return ok(labelsOf(req));
    },

    setLabels: (req) => {
      store.issues.setLabels(
        repoKeyOf(req),
        intParam(req, 'issue_number'),
        actorOf(store, req),
        labelNames(req),
      );
      return ok(labelsOf(req));
    },

    removeLabel: (req) => {
      store.issues.removeLabel(
        repoKeyOf(req),
        intParam(req, 'issue_number'),
        actorOf(store, req),
        req.params.name ?? '',
      );
      return ok(labelsOf(req));
    },

    removeAllLabels: (req) => {
      store.issues.setLabels(repoKeyOf(req), intParam(req, 'issue_number'), actorOf(store, req), []);
      return noContent();
    },
  };
}

/** Label bodies come as `{ labels: [...] }`, a bare array, or `{ labels: [{ name }] }`. */
function labelNames(req: SimRequest): string[] {
  const raw = Array.isArray(req.body) ? req.body : (req.body as { labels?: unknown } | undefined)?.labels;
  if (!Array.isArray(raw)) {
    throw new SimError(422, 'Invalid request.\n\n"labels" wasn\'t supplied.', [
      { resource: 'Label', field: 'labels', code: 'missing_field' },
    ]);
  }
  return raw.map((item: unknown) => {
    const name = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name)
      throw new SimError(422, 'Invalid request.\n\nLabel names must be strings.');
    return name;
  });
}
