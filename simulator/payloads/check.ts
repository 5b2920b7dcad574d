/**
 * Check runs and check suites as GitHub's `check-run` / `check-suite` schemas (REST) and the
 * `check_run` / `check_suite` webhook objects, and the app that owns them as `integration`.
 */
import {
  GITHUB_ACTIONS_APP,
  type CheckApp,
  type CheckRunRecord,
  type CheckSuiteRecord,
} from '../state/checks.js';
import type { SimStore } from '../state/store.js';
import { presentIntegration } from './app.js';
import { presentRepository } from './repository.js';
import { presentSimpleUser } from './user.js';

/** When GitHub Actions was registered (its `created_at` on api.github.com). */
const ACTIONS_CREATED_AT = '2018-07-30T09:30:17Z';

/** The app that owns a check suite, as `integration`. */
export function presentCheckApp(store: SimStore, app: CheckApp): Record<string, unknown> {
  if (app === 'app') return presentIntegration(store);
  const owner = store.users.ensure(GITHUB_ACTIONS_APP.owner, { type: 'Organization' });
  return {
    id: GITHUB_ACTIONS_APP.id,
    slug: GITHUB_ACTIONS_APP.slug,
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: presentSimpleUser(store.urls, owner),
    name: GITHUB_ACTIONS_APP.name,
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${store.urls.web}/apps/${GITHUB_ACTIONS_APP.slug}`,
    created_at: ACTIONS_CREATED_AT,
    updated_at: ACTIONS_CREATED_AT,
    permissions: {
      actions: 'write',
      checks: 'write',
      contents: 'write',
      metadata: 'read',
      statuses: 'write',
    },
    events: ['check_run', 'check_suite', 'pull_request', 'push', 'workflow_dispatch'],
  };
}

/** Open pull requests of the repository whose head is this commit or branch (`pull_requests`). */
function pullRequestsFor(store: SimStore, repoKey: string, sha: string, branch: string | null) {
  const repo = store.repos.require(repoKey);
  return store.pulls
    .list(repo.fullName, { state: 'open' })
    .filter((pull) => pull.headSha === sha || (branch !== null && pull.headRef === branch))
    .map((pull) => {
      const side = (ref: string, headOrBase: string) => ({
        ref,
        sha: headOrBase,
        repo: { id: repo.id, url: `${store.urls.api}/repos/${repo.fullName}`, name: repo.name },
      });
      return {
        id: pull.id,
        number: pull.number,
        url: `${store.urls.api}/repos/${repo.fullName}/pulls/${pull.number}`,
        head: side(pull.headRef, pull.headSha),
        base: side(pull.baseRef, pull.baseSha),
      };
    });
}

export function presentCheckSuite(
  store: SimStore,
  suite: CheckSuiteRecord,
  options: { forWebhook?: boolean } = {},
): Record<string, unknown> {
  const repo = store.repos.require(suite.repo);
  const url = `${store.urls.api}/repos/${repo.fullName}/check-suites/${suite.id}`;
  const { status, conclusion } = store.checks.suiteState(suite);
  const info = store.repos.bare(repo).readCommit(suite.headSha);
  const suiteJson: Record<string, unknown> = {
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status,
    conclusion,
    url,
    before: null,
    after: suite.headSha,
    pull_requests: pullRequestsFor(store, repo.fullName, suite.headSha, suite.headBranch),
    app: presentCheckApp(store, suite.app),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: {
      id: suite.headSha,
      tree_id: info.tree,
      message: info.message.replace(/\n$/, ''),
      timestamp: info.committer.date,
      author: { name: info.author.name, email: info.author.email },
      committer: { name: info.committer.name, email: info.committer.email },
    },
    latest_check_runs_count: store.checks.runsOfSuite(suite).length,
    check_runs_url: `${url}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
  if (!options.forWebhook) suiteJson.repository = presentRepository(store, repo);
  return suiteJson;
}

export function presentCheckRun(
  store: SimStore,
  run: CheckRunRecord,
  options: { forWebhook?: boolean } = {},
): Record<string, unknown> {
  const repo = store.repos.require(run.repo);
  const suite = store.checks.requireSuite(run.repo, run.suiteId);
  const url = `${store.urls.api}/repos/${repo.fullName}/check-runs/${run.id}`;
  const suiteJson = presentCheckSuite(store, suite, { forWebhook: true });
  return {
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId,
    url,
    html_url: `${store.urls.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${store.urls.web}/${repo.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: options.forWebhook
      ? suiteJson
      : { id: suite.id, node_id: suite.nodeId, head_branch: suite.headBranch, head_sha: suite.headSha },
    app: presentCheckApp(store, run.app),
    pull_requests: pullRequestsFor(store, repo.fullName, run.headSha, suite.headBranch),
  };
}

export function presentAnnotations(store: SimStore, run: CheckRunRecord): Record<string, unknown>[] {
  return run.annotations.map((annotation) => ({
    path: annotation.path,
    blob_href: `${store.urls.web}/${run.repo}/blob/${run.headSha}/${annotation.path}`,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    start_column: annotation.startColumn,
    end_column: annotation.endColumn,
    annotation_level: annotation.level,
    title: annotation.title,
    message: annotation.message,
    raw_details: annotation.rawDetails,
  }));
}
