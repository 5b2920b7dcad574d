/**
 * The simulator against GitHub's own description of its API: every route it serves exists in
 * @octokit/openapi, every response a real client gets validates against the operation's
 * response schema, and every webhook payload validates against its `x-webhooks` schema.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { createSign } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { specHasOperation, validateResponse, validateWebhook, webhookKey } from './openapi-validator.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/** Services the runner talks to that are not part of api.github.com (artifact results service, blob storage). */
const OUTSIDE_REST_API = [/^\/twirp\//, /^\/_sim\//];
/**
 * Defects of the spec itself, where no real answer could validate: the list of installations
 * inlines `account` as allOf(simple-user, enterprise) (GET /app/installations/{id} has anyOf).
 */
const SPEC_DEFECTS: Array<{ route: string; path: RegExp }> = [
  { route: 'GET /app/installations', path: /^\/\d+\/account / },
];
const isSpecDefect = (route: string, problem: string) =>
  SPEC_DEFECTS.some((d) => d.route === route && d.path.test(problem));

interface Answer {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

function appJwt(privateKey: string, appId: number): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: appId, iat: now - 30, exp: now + 540 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

describe('simulator: conformance to GitHub OpenAPI description', () => {
  let sim: Simulator;
  const answers: Answer[] = [];

  const record = (method: string, url: string, status: number, body: unknown) => {
    answers.push({ method, url, status, body });
  };

  /** An Octokit whose every answer (success or error) is validated against the spec. */
  const validatingOctokit = (auth: string) => {
    const kit = new Octokit({ baseUrl: sim.baseUrl, auth, log: quiet });
    kit.hook.wrap('request', async (request, options) => {
      try {
        const response = await request(options);
        record(options.method, options.url, response.status, response.data);
        return response;
      } catch (error) {
        const failed = error as { status?: number; response?: { data?: unknown } };
        record(options.method, options.url, failed.status ?? 0, failed.response?.data);
        throw error;
      }
    });
    return kit;
  };

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('acme', { type: 'Organization' });
    const alice = sim.createUser('alice');
    sim.createRepo('acme', 'conf', {
      files: { 'README.md': '# conf\n', '.github/drover.yml': 'workers: 2\n', 'src/a.txt': 'a\n' },
      requiredChecks: ['ci'],
    });
    sim.setPermission('acme/conf', 'alice', 'admin');
    const installationId = sim.installApp('acme/conf');
    const app = validatingOctokit(await sim.installationToken(installationId));
    const user = validatingOctokit(alice.token);
    const asJwt = validatingOctokit(appJwt(sim.app.privateKey, sim.app.id));
    const repo = { owner: 'acme', repo: 'conf' };
    const expectStatus = async (promise: Promise<unknown>, status: number) =>
      expect(promise).rejects.toMatchObject({ status });

    // App and installation
    await asJwt.rest.apps.getAuthenticated();
    await asJwt.rest.apps.listInstallations();
    await asJwt.rest.apps.getInstallation({ installation_id: installationId });
    await asJwt.rest.apps.getRepoInstallation(repo);
    await asJwt.rest.apps.createInstallationAccessToken({ installation_id: installationId });
    await app.rest.apps.listReposAccessibleToInstallation();
    await user.rest.users.getByUsername({ username: 'alice' });
    await user.rest.users.getAuthenticated();
    await app.rest.rateLimit.get();

    // Repository, contents, branches, commits, permission
    await app.rest.repos.get(repo);
    await user.rest.repos.get(repo);
    await app.rest.repos.getContent({ ...repo, path: '.github/drover.yml' });
    await app.rest.repos.getContent({ ...repo, path: 'src' });
    await expectStatus(app.rest.repos.getContent({ ...repo, path: 'missing.txt' }), 404);
    await app.rest.repos.listBranches(repo);
    const { data: main } = await app.rest.repos.getBranch({ ...repo, branch: 'main' });
    await app.rest.repos.getCommit({ ...repo, ref: 'main' });
    await app.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'alice' });

    // Labels and issues
    await app.rest.issues.createLabel({ ...repo, name: 'drover', color: '0e8a16', description: 'task' });
    await app.rest.issues.getLabel({ ...repo, name: 'drover' });
    await app.rest.issues.updateLabel({ ...repo, name: 'drover', description: 'a Drover task' });
    await app.rest.issues.listLabelsForRepo(repo);
    await app.rest.issues.createLabel({ ...repo, name: 'tmp' });
    await app.rest.issues.deleteLabel({ ...repo, name: 'tmp' });
    await expectStatus(app.rest.issues.createLabel({ ...repo, name: 'drover' }), 422);
    const { data: a } = await user.rest.issues.create({
      ...repo,
      title: 'A',
      body: 'first',
      labels: ['drover'],
      assignees: ['alice'],
    });
    const { data: b } = await app.rest.issues.create({ ...repo, title: 'B', labels: ['drover'] });
    const { data: c } = await app.rest.issues.create({ ...repo, title: 'C' });
    await app.rest.issues.get({ ...repo, issue_number: a.number });
    await expectStatus(app.rest.issues.get({ ...repo, issue_number: 999 }), 404);
    await app.rest.issues.listForRepo({ ...repo, labels: 'drover', state: 'all', per_page: 1 });
    await user.rest.issues.update({ ...repo, issue_number: a.number, body: 'edited', title: 'A!' });
    await app.rest.issues.addLabels({ ...repo, issue_number: b.number, labels: ['priority:high'] });
    await app.rest.issues.setLabels({ ...repo, issue_number: b.number, labels: ['drover', 'epic:x'] });
    await app.rest.issues.listLabelsOnIssue({ ...repo, issue_number: b.number });
    await app.rest.issues.removeLabel({ ...repo, issue_number: b.number, name: 'epic:x' });
    await app.rest.issues.removeAllLabels({ ...repo, issue_number: c.number });

    // Comments and reactions
    const { data: comment } = await app.rest.issues.createComment({
      ...repo,
      issue_number: a.number,
      body: 'status',
    });
    await app.rest.issues.getComment({ ...repo, comment_id: comment.id });
    await app.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: 'status v2' });
    await app.rest.issues.listComments({ ...repo, issue_number: a.number });
    await app.rest.issues.listCommentsForRepo({
      ...repo,
      since: '2020-01-01T00:00:00Z',
      sort: 'created',
      direction: 'asc',
    });
    await user.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: 'rocket' });
    await user.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: 'rocket' });
    await app.rest.reactions.listForIssueComment({ ...repo, comment_id: comment.id, content: 'rocket' });
    const { data: temp } = await user.rest.issues.createComment({
      ...repo,
      issue_number: a.number,
      body: 'bye',
    });
    await user.rest.issues.deleteComment({ ...repo, comment_id: temp.id });

    // Sub-issues and dependencies
    await app.rest.issues.addSubIssue({ ...repo, issue_number: a.number, sub_issue_id: b.id });
    await app.rest.issues.addSubIssue({ ...repo, issue_number: a.number, sub_issue_id: c.id });
    await app.rest.issues.reprioritizeSubIssue({
      ...repo,
      issue_number: a.number,
      sub_issue_id: c.id,
      before_id: b.id,
    });
    await app.rest.issues.listSubIssues({ ...repo, issue_number: a.number });
    await app.rest.issues.getParent({ ...repo, issue_number: b.number });
    await app.rest.issues.removeSubIssue({ ...repo, issue_number: a.number, sub_issue_id: c.id });
    await expectStatus(
      app.rest.issues.addSubIssue({ ...repo, issue_number: a.number, sub_issue_id: 987654 }),
      422,
    );
    await app.rest.issues.addBlockedByDependency({ ...repo, issue_number: c.number, issue_id: b.id });
    await app.rest.issues.listDependenciesBlockedBy({ ...repo, issue_number: c.number });
    await app.rest.issues.listDependenciesBlocking({ ...repo, issue_number: b.number });
    await app.rest.issues.removeDependencyBlockedBy({ ...repo, issue_number: c.number, issue_id: b.id });

    // Git Data API: a branch written without git
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: 'hello', encoding: 'utf-8' });
    await app.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    const { data: tree } = await app.rest.git.createTree({
      ...repo,
      base_tree: main.commit.commit.tree.sha,
      tree: [{ path: 'src/new.txt', mode: '100644', type: 'blob', content: 'new\n' }],
    });
    await app.rest.git.getTree({ ...repo, tree_sha: tree.sha, recursive: 'true' });
    const { data: commit } = await app.rest.git.createCommit({
      ...repo,
      message: 'Add new',
      tree: tree.sha,
      parents: [main.commit.sha],
    });
    await app.rest.git.getCommit({ ...repo, commit_sha: commit.sha });
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/drover/1-a', sha: commit.sha });
    await app.rest.git.getRef({ ...repo, ref: 'heads/drover/1-a' });
    await app.rest.git.listMatchingRefs({ ...repo, ref: 'heads/drover' });
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/scratch', sha: main.commit.sha });
    await app.rest.git.updateRef({ ...repo, ref: 'heads/scratch', sha: commit.sha });
    await app.rest.git.deleteRef({ ...repo, ref: 'heads/scratch' });
    await expectStatus(app.rest.git.getRef({ ...repo, ref: 'heads/nope' }), 404);
    await app.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...drover/1-a` });

    // Refs outside refs/heads and refs/tags, repository activity, repository settings
    await app.rest.git.createRef({ ...repo, ref: 'refs/drover/state', sha: main.commit.sha });
    await expectStatus(
      app.rest.git.createRef({ ...repo, ref: 'refs/drover/state', sha: main.commit.sha }),
      422,
    );
    await app.rest.git.createRef({ ...repo, ref: 'refs/tags/v1', sha: main.commit.sha });
    await app.rest.repos.listActivities({ ...repo, per_page: 2 });
    await app.rest.repos.listActivities({ ...repo, activity_type: 'branch_creation', direction: 'asc' });
    await user.rest.repos.update({ ...repo, delete_branch_on_merge: true });
    await expectStatus(app.rest.repos.update({ ...repo, delete_branch_on_merge: false }), 403);

    // Pull requests, statuses, merge
    const { data: pr } = await app.rest.pulls.create({
      ...repo,
      title: 'Task A',
      head: 'drover/1-a',
      base: 'main',
      body: `Closes #${a.number}`,
    });
    await app.rest.pulls.get({ ...repo, pull_number: pr.number });
    await app.rest.pulls.list({ ...repo, head: 'acme:drover/1-a', state: 'open' });
    await app.rest.pulls.update({ ...repo, pull_number: pr.number, body: `Closes #${a.number}\n\nDone.` });
    // Reviews: a person requests changes with an inline comment; the app reads them back.
    const { data: review } = await user.rest.pulls.createReview({
      ...repo,
      pull_number: pr.number,
      event: 'REQUEST_CHANGES',
      body: 'Please rename it.',
      comments: [{ path: 'README.md', line: 1, body: 'Here.' }],
    });
    await app.rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    await app.rest.pulls.getReview({ ...repo, pull_number: pr.number, review_id: review.id });
    await app.rest.pulls.listCommentsForReview({ ...repo, pull_number: pr.number, review_id: review.id });
    await expectStatus(app.rest.pulls.checkIfMerged({ ...repo, pull_number: pr.number }), 404);
    await expectStatus(app.rest.pulls.merge({ ...repo, pull_number: pr.number }), 405);
    await app.rest.repos.createCommitStatus({ ...repo, sha: commit.sha, state: 'success', context: 'ci' });
    await app.rest.repos.getCombinedStatusForRef({ ...repo, ref: commit.sha });
    await app.rest.repos.listCommitStatusesForRef({ ...repo, ref: commit.sha });

    // Checks, written as GitHub Actions (a GITHUB_TOKEN with checks: write)
    const actionsJob = validatingOctokit(sim.host.mintJobToken('acme/conf', { checks: 'write' }));
    const { data: checkRun } = await actionsJob.rest.checks.create({
      ...repo,
      name: 'lint',
      head_sha: commit.sha,
      status: 'in_progress',
    });
    await actionsJob.rest.checks.update({
      ...repo,
      check_run_id: checkRun.id,
      conclusion: 'failure',
      output: {
        title: 'Lint',
        summary: '1 problem',
        annotations: [
          { path: 'src/new.txt', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'bad' },
        ],
      },
    });
    await app.rest.checks.get({ ...repo, check_run_id: checkRun.id });
    await app.rest.checks.listAnnotations({ ...repo, check_run_id: checkRun.id });
    await app.rest.checks.listForRef({ ...repo, ref: 'drover/1-a' });
    const { data: suites } = await app.rest.checks.listSuitesForRef({ ...repo, ref: commit.sha });
    await app.rest.checks.getSuite({ ...repo, check_suite_id: suites.check_suites[0]!.id });
    await app.rest.checks.listForSuite({ ...repo, check_suite_id: suites.check_suites[0]!.id });
    await actionsJob.rest.checks.createSuite({ ...repo, head_sha: commit.sha });
    await expectStatus(app.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: main.commit.sha }), 409);
    await expectStatus(app.rest.pulls.updateBranch({ ...repo, pull_number: pr.number }), 422);
    await app.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'squash' });
    await app.rest.pulls.checkIfMerged({ ...repo, pull_number: pr.number });
    await app.rest.pulls.get({ ...repo, pull_number: pr.number });

    // A second PR that falls behind and is updated
    const { data: main2 } = await app.rest.repos.getBranch({ ...repo, branch: 'main' });
    const { data: t2 } = await app.rest.git.createTree({
      ...repo,
      base_tree: main.commit.commit.tree.sha,
      tree: [{ path: 'other.txt', mode: '100644', type: 'blob', content: 'o\n' }],
    });
    const { data: c2 } = await app.rest.git.createCommit({
      ...repo,
      message: 'Other',
      tree: t2.sha,
      parents: [main.commit.sha],
    });
    await app.rest.git.createRef({ ...repo, ref: 'refs/heads/drover/2-b', sha: c2.sha });
    const { data: pr2 } = await app.rest.pulls.create({
      ...repo,
      title: 'Task B',
      head: 'drover/2-b',
      base: 'main',
    });
    expect(main2.commit.sha).not.toBe(main.commit.sha);
    await app.rest.pulls.updateBranch({ ...repo, pull_number: pr2.number });
    await app.rest.pulls.update({ ...repo, pull_number: pr2.number, state: 'closed' });
    await user.rest.issues.update({
      ...repo,
      issue_number: c.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    await user.rest.issues.update({ ...repo, issue_number: c.number, state: 'open' });
    await sim.webhooks.settled();
  }, 120_000);
  afterAll(async () => sim.close());

  it('serves no route that GitHub does not have', () => {
    const unknown = sim
      .routes()
      .filter((r) => !OUTSIDE_REST_API.some((p) => p.test(r.template)))
      .filter((r) => !specHasOperation(r.method, r.template))
      .map((r) => `${r.method} ${r.template}`);
    expect(unknown).toEqual([]);
  });

  it('answers every exercised request with a body the spec allows', () => {
    const problems = answers.flatMap(({ method, url, status, body }) => {
      const found = validateResponse(method, url, status, body).filter(
        (p) => !isSpecDefect(`${method} ${url}`, p),
      );
      return found.length ? [`${method} ${url} ${status}: ${found.slice(0, 5).join('; ')}`] : [];
    });
    expect([...new Set(problems)]).toEqual([]);
  }, 120_000);

  it('exercises every core REST route', () => {
    const exercised = new Set(answers.map((a) => `${a.method} ${a.url}`));
    const core = sim
      .routes()
      .filter((r) => !r.template.includes('/actions/') && !OUTSIDE_REST_API.some((p) => p.test(r.template)));
    const missing = core.map((r) => `${r.method} ${r.template}`).filter((route) => !exercised.has(route));
    expect(missing).toEqual([]);
  });

  it('sends webhook payloads that validate against their x-webhooks schemas', () => {
    const deliveries = sim.webhooks.deliveries;
    const events = new Set(deliveries.map((d) => webhookKey(d.event, d.action)));
    for (const expected of [
      'issues-opened',
      'issues-labeled',
      'issues-edited',
      'issue-comment-created',
      'sub-issues-sub-issue-added',
      'issue-dependencies-blocked-by-added',
      'pull-request-opened',
      'pull-request-edited',
      'pull-request-synchronize',
      'pull-request-closed',
      'check-run-created',
      'check-run-completed',
      'check-suite-completed',
      'status',
      'push',
      'create',
      'delete',
      'installation-created',
    ]) {
      expect(events).toContain(expected);
    }
    const problems = deliveries
      .map((d) => ({
        key: webhookKey(d.event, d.action),
        problems: validateWebhook(webhookKey(d.event, d.action), d.payload),
      }))
      .filter((r) => r.problems.length > 0)
      .map((r) => `${r.key}: ${r.problems.slice(0, 5).join('; ')}`);
    expect([...new Set(problems)]).toEqual([]);
  }, 120_000);
});
