/**
 * Every REST route the simulator serves, in one place. Each template is GitHub's own (from
 * @octokit/openapi's api.github.com.json); `test/simulator/spec-conformance.test.ts` fails for a
 * route the spec does not have. `needs` is the GitHub App permission the route requires.
 */
import type { SimHandler } from '../host.js';
import type { Router, SimRouteOptions } from '../server/router.js';
import type { SimStore } from '../state/store.js';
import { activityHandlers } from './activity.js';
import { appHandlers } from './apps.js';
import { checkHandlers } from './checks.js';
import { commentHandlers } from './comments.js';
import { gitDataHandlers } from './git-data.js';
import { issueLinkHandlers } from './issue-links.js';
import { issueHandlers } from './issues.js';
import { labelHandlers } from './labels.js';
import { pullHandlers } from './pulls.js';
import { repoHandlers } from './repos.js';
import { reviewHandlers } from './reviews.js';
import { userHandlers } from './users.js';

type Entry = [method: string, template: string, handler: SimHandler | undefined, options: SimRouteOptions];

const read = (scope: string): SimRouteOptions => ({ needs: { scope, level: 'read' } });
const write = (scope: string, userRole?: SimRouteOptions['userRole']): SimRouteOptions => ({
  needs: { scope, level: 'write' },
  ...(userRole && { userRole }),
});
const R = '/repos/{owner}/{repo}';

