/**
 * REST handlers: the Checks API (check runs, their annotations, check suites, and both listed
 * for a ref). Only GitHub Apps write checks: an installation token writes as the app, a
 * GITHUB_TOKEN as GitHub Actions; a person's token gets GitHub's 403.
 * https://docs.github.com/rest/checks/runs, https://docs.github.com/rest/checks/suites
 */
import type { SimHandler, SimRequest, SimResponse } from '../host.js';
import { presentAnnotations, presentCheckRun, presentCheckSuite } from '../payloads/check.js';
import type { CheckApp, CheckRunFilter, CheckRunInput } from '../state/checks.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { paginate } from './paginate.js';
import { bodyObject, intParam, ok, repoKeyOf, requiredString } from './request-helpers.js';

/** The app a token writes checks as; people cannot write checks at all. */
function appOf(req: SimRequest): CheckApp {
  if (req.auth.kind === 'installation') return 'app';
  if (req.auth.kind === 'job') return 'github-actions';
  throw new SimError(403, 'You must authenticate via a GitHub App.');
}

/** A list answer as the Checks API wraps it: `{ total_count, <key>: [...] }` with the Link header. */
function wrapped(req: SimRequest, baseUrl: string, key: string, items: unknown[]): SimResponse {
  const page = paginate(req, baseUrl, items, (item) => item);
  return { ...page, body: { total_count: items.length, [key]: page.body } };
}

const RUN_STATUSES = ['queued', 'in_progress', 'completed'];

function runFilter(req: SimRequest): CheckRunFilter {
  const filter: CheckRunFilter = {};
  const name = req.query.get('check_name');
  if (name) filter.checkName = name;
  const status = req.query.get('status');
  if (status) {
    if (!RUN_STATUSES.includes(status))
      throw new SimError(422, `Invalid status "${status}": queued, in_progress or completed`);
    filter.status = status;
  }
  const which = req.query.get('filter') ?? 'latest';
  if (which !== 'latest' && which !== 'all')
    throw new SimError(422, `Invalid filter "${which}": latest or all`);
  filter.filter = which;
  const appId = req.query.get('app_id');
  if (appId) filter.appId = Number(appId);
  return filter;
}

export function checkHandlers(store: SimStore): Record<string, SimHandler> {
  const shaOf = (req: SimRequest) => {
    const repo = store.repos.require(repoKeyOf(req));
    const ref = req.params.ref ?? '';
    const sha = store.repos.bare(repo).resolveCommit(ref);
    if (!sha) throw new SimError(422, `No commit found for SHA: ${ref}`);
    return sha;
  };
  const runOf = (req: SimRequest) => store.checks.requireRun(repoKeyOf(req), intParam(req, 'check_run_id'));
  const suiteOf = (req: SimRequest) =>
    store.checks.requireSuite(repoKeyOf(req), intParam(req, 'check_suite_id'));

  return {
    createRun: (req) => {
      const app = appOf(req);
      const run = store.checks.createRun(repoKeyOf(req), app, bodyObject(req) as CheckRunInput);
      return ok(presentCheckRun(store, run), 201);
    },
    getRun: (req) => ok(presentCheckRun(store, runOf(req))),
    updateRun: (req) => {
      const app = appOf(req);
      const run = store.checks.updateRun(
        repoKeyOf(req),
        intParam(req, 'check_run_id'),
        app,
        bodyObject(req) as CheckRunInput,
      );
      return ok(presentCheckRun(store, run));
    },
    listAnnotations: (req) =>
      paginate(req, store.urls.api, presentAnnotations(store, runOf(req)), (annotation) => annotation),
    listRunsForRef: (req) => {
      const runs = store.checks.runsForSha(repoKeyOf(req), shaOf(req), runFilter(req));
      return wrapped(
        req,
        store.urls.api,
        'check_runs',
        runs.map((run) => presentCheckRun(store, run)),
      );
    },
    listSuitesForRef: (req) => {
      const appId = req.query.get('app_id');
      const checkName = req.query.get('check_name');
      const suites = store.checks
        .suitesForSha(repoKeyOf(req), shaOf(req), appId ? Number(appId) : undefined)
        .filter(
          (suite) => !checkName || store.checks.runsOfSuite(suite, { checkName, filter: 'all' }).length > 0,
        );
      return wrapped(
        req,
        store.urls.api,
        'check_suites',
        suites.map((suite) => presentCheckSuite(store, suite)),
      );
    },
    getSuite: (req) => ok(presentCheckSuite(store, suiteOf(req))),
    listRunsInSuite: (req) => {
      const runs = store.checks.runsOfSuite(suiteOf(req), runFilter(req));
      return wrapped(
        req,
        store.urls.api,
        'check_runs',
        runs.map((run) => presentCheckRun(store, run)),
      );
    },
    createSuite: (req) => {
      const app = appOf(req);
      const headSha = requiredString(bodyObject(req), 'head_sha', 'CheckSuite');
      const existing = store.checks
        .suitesForSha(repoKeyOf(req), headSha)
        .find((suite) => suite.app === app && suite.workflowRunId === null);
      // "Creates a check suite manually… 200 if the suite already exists, 201 when it is new."
      if (existing) return ok(presentCheckSuite(store, existing), 200);
      const suite = store.checks.suiteFor(repoKeyOf(req), app, headSha);
      return ok(presentCheckSuite(store, suite), 201);
    },
  };
}
