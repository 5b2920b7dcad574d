/**
 * REST handler: `GET /repos/{owner}/{repo}/activity` (repos/list-activities). Filters `ref`,
 * `actor`, `time_period`, `activity_type`; `direction` (default `desc`, newest first);
 * `per_page` (default 30, at most 100); cursor pagination with `before`/`after` and a `Link`
 * header (`rel="next"` / `rel="prev"`), as GitHub's cursor-paginated endpoints answer.
 */
import type { SimHandler, SimRequest, SimResponse } from '../host.js';
import { presentSimpleUser } from '../payloads/user.js';
import {
  ACTIVITY_TYPES,
  TIME_PERIODS,
  type ActivityFilter,
  type ActivityRecord,
  type ActivityType,
  type TimePeriod,
} from '../state/activity.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { repoKeyOf } from './request-helpers.js';

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export function activityHandlers(store: SimStore): Record<string, SimHandler> {
  const present = (entry: ActivityRecord) => {
    const actor = store.users.get(entry.actor);
    return {
      id: entry.id,
      node_id: entry.nodeId,
      before: entry.before,
      after: entry.after,
      ref: entry.ref,
      timestamp: entry.timestamp,
      activity_type: entry.activityType,
      actor: actor ? presentSimpleUser(store.urls, actor) : null,
    };
  };

  return {
    list: (req) => {
      const repo = store.repos.require(repoKeyOf(req));
      const entries = store.activity.list(repo.fullName, filterOf(req));
      const perPage = Math.min(
        MAX_PER_PAGE,
        Math.max(1, Number(req.query.get('per_page')) || DEFAULT_PER_PAGE),
      );
      const page = pageOf(entries, perPage, req.query.get('after'), req.query.get('before'));
      return withLinks(req, store.urls.api, page, page.items.map(present));
    },
  };
}

function filterOf(req: SimRequest): ActivityFilter {
  const filter: ActivityFilter = {};
  const ref = req.query.get('ref');
  const actor = req.query.get('actor');
  if (ref) filter.ref = ref;
  if (actor) filter.actor = actor;
  const timePeriod = oneOf(req, 'time_period', Object.keys(TIME_PERIODS));
  const activityType = oneOf(req, 'activity_type', ACTIVITY_TYPES);
  const direction = oneOf(req, 'direction', ['asc', 'desc']);
  if (timePeriod) filter.timePeriod = timePeriod as TimePeriod;
  if (activityType) filter.activityType = activityType as ActivityType;
  if (direction) filter.direction = direction as 'asc' | 'desc';
  return filter;
}

/** A query value from a fixed list; anything else is 422 (`validation_failed_simple`). */
function oneOf(req: SimRequest, name: string, allowed: readonly string[]): string | undefined {
  const value = req.query.get(name);
  if (value === null || value === '') return undefined;
  if (allowed.includes(value)) return value;
  throw new SimError(422, `Validation Failed: ${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

interface Page {
  items: ActivityRecord[];
  hasNext: boolean;
  hasPrev: boolean;
}

/** The page after the `after` cursor or before the `before` cursor, in listing order. */
function pageOf(
  entries: ActivityRecord[],
  perPage: number,
  after: string | null,
  before: string | null,
): Page {
  const indexOf = (cursor: string) => {
    const id = decodeCursor(cursor);
    const index = entries.findIndex((entry) => entry.id === id);
    if (index < 0)
      throw new SimError(422, `Validation Failed: the cursor "${cursor}" names no activity here`);
    return index;
  };
  if (before) {
    const end = indexOf(before);
    const start = Math.max(0, end - perPage);
    return { items: entries.slice(start, end), hasPrev: start > 0, hasNext: true };
  }
  const start = after ? indexOf(after) + 1 : 0;
  const end = start + perPage;
  return { items: entries.slice(start, end), hasPrev: start > 0, hasNext: end < entries.length };
}

function withLinks(req: SimRequest, baseUrl: string, page: Page, body: unknown[]): SimResponse {
  const url = (name: 'before' | 'after', cursor: string) => {
    const query = new URLSearchParams(req.query);
    query.delete('before');
    query.delete('after');
    query.set(name, cursor);
    return `<${baseUrl}${req.path}?${query.toString()}>`;
  };
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const links: string[] = [];
  if (page.hasNext && last) links.push(`${url('after', encodeCursor(last.id))}; rel="next"`);
  if (page.hasPrev && first) links.push(`${url('before', encodeCursor(first.id))}; rel="prev"`);
  return { status: 200, body, ...(links.length && { headers: { link: links.join(', ') } }) };
}

const encodeCursor = (id: number): string => Buffer.from(`cursor:v2:${id}`).toString('base64url');

function decodeCursor(cursor: string): number | undefined {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