export function restRoutes(store: SimStore): Entry[] {
  const app = appHandlers(store);
  const issues = issueHandlers(store);
  const labels = labelHandlers(store);
  const comments = commentHandlers(store);
  const links = issueLinkHandlers(store);
  const pulls = pullHandlers(store);
  const reviews = reviewHandlers(store);
  const git = gitDataHandlers(store);
  const repos = repoHandlers(store);
  const users = userHandlers(store);
  const activity = activityHandlers(store);
  const checks = checkHandlers(store);
  return [
    // GitHub App authentication (JWT) and installations
    ['GET', '/app', app.getApp, { appJwt: true }],
    ['GET', '/app/installations', app.listInstallations, { appJwt: true }],
    ['GET', '/app/installations/{installation_id}', app.getInstallation, { appJwt: true }],
    ['POST', '/app/installations/{installation_id}/access_tokens', app.createToken, { appJwt: true }],
    ['GET', `${R}/installation`, app.getRepoInstallation, { appJwt: true }],
    ['GET', '/installation/repositories', app.listInstallationRepos, read('metadata')],
    // Users and limits
    ['GET', '/users/{username}', users.getUser, { unauthenticated: true }],
    ['GET', '/user', users.getAuthenticated, read('metadata')],
    ['GET', '/rate_limit', users.rateLimit, { unauthenticated: true }],
    // Repository, contents, branches, commits
    ['GET', R, repos.get, read('metadata')],
    ['PATCH', R, repos.update, write('administration', 'admin')],
    ['GET', `${R}/activity`, activity.list, read('metadata')],
    ['GET', `${R}/contents/{path}`, repos.getContent, read('contents')],
    ['GET', `${R}/branches`, repos.listBranches, read('contents')],
    ['GET', `${R}/branches/{branch}`, repos.getBranch, read('contents')],
    ['GET', `${R}/commits/{ref}`, repos.getCommit, read('contents')],
    ['GET', `${R}/compare/{basehead}`, repos.compare, read('contents')],
    ['GET', `${R}/collaborators/{username}/permission`, repos.collaboratorPermission, read('metadata')],
    ['POST', `${R}/statuses/{sha}`, repos.createStatus, write('statuses')],
    ['GET', `${R}/commits/{ref}/status`, repos.combinedStatus, read('statuses')],
    ['GET', `${R}/commits/{ref}/statuses`, repos.listStatuses, read('statuses')],
    // Checks (people may call the write routes; the handler answers them GitHub's 403)
    ['POST', `${R}/check-runs`, checks.createRun, write('checks', 'read')],
    ['GET', `${R}/check-runs/{check_run_id}`, checks.getRun, read('checks')],
    ['PATCH', `${R}/check-runs/{check_run_id}`, checks.updateRun, write('checks', 'read')],
    ['GET', `${R}/check-runs/{check_run_id}/annotations`, checks.listAnnotations, read('checks')],
    ['POST', `${R}/check-suites`, checks.createSuite, write('checks', 'read')],
    ['GET', `${R}/check-suites/{check_suite_id}`, checks.getSuite, read('checks')],
    ['GET', `${R}/check-suites/{check_suite_id}/check-runs`, checks.listRunsInSuite, read('checks')],
    ['GET', `${R}/commits/{ref}/check-runs`, checks.listRunsForRef, read('checks')],
    ['GET', `${R}/commits/{ref}/check-suites`, checks.listSuitesForRef, read('checks')],
    // Issues
    ['GET', `${R}/issues`, issues.list, read('issues')],
    ['POST', `${R}/issues`, issues.create, write('issues')],
    ['GET', `${R}/issues/comments`, comments.listForRepo, read('issues')],
    ['GET', `${R}/issues/{issue_number}`, issues.get, read('issues')],
    ['PATCH', `${R}/issues/{issue_number}`, issues.update, write('issues')],
    ['GET', `${R}/issues/{issue_number}/labels`, issues.listLabels, read('issues')],
    ['POST', `${R}/issues/{issue_number}/labels`, issues.addLabels, write('issues', 'triage')],
    ['PUT', `${R}/issues/{issue_number}/labels`, issues.setLabels, write('issues', 'triage')],
    ['DELETE', `${R}/issues/{issue_number}/labels`, issues.removeAllLabels, write('issues', 'triage')],
    ['DELETE', `${R}/issues/{issue_number}/labels/{name}`, issues.removeLabel, write('issues', 'triage')],
    // Labels
    ['GET', `${R}/labels`, labels.list, read('issues')],
    ['POST', `${R}/labels`, labels.create, write('issues', 'write')],
    ['GET', `${R}/labels/{name}`, labels.get, read('issues')],
    ['PATCH', `${R}/labels/{name}`, labels.update, write('issues', 'write')],
    ['DELETE', `${R}/labels/{name}`, labels.remove, write('issues', 'write')],
    // Comments
    ['GET', `${R}/issues/{issue_number}/comments`, comments.list, read('issues')],
    ['POST', `${R}/issues/{issue_number}/comments`, comments.create, write('issues')],
    ['GET', `${R}/issues/comments/{comment_id}`, comments.get, read('issues')],
    ['PATCH', `${R}/issues/comments/{comment_id}`, comments.update, write('issues')],
    ['DELETE', `${R}/issues/comments/{comment_id}`, comments.remove, write('issues')],
    ['GET', `${R}/issues/comments/{comment_id}/reactions`, comments.listReactions, read('issues')],
    ['POST', `${R}/issues/comments/{comment_id}/reactions`, comments.react, write('issues')],
    // Sub-issues and dependencies
    ['GET', `${R}/issues/{issue_number}/sub_issues`, links.listSubIssues, read('issues')],
    ['POST', `${R}/issues/{issue_number}/sub_issues`, links.addSubIssue, write('issues', 'triage')],
    ['DELETE', `${R}/issues/{issue_number}/sub_issue`, links.removeSubIssue, write('issues', 'triage')],
    [
      'PATCH',
      `${R}/issues/{issue_number}/sub_issues/priority`,
      links.reprioritizeSubIssue,
      write('issues', 'triage'),
    ],
    ['GET', `${R}/issues/{issue_number}/parent`, links.parent, read('issues')],
    ['GET', `${R}/issues/{issue_number}/dependencies/blocked_by`, links.listBlockedBy, read('issues')],
    [
      'POST',
      `${R}/issues/{issue_number}/dependencies/blocked_by`,
      links.addBlockedBy,
      write('issues', 'triage'),
    ],
    [
      'DELETE',
      `${R}/issues/{issue_number}/dependencies/blocked_by/{issue_id}`,
      links.removeBlockedBy,
      write('issues', 'triage'),
    ],
    ['GET', `${R}/issues/{issue_number}/dependencies/blocking`, links.listBlocking, read('issues')],
    // Pull requests
    ['GET', `${R}/pulls`, pulls.list, read('pull_requests')],
    ['POST', `${R}/pulls`, pulls.create, write('pull_requests')],
    ['GET', `${R}/pulls/{pull_number}`, pulls.get, read('pull_requests')],
    ['PATCH', `${R}/pulls/{pull_number}`, pulls.update, write('pull_requests')],
    ['PUT', `${R}/pulls/{pull_number}/merge`, pulls.merge, write('contents', 'write')],
    ['GET', `${R}/pulls/{pull_number}/merge`, pulls.checkMerged, read('pull_requests')],
    ['PUT', `${R}/pulls/{pull_number}/update-branch`, pulls.updateBranch, write('contents', 'write')],
    ['GET', `${R}/pulls/{pull_number}/reviews`, reviews.list, read('pull_requests')],
    ['POST', `${R}/pulls/{pull_number}/reviews`, reviews.create, write('pull_requests')],
    ['GET', `${R}/pulls/{pull_number}/reviews/{review_id}`, reviews.get, read('pull_requests')],
    [
      'GET',
      `${R}/pulls/{pull_number}/reviews/{review_id}/comments`,
      reviews.listComments,
      read('pull_requests'),
    ],
    // Git Data API
    ['POST', `${R}/git/blobs`, git.createBlob, write('contents')],
    ['GET', `${R}/git/blobs/{file_sha}`, git.getBlob, read('contents')],
    ['POST', `${R}/git/trees`, git.createTree, write('contents')],
    ['GET', `${R}/git/trees/{tree_sha}`, git.getTree, read('contents')],
    ['POST', `${R}/git/commits`, git.createCommit, write('contents')],
    ['GET', `${R}/git/commits/{commit_sha}`, git.getCommit, read('contents')],
    ['GET', `${R}/git/ref/{ref}`, git.getRef, read('contents')],
    ['GET', `${R}/git/matching-refs/{ref}`, git.matchingRefs, read('contents')],
    ['POST', `${R}/git/refs`, git.createRef, write('contents')],
    ['PATCH', `${R}/git/refs/{ref}`, git.updateRef, write('contents')],
    ['DELETE', `${R}/git/refs/{ref}`, git.deleteRef, write('contents')],
  ];
}

export function registerRestRoutes(router: Router, store: SimStore): void {
  for (const [method, template, handler, options] of restRoutes(store)) {
    if (!handler) throw new Error(`No handler for ${method} ${template}`);
    router.add(method, template, handler, options);
  }
}
